import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type InferredSchema, type Issue, type Table, type TableSchema, decodeColumns, decodeTableSchema, inferSchema } from '@synthkit/core'
import { either as E } from 'fp-ts'
import { atomicWrite } from './atomic-write'
import { CliError } from '../terminal/cli-error'
import { readCsvColumns } from './csv-read'
import { csvHeader, csvRowsBytes } from './csv-write'
import { readParquetColumns } from './parquet-read'
import { SCHEMA_METADATA_KEY, writeParquetChunks } from './parquet-write'

/** File formats the CLI reads and writes, chosen by file extension. */
export type TableFormat = 'csv' | 'parquet'

/** The format of a data file from its extension (.csv; .parquet or .pq), or a usage error naming the file. */
export function formatOf(path: string): TableFormat {
  const ext = extname(path).toLowerCase()
  if (ext === '.csv') return 'csv'
  if (ext === '.parquet' || ext === '.pq') return 'parquet'
  throw new CliError(`${path}: unknown file type "${ext || '(no extension)'}"; use .csv or .parquet`)
}

/** A data file read as raw columns, before any schema is applied. */
export interface RawTable {
  readonly path: string
  readonly format: TableFormat
  readonly header: readonly string[]
  readonly columns: Readonly<Record<string, ArrayLike<unknown>>>
  readonly nRows: number
  /** The schema a synthkit-written Parquet file carries in its metadata. */
  readonly embeddedSchema?: TableSchema
  readonly lineOfRow?: (row: number) => number
}

async function checkReadable(path: string): Promise<void> {
  const info = await stat(path).catch((e: { code?: string }) => {
    throw new CliError(`${path}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : `cannot open (${e.code ?? 'unknown error'})`}`)
  })
  if (info.isDirectory()) throw new CliError(`${path}: is a folder, expected a data file`)
}

/** Reads a CSV or Parquet file into raw columns (CSV: strings, '' missing). */
export async function readRawTable(path: string): Promise<RawTable> {
  const format = formatOf(path)
  await checkReadable(path)
  const columns = Object.create(null) as Record<string, ArrayLike<unknown>>
  if (format === 'csv') {
    const csv = await readCsvColumns(path)
    csv.header.forEach((h, j) => {
      columns[h] = csv.columns[j]
    })
    return { path, format, header: csv.header, columns, nRows: csv.nRows, lineOfRow: csv.lineOfRow }
  }
  const pq = await readParquetColumns(path)
  pq.header.forEach((h, j) => {
    columns[h] = pq.columns[j]
  })
  let embeddedSchema: TableSchema | undefined
  const text = pq.metadata[SCHEMA_METADATA_KEY]
  if (text !== undefined) {
    const decoded = decodeTableSchema(safeJson(text))
    if (E.isRight(decoded)) embeddedSchema = decoded.right
  }
  return { path, format, header: pq.header, columns, nRows: pq.nRows, embeddedSchema }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** A data file decoded into a Table, with the schema used and, when it was inferred, why. */
export interface LoadedTable {
  readonly raw: RawTable
  readonly table: Table
  readonly schema: TableSchema
  /** Present when no schema was given: the inferred schema and a reason per column. */
  readonly inferred?: InferredSchema
}

/**
 * Reads a data file and decodes it against `schema` (or the schema embedded in a synthkit Parquet file, or an
 * inferred one). A column the schema names but the file lacks, a column the schema does not know, and every
 * cell that does not fit its column are input errors that name the file, the row (and CSV line) and the column.
 */
export async function loadTable(path: string, options: { schema?: TableSchema; schemaLabel?: string } = {}): Promise<LoadedTable> {
  const raw = await readRawTable(path)
  if (raw.nRows === 0) throw new CliError(`${path}: no data rows (only a header)`)
  let inferred: InferredSchema | undefined
  let schema = options.schema ?? raw.embeddedSchema
  if (!schema) {
    inferred = inferSchema(raw.columns)
    schema = inferred.schema
  }
  const label = options.schemaLabel ?? 'the schema'
  const inFile = new Set(raw.header)
  const inSchema = new Set(schema.columns.map((c) => c.name))
  const missing = schema.columns.map((c) => c.name).filter((n) => !inFile.has(n))
  if (missing.length > 0) {
    throw new CliError(`${path} does not match ${label}: column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} missing from the data (the file has ${raw.header.join(', ')})`)
  }
  const extra = raw.header.filter((h) => !inSchema.has(h))
  if (extra.length > 0) {
    throw new CliError(`${path} does not match ${label}: column${extra.length > 1 ? 's' : ''} ${extra.map((m) => `"${m}"`).join(', ')} not in the schema`)
  }
  const decoded = decodeColumns(raw.columns, schema)
  if (E.isLeft(decoded)) {
    const issues = decoded.left.issues
    const where = (i: Issue) => (i.row !== undefined ? `row ${i.row + 1}${raw.lineOfRow ? ` (line ${raw.lineOfRow(i.row)})` : ''}, column "${i.column ?? i.path}"` : i.path)
    const first = issues[0]
    const more = issues.length > 1 ? ` (+${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : ''
    throw new CliError(`${path} does not match ${label}: ${first ? `${where(first)}: ${first.message}` : decoded.left.message}${more}`, undefined, issues.map((i) => `${where(i)}: ${i.message}`))
  }
  return { raw, table: decoded.right, schema, inferred }
}

/** SHA-256 of a file's bytes, hex: the lineage record of which input a model or card came from. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

/**
 * Writes a stream of table chunks (one schema) to CSV or Parquet, atomically: the file appears under its name
 * only once complete. `onChunk` is told the rows of each chunk written (for a progress bar).
 */
export async function writeTable(path: string, schema: TableSchema, chunks: Iterable<Table> | AsyncIterable<Table>, onChunk?: (rows: number) => void): Promise<void> {
  const format = formatOf(path)
  await atomicWrite(path, async (temp) => {
    if (format === 'parquet') {
      await writeParquetChunks(temp, schema, chunks, onChunk)
      return
    }
    async function* text(): AsyncGenerator<Uint8Array | string> {
      yield csvHeader({ schema, nRows: 0, columns: {} })
      for await (const chunk of chunks) {
        yield csvRowsBytes(chunk)
        onChunk?.(chunk.nRows)
      }
    }
    await pipeline(Readable.from(text()), createWriteStream(temp))
  })
}
