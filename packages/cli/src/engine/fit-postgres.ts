// `synthkit fit --engine postgres --table name`: a method's statistics computed by a PostgreSQL server over one of
// its tables (@synthkit/engine's fits through `pg`, an optional peer loaded only here), the model built from them —
// the rows never reach this process. The connection comes from --url, else PGURL or DATABASE_URL, else pg's own PG*
// variables; the password is never printed nor recorded.
import { type TableSchema, isSynthkitError } from '@synthkit/core'
import { type SqlEngine, inferSchemaSql, openPostgres } from '@synthkit/engine'
import { sha256Hex } from '../governance/canonical-json'
import { checkWritable } from '../io/atomic-write'
import { type ModelFile } from '../synthesizers/model-file'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { decodeFitOptions } from '../synthesizers/run'
import { writeEngineModel } from './fit-engine'
import { CliError } from '../terminal/cli-error'
import type { Io } from '../terminal/io'

/** The environment variables a connection URL is read from when --url is not given, in order. */
export const POSTGRES_URL_VARIABLES = ['PGURL', 'DATABASE_URL'] as const

/** What {@link fitWithPostgres} needs. */
export interface PostgresFitRequest {
  /** `postgres://user:password@host:port/database` (default: the first of PGURL, DATABASE_URL; else pg's PG* variables). */
  readonly url?: string
  /** The table: `name` or `schema.name` (each part quoted as an identifier). */
  readonly table: string
  readonly schema?: TableSchema
  readonly schemaSource: string
  readonly method: string
  readonly out: string
  readonly seed?: number
  readonly options?: Readonly<Record<string, unknown>>
  readonly flags?: Readonly<Record<string, string>>
  /** The environment (PGURL, DATABASE_URL); default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>
}

/** A connection URL with its password removed (what the CLI prints and records), or a note that it is not one. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = ''
    return parsed.toString()
  } catch {
    return '(a connection string that is not a URL)'
  }
}

/** The table name as SQL: each dot-separated part a quoted identifier; an empty part is a usage error. */
export function tableRelation(table: string): string {
  const parts = table.split('.')
  if (parts.length > 2 || parts.some((p) => p.trim() === ''))
    throw new CliError(`--table: expected a table name or schema.name, got "${table}"`)
  return parts.map((p) => `"${p.replaceAll('"', '""')}"`).join('.')
}

/** The URL to connect with, and where it came from (for messages): --url, then PGURL, DATABASE_URL. */
function connectionUrl(request: PostgresFitRequest): { url?: string; from: string } {
  if (request.url !== undefined) return { url: request.url, from: '--url' }
  const env = request.env ?? process.env
  for (const name of POSTGRES_URL_VARIABLES) {
    const v = env[name]
    if (v !== undefined && v !== '') return { url: v, from: name }
  }
  return { from: "pg's PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE" }
}

/** A server's error (pg's DatabaseError carries a five-character SQLSTATE) or a network one: an input error, not a bug. */
function serverError(e: unknown, where: string, password: string | undefined): CliError | null {
  if (isSynthkitError(e)) return null
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown }
  if (typeof message !== 'string' || typeof code !== 'string' || !/^([0-9A-Z]{5}|E[A-Z]+)$/.test(code)) return null
  const text = password ? message.replaceAll(password, '***') : message
  return new CliError(`PostgreSQL (${where}): ${text.split('\n')[0]} [${code}]`)
}

/**
 * Fits a method through a PostgreSQL server and writes the model file (the format of every fit). The lineage's
 * `input` is the redacted URL and the table; its `sha256` hashes the row count and the sum of every row's 64-bit
 * hash (`hashtextextended` of the row's text): it changes with the rows, not with their order (a table has no file
 * bytes to hash).
 */
export async function fitWithPostgres(request: PostgresFitRequest, io: Io, registry: SynthesizerRegistry): Promise<ModelFile> {
  const synthesizer = registry.get(request.method)
  const fitter = registry.engineFitter(request.method)
  if (!fitter) {
    const able = registry.synthesizers.filter((s) => registry.engineFitter(s.method)).map((s) => s.method)
    throw new CliError(`--engine postgres fits ${able.join(', ') || 'no method'}, not ${request.method}; use --engine memory on an export`)
  }
  const relation = tableRelation(request.table)
  const options = decodeFitOptions(synthesizer, request.options, request.flags) as Record<string, unknown>
  await checkWritable(request.out)
  const { url, from } = connectionUrl(request)
  let password: string | undefined
  if (url !== undefined)
    try {
      password = decodeURIComponent(new URL(url).password) || undefined
    } catch {
      throw new CliError(`${from}: expected a postgres://user:password@host:port/database URL`)
    }
  const where = url === undefined ? from : redactUrl(url)
  let engine: SqlEngine
  try {
    engine = await openPostgres(url === undefined ? {} : { connectionString: url })
  } catch (e) {
    throw serverError(e, `connecting to ${where}`, password) ?? e
  }
  try {
    const t0 = performance.now()
    const schema = request.schema ?? (await inferSchemaSql(engine, relation))
    const [digest] = await engine.query(
      `SELECT count(*) AS n, sum(CAST(hashtextextended(CAST(t AS text), 0) AS numeric)) AS h FROM ${relation} t`,
    )
    const readSeconds = (performance.now() - t0) / 1000
    const t1 = performance.now()
    const fit = await fitter.fit(engine, relation, schema, options, { seed: request.seed })
    const fitSeconds = (performance.now() - t1) / 1000
    return await writeEngineModel(
      {
        engine: 'PostgreSQL',
        input: `${where} table ${relation}`,
        sha256: sha256Hex(`synthkit postgres table digest: rows ${String(digest.n)}, sum of row hashes ${String(digest.h ?? 0)}`),
        schema,
        schemaSource: request.schema ? request.schemaSource : undefined,
        method: request.method,
        out: request.out,
        seed: request.seed,
        options,
        privacy: null,
        fit,
        readSeconds,
        fitSeconds,
      },
      io,
      registry,
    )
  } catch (e) {
    throw serverError(e, where, password) ?? e
  } finally {
    await engine.close().catch(() => undefined)
  }
}
