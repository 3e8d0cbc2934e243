import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import {
  type InferOptions,
  type InferredSchema,
  type Issue,
  type Table,
  type TableSchema,
  decodeColumns,
  decodeColumnsWithProblems,
  decodeTableSchema,
  inferSchema,
} from '@synthkit/core'
import { either as E } from 'fp-ts'
import { atomicWrite } from './atomic-write'
import { CliError } from '../terminal/cli-error'
import { readCsvColumns } from './csv-read'
import { csvHeader, csvRowsBytes } from './csv-write'
import { readParquetColumns } from './parquet-read'
import type { ReadProgressListener } from './read-progress'
import { SCHEMA_METADATA_KEY, writeParquetChunks } from './parquet-write'

/** File formats the CLI reads and writes, chosen by file extension (or given, for `-`). */
export type TableFormat = 'csv' | 'parquet'

const EXTENSIONS: readonly (readonly [string, TableFormat])[] = [
  ['.csv', 'csv'],
  ['.csv.gz', 'csv'],
  ['.tsv', 'csv'],
  ['.tsv.gz', 'csv'],
  ['.txt', 'csv'],
  ['.parquet', 'parquet'],
  ['.pq', 'parquet'],
]

/**
 * The format of a data file from its extension (.csv, .csv.gz, .tsv, .tsv.gz, .txt; .parquet or .pq), or a
 * usage error naming the file. `-` (standard input or output) is CSV unless `given` says otherwise.
 */
export function formatOf(path: string, given?: TableFormat): TableFormat {
  if (given !== undefined) return given
  if (path === '-') return 'csv'
  const lower = path.toLowerCase()
  const hit = EXTENSIONS.find(([ext]) => lower.endsWith(ext))
  if (hit) return hit[1]
  const ext = /\.[^./\\]+$/.exec(lower)?.[0]
  throw new CliError(`${path}: unknown file type "${ext ?? '(no extension)'}"; use .csv, .csv.gz, .tsv or .parquet`)
}

/** How to read a data file: all optional (format from the extension, CSV dialect detected). */
export interface ReadOptions {
  /** The format, needed only for `-` holding Parquet. */
  readonly format?: TableFormat
  /** CSV field separator (detected when not given; tab for .tsv). */
  readonly delimiter?: string
  /** CSV text encoding (UTF-8 when not given). */
  readonly encoding?: string
  /** Told how far the read is: bytes of a CSV file (compressed bytes of a .gz), row groups of a Parquet file. */
  readonly onProgress?: ReadProgressListener
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
  /** SHA-256 (hex) of the bytes read (of the CSV text for .csv.gz), for lineage also when reading stdin. */
  readonly sha256: string
  /** SHA-256 (hex) of the file's bytes as stored, hashed during the read (absent for standard input). */
  readonly fileSha256?: string
  /** The CSV delimiter and encoding used (detected or given). */
  readonly delimiter?: string
  readonly encoding?: string
}

async function checkReadable(path: string): Promise<void> {
  if (path === '-') return
  const info = await stat(path).catch((e: { code?: string }) => {
    throw new CliError(
      `${path}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : `cannot open (${e.code ?? 'unknown error'})`}`,
    )
  })
  if (info.isDirectory()) throw new CliError(`${path}: is a folder, expected a data file`)
}

/** Reads a CSV or Parquet file (`-`: standard input) into raw columns (CSV: strings, '' missing). */
export async function readRawTable(path: string, options: ReadOptions = {}): Promise<RawTable> {
  const format = formatOf(path, options.format)
  await checkReadable(path)
  const columns = Object.create(null) as Record<string, ArrayLike<unknown>>
  if (format === 'csv') {
    const tsv = /\.tsv(\.gz)?$/i.test(path)
    const csv = await readCsvColumns(path, {
      delimiter: options.delimiter ?? (tsv ? '\t' : undefined),
      encoding: options.encoding,
      onProgress: options.onProgress,
    })
    csv.header.forEach((h, j) => {
      columns[h] = csv.columns[j]
    })
    return {
      path,
      format,
      header: csv.header,
      columns,
      nRows: csv.nRows,
      lineOfRow: csv.lineOfRow,
      sha256: csv.sha256,
      ...(path === '-' ? {} : { fileSha256: csv.fileSha256 }),
      delimiter: csv.delimiter,
      encoding: csv.encoding,
    }
  }
  const pq = await readParquetColumns(path, { onProgress: options.onProgress })
  pq.header.forEach((h, j) => {
    columns[h] = pq.columns[j]
  })
  let embeddedSchema: TableSchema | undefined
  const text = pq.metadata[SCHEMA_METADATA_KEY]
  if (text !== undefined) {
    const decoded = decodeTableSchema(safeJson(text))
    if (E.isRight(decoded)) embeddedSchema = decoded.right
  }
  const sha256 = pq.sha256 ?? (await fileSha256(path))
  return {
    path,
    format,
    header: pq.header,
    columns,
    nRows: pq.nRows,
    embeddedSchema,
    sha256,
    ...(path === '-' ? {} : { fileSha256: sha256 }),
  }
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
  /** Present when no schema was given: the inferred schema, a reason and the problems per column. */
  readonly inferred?: InferredSchema
  /**
   * Cells that did not fit their column and were read as missing (only with `invalidCells: 'missing'`), each
   * with its row and column, and how many there were in all (the list stops at 1000).
   */
  readonly cellProblems: readonly Issue[]
  readonly cellProblemCount: number
}

/** How {@link loadTable} reads and decodes a file. */
export interface LoadOptions extends ReadOptions {
  /** The schema to decode with; without one, the file's embedded schema or an inferred one. */
  readonly schema?: TableSchema
  /** How the schema is named in messages ("the schema", "schema.json"). */
  readonly schemaLabel?: string
  /** Options of schema inference (missing markers, id columns, kinds …), when the schema is inferred. */
  readonly infer?: InferOptions
  /**
   * A cell that does not fit its column: `error` fails the load naming it; `missing` reads it as missing and
   * lists it in `cellProblems` (inference reported the same cells). Default: `missing` for an inferred schema,
   * `error` for a given one.
   */
  readonly invalidCells?: 'error' | 'missing'
}

/**
 * Reads a data file and decodes it against `schema` (or the schema embedded in a synthkit Parquet file, or an
 * inferred one). A column the schema names but the file lacks, a column the schema does not know, and every
 * cell that does not fit its column are input errors that name the file, the row (and CSV line) and the column.
 */
export async function loadTable(path: string, options: LoadOptions = {}): Promise<LoadedTable> {
  const raw = await readRawTable(path, options)
  if (raw.nRows === 0) throw new CliError(`${path}: no data rows (only a header)`)
  let inferred: InferredSchema | undefined
  let schema = options.schema ?? raw.embeddedSchema
  if (!schema) {
    inferred = inferSchema(raw.columns, options.infer)
    schema = inferred.schema
  }
  const invalidCells = options.invalidCells ?? (inferred ? 'missing' : 'error')
  const label = options.schemaLabel ?? 'the schema'
  const inFile = new Set(raw.header)
  const inSchema = new Set(schema.columns.map((c) => c.name))
  const missing = schema.columns.map((c) => c.name).filter((n) => !inFile.has(n))
  if (missing.length > 0) {
    throw new CliError(
      `${path} does not match ${label}: column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} missing from the data (the file has ${raw.header.join(', ')})`,
    )
  }
  const extra = raw.header.filter((h) => !inSchema.has(h))
  if (extra.length > 0) {
    throw new CliError(
      `${path} does not match ${label}: column${extra.length > 1 ? 's' : ''} ${extra.map((m) => `"${m}"`).join(', ')} not in the schema`,
    )
  }
  const where = (i: Issue) =>
    i.row !== undefined
      ? `row ${i.row + 1}${raw.lineOfRow ? ` (line ${raw.lineOfRow(i.row)})` : ''}, column "${i.column ?? i.path}"`
      : i.path
  if (invalidCells === 'missing') {
    const lenient = decodeColumnsWithProblems(raw.columns, schema)
    if (E.isLeft(lenient))
      throw new CliError(
        `${path} does not match ${label}: ${lenient.left.issues[0] ? `${where(lenient.left.issues[0])}: ${lenient.left.issues[0].message}` : lenient.left.message}`,
      )
    return {
      raw,
      table: lenient.right.table,
      schema,
      inferred,
      cellProblems: lenient.right.problems,
      cellProblemCount: lenient.right.problemCount,
    }
  }
  const decoded = decodeColumns(raw.columns, schema)
  if (E.isLeft(decoded)) {
    const issues = decoded.left.issues
    const first = issues[0]
    const more = issues.length > 1 ? ` (+${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : ''
    throw new CliError(
      `${path} does not match ${label}: ${first ? `${where(first)}: ${first.message}` : decoded.left.message}${more}`,
      undefined,
      issues.map((i) => `${where(i)}: ${i.message}`),
    )
  }
  return { raw, table: decoded.right, schema, inferred, cellProblems: [], cellProblemCount: 0 }
}

/** SHA-256 of a file's bytes, hex: the lineage record of which input a model or card came from. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

/**
 * Writes a stream of table chunks (one schema) to CSV (`.csv`, gzip-compressed for `.csv.gz`) or Parquet,
 * atomically: the file appears under its name only once complete. `-` writes to standard output (CSV unless
 * `options.format` says Parquet). `onChunk` is told the rows of each chunk written (for a progress bar).
 * `options.metadata` adds Parquet key/value entries (the provenance mark; CSV carries it in a sidecar instead).
 */
export async function writeTable(
  path: string,
  schema: TableSchema,
  chunks: Iterable<Table> | AsyncIterable<Table>,
  onChunk?: (rows: number) => void,
  options: { format?: TableFormat; stdout?: Writable; metadata?: readonly { readonly key: string; readonly value: string }[] } = {},
): Promise<void> {
  const format = formatOf(path, options.format)
  const toStdout = path === '-'
  const stdout = options.stdout ?? process.stdout
  async function* text(): AsyncGenerator<Uint8Array | string> {
    yield csvHeader({ schema, nRows: 0, columns: {} })
    for await (const chunk of chunks) {
      yield csvRowsBytes(chunk)
      onChunk?.(chunk.nRows)
    }
  }
  if (toStdout && format === 'csv') {
    await pipeline(Readable.from(text()), stdout, { end: stdout !== process.stdout })
    return
  }
  if (toStdout) {
    // Parquet's footer is written last: build the file in a private temp folder, then copy it out.
    const dir = mkdtempSync(join(tmpdir(), 'synthkit-'))
    try {
      const temp = join(dir, 'out.parquet')
      await writeParquetChunks(temp, schema, chunks, onChunk, { metadata: options.metadata })
      await pipeline(createReadStream(temp), stdout, { end: stdout !== process.stdout })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    return
  }
  await atomicWrite(path, async (temp) => {
    if (format === 'parquet') {
      await writeParquetChunks(temp, schema, chunks, onChunk, { metadata: options.metadata })
      return
    }
    if (path.toLowerCase().endsWith('.gz')) await pipeline(Readable.from(text()), createGzip(), createWriteStream(temp))
    else await pipeline(Readable.from(text()), createWriteStream(temp))
  })
}
