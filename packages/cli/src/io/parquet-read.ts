import { createHash } from 'node:crypto'
import { type AsyncBuffer, asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { CliError } from '../terminal/cli-error'
import type { ReadProgressListener } from './read-progress'

/** A Parquet file as raw columns (numbers, strings, booleans, Dates, null for missing), plus its key/value metadata. */
export interface ParquetColumns {
  readonly header: readonly string[]
  readonly columns: readonly unknown[][]
  readonly nRows: number
  readonly metadata: Readonly<Record<string, string>>
  /** SHA-256 of the bytes, when they came from standard input (a file is hashed by reading it again). */
  readonly sha256?: string
}

/** Converts one decoded Parquet value into what synthkit's decoders take; nested and binary values are refused. */
function plainValue(path: string, column: string, v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') {
    // A 64-bit integer a double cannot hold stays a bigint: inference keeps such a column exact (as an id or text)
    // and the numerical decoder refuses it, instead of rounding every key to a nearby even number.
    const n = Number(v)
    return Number.isSafeInteger(n) ? n : v
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v
  throw new CliError(
    `${path}: column "${column}" holds ${v instanceof Uint8Array ? 'binary data' : 'nested values'}, which synthkit does not read (flat tables only)`,
  )
}

/** Standard input read whole (Parquet's footer is at the end: it cannot be streamed). */
async function stdinBuffer(): Promise<{ buffer: AsyncBuffer; sha256: string }> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const all = Buffer.concat(chunks)
  const bytes = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength)
  return {
    buffer: { byteLength: bytes.byteLength, slice: (start, end) => bytes.slice(start, end) },
    sha256: createHash('sha256').update(all).digest('hex'),
  }
}

/** How to read a Parquet file. */
export interface ParquetReadOptions {
  /** Told the row groups decoded so far, of all the file has, after each one. */
  readonly onProgress?: ReadProgressListener
}

/**
 * Reads a flat Parquet file (`-`: standard input) with hyparquet, pure JavaScript, with every codec Parquet
 * writers use: snappy, gzip, brotli, ZSTD, LZ4 and LZ4_RAW (hyparquet-compressors). INT64 values become numbers
 * when exact and stay bigints otherwise; timestamps and dates become Dates. Row groups are decoded one after the
 * other (each one's progress is reported).
 */
export async function readParquetColumns(path: string, options: ParquetReadOptions = {}): Promise<ParquetColumns> {
  let file
  let meta
  let sha256: string | undefined
  try {
    if (path === '-') {
      const stdin = await stdinBuffer()
      file = stdin.buffer
      sha256 = stdin.sha256
    } else file = await asyncBufferFromFile(path)
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
  const groups = meta.row_groups.map((g) => Number(g.num_rows))
  try {
    let groupStart = 0
    for (let g = 0; g < groups.length; g++) {
      await parquetRead({
        file,
        metadata: meta,
        compressors,
        rowStart: groupStart,
        rowEnd: groupStart + groups[g],
        onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
          const j = index.get(columnName)
          if (j === undefined) return
          const out = columns[j]
          for (let r = rowStart, i = 0; r < rowEnd && r < nRows; r++, i++) out[r] = plainValue(path, columnName, columnData[i])
        },
      })
      groupStart += groups[g]
      options.onProgress?.({ unit: 'row groups', done: g + 1, total: groups.length })
    }
  } catch (e) {
    if (e instanceof CliError) throw e
    throw new CliError(`${path}: cannot decode the Parquet data (${(e as Error).message})`)
  }
  const metadata: Record<string, string> = {}
  for (const kv of meta.key_value_metadata ?? []) if (kv.value !== undefined) metadata[kv.key] = kv.value
  return { header, columns, nRows, metadata, sha256 }
}
