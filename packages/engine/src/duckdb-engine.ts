import { SynthkitError, type TableSchema } from '@synthkit/core'
import { typedCsvOptions } from './typed-csv'
import { literal } from './internal/sql-text'
import type { SqlEngine, SqlRow } from './sql-engine'

/** Options of {@link openDuckDb}: DuckDB's own settings, which bound its memory whatever the size of the data. */
export interface DuckDbOptions {
  /** DuckDB's `memory_limit` (default `'256MB'`): beyond it, sorts, aggregates and staged tables spill to disk. */
  readonly memoryLimit?: string
  /** Worker threads (default: DuckDB's, the number of cores). */
  readonly threads?: number
  /** Where DuckDB spills (default: its own temporary directory next to the database, `.tmp` for in-memory). */
  readonly tempDirectory?: string
}

/** The shape of `@duckdb/node-api` this package uses (so that the module stays an optional peer). */
interface DuckDbModule {
  DuckDBInstance: {
    create(
      path: string,
      options?: Record<string, string>,
    ): Promise<{
      connect(): Promise<{
        runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }>
        run(sql: string): Promise<unknown>
        closeSync?(): void
        disconnectSync?(): void
      }>
      closeSync?(): void
    }>
  }
}

/**
 * Opens an embedded DuckDB (through the official `@duckdb/node-api`, an optional peer dependency: install it next
 * to this package) as a {@link SqlEngine}. Throws SynthkitError `UNSUPPORTED` naming the package when it is absent.
 */
export async function openDuckDb(options: DuckDbOptions = {}): Promise<SqlEngine> {
  let mod: DuckDbModule
  try {
    mod = (await import('@duckdb/node-api')) as unknown as DuckDbModule
  } catch (cause) {
    throw new SynthkitError('UNSUPPORTED', 'The DuckDB engine needs the package @duckdb/node-api: npm install @duckdb/node-api', [
      { path: 'engine', message: `@duckdb/node-api could not be loaded (${(cause as Error).message.split('\n')[0]})` },
    ])
  }
  const settings: Record<string, string> = { memory_limit: options.memoryLimit ?? '256MB' }
  if (options.threads !== undefined) settings.threads = String(options.threads)
  if (options.tempDirectory !== undefined) settings.temp_directory = options.tempDirectory
  // insertion order is not needed by any pass: letting DuckDB drop it bounds the memory of CREATE TABLE AS
  settings.preserve_insertion_order = 'false'
  const instance = await mod.DuckDBInstance.create(':memory:', settings)
  const connection = await instance.connect()
  const limit = settings.memory_limit
  return {
    dialect: 'duckdb',
    async query(sql: string): Promise<readonly SqlRow[]> {
      try {
        return (await connection.runAndReadAll(sql)).getRowObjectsJS()
      } catch (e) {
        throw outOfMemory(e, limit)
      }
    },
    async run(sql: string): Promise<void> {
      try {
        await connection.run(sql)
      } catch (e) {
        throw outOfMemory(e, limit)
      }
    },
    async close(): Promise<void> {
      connection.disconnectSync?.()
      instance.closeSync?.()
    },
  }
}

/**
 * DuckDB's "Out of Memory Error" as a typed error naming the setting to raise (any other error unchanged): what
 * DuckDB cannot spill to disk — its per-thread working vectors, the widest rows — must fit under `memory_limit`.
 */
function outOfMemory(e: unknown, limit: string): unknown {
  const message = e instanceof Error ? e.message : String(e)
  if (!/^Out of Memory Error/i.test(message)) return e
  return new SynthkitError('OPTIONS_INVALID', `DuckDB needed more memory than its memory_limit of ${limit}`, [
    {
      path: 'memoryLimit',
      message: `${message.split('\n')[0]}; raise memoryLimit (synthkit fit --engine-memory, e.g. 1GB) or lower threads`,
    },
  ])
}

/** A file format DuckDB reads where it lies. */
export type FileFormat = 'csv' | 'parquet'

/** The format of a path by its name: `.parquet` / `.pq` → Parquet; anything else (`.csv`, `.csv.gz`, `.tsv`) → CSV. */
export function fileFormatOf(path: string): FileFormat {
  return /\.(parquet|pq)$/i.test(path) ? 'parquet' : 'csv'
}

/** Options of {@link duckDbFileRelation}. */
export interface FileRelationOptions {
  /** The format (default: by the file's name, see {@link fileFormatOf}). */
  readonly format?: FileFormat
  /** The CSV delimiter (default: DuckDB's sniffer). */
  readonly delimiter?: string
  /**
   * CSV only: the schema the file will be read by. Its numerical columns are then typed by DuckDB's CSV reader
   * (and its missing markers read as NULL) where that cannot read a cell differently from the all-text read — about
   * a third less work than reading text and casting. Such a read fails (a Conversion Error, or `DATA_INVALID` for a
   * `nan`/`inf` cell) on cells the text read would decide by core's rules: then fit over the relation without
   * `schema` ({@link isTypedReadFailure} tells those errors apart). Ignored when the schema does not allow it.
   */
  readonly schema?: TableSchema
}

/**
 * DuckDB's relation over a file: `read_parquet` (any codec DuckDB reads), or `read_csv` with every column as text
 * (the engine reads cells by the schema's rules, as core does; gzip by the `.gz` name), header row required — or
 * with the numerical columns typed, given `schema` (see {@link FileRelationOptions}).
 */
export function duckDbFileRelation(path: string, options: FileRelationOptions = {}): string {
  const format = options.format ?? fileFormatOf(path)
  if (format === 'parquet') return `read_parquet(${literal(path)})`
  const delim = options.delimiter === undefined ? '' : `, delim = ${literal(options.delimiter)}`
  const typed = options.schema ? typedCsvOptions(options.schema) : null
  return `read_csv(${literal(path)}, header = true, all_varchar = true${typed ? `, ${typed}` : ''}${delim}, quote = '"', escape = '"', null_padding = false)`
}
