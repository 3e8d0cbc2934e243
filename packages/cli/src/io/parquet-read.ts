import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet'
import { CliError } from '../terminal/cli-error'

/** A Parquet file as raw columns (numbers, strings, booleans, Dates, null for missing), plus its key/value metadata. */
export interface ParquetColumns {
  readonly header: readonly string[]
  readonly columns: readonly unknown[][]
  readonly nRows: number
  readonly metadata: Readonly<Record<string, string>>
}

/** Converts one decoded Parquet value into what synthkit's decoders take; nested and binary values are refused. */
function plainValue(path: string, column: string, v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') {
    const n = Number(v)
    if (!Number.isSafeInteger(n)) throw new CliError(`${path}: column "${column}" holds the integer ${v}, too large to represent exactly`)
    return n
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v
  throw new CliError(`${path}: column "${column}" holds ${v instanceof Uint8Array ? 'binary data' : 'nested values'}, which synthkit does not read (flat tables only)`)
}

/**
 * Reads a flat Parquet file with hyparquet (pure JavaScript: snappy built in; other codecs are reported).
 * INT64 values become numbers when exact, timestamps become Dates.
 */
export async function readParquetColumns(path: string): Promise<ParquetColumns> {
  let file
  let meta
  try {
    file = await asyncBufferFromFile(path)
    meta = await parquetMetadataAsync(file)
  } catch (e) {
    if ((e as { code?: string }).code) throw e
    throw new CliError(`${path}: not a readable Parquet file (${(e as Error).message})`)
  }
  const tree = parquetSchema(meta)
  const nested = tree.children.filter((c) => c.children.length > 0).map((c) => c.element.name)
  if (nested.length > 0) throw new CliError(`${path}: nested column ${nested[0]}: synthkit reads flat tables only`)
  const header = tree.children.map((c) => c.element.name)
  const nRows = Number(meta.num_rows)
  const columns: unknown[][] = header.map(() => new Array(nRows))
  const index = new Map(header.map((h, j) => [h, j]))
  try {
    await parquetRead({
      file,
      metadata: meta,
      onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
        const j = index.get(columnName)
        if (j === undefined) return
        const out = columns[j]
        for (let r = rowStart, i = 0; r < rowEnd && r < nRows; r++, i++) out[r] = plainValue(path, columnName, columnData[i])
      },
    })
  } catch (e) {
    if (e instanceof CliError) throw e
    throw new CliError(`${path}: cannot decode the Parquet data (${(e as Error).message})`)
  }
  const metadata: Record<string, string> = {}
  for (const kv of meta.key_value_metadata ?? []) if (kv.value !== undefined) metadata[kv.key] = kv.value
  return { header, columns, nRows, metadata }
}
