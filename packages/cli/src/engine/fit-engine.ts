// `synthkit fit --engine duckdb`: the copula's statistics computed by DuckDB where the file lies (larger than
// memory), the model built from them — the file is never loaded into this process.
import { stat } from 'node:fs/promises'
import type { TableSchema } from '@synthkit/core'
import { duckDbFileRelation, fitCopulaSql, inferSchemaSql, openDuckDb } from '@synthkit/engine'
import { checkWritable, writeTextAtomic } from '../io/atomic-write'
import { fileSha256 } from '../io/table-io'
import { MODEL_FILE_FORMAT, MODEL_FILE_VERSION, type ModelFile } from '../synthesizers/model-file'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { decodeFitOptions } from '../synthesizers/run'
import { CliError } from '../terminal/cli-error'
import type { Io } from '../terminal/io'
import { synthkitVersions } from '../versions'

/** Which engine computes the statistics of a fit. */
export type FitEngine = 'duckdb' | 'memory'

/**
 * Files at least this large (on disk, compressed or not) are fitted through DuckDB by default: about where reading
 * the whole table into memory costs more than 1 GB of heap (the 3M-row flights file is 37 MB of CSV and needs
 * 1.7 GB in memory).
 */
export const ENGINE_DEFAULT_BYTES = 32 * 1024 * 1024

/**
 * The engine a fit uses: the one asked for, else DuckDB for a copula fit of a file of at least
 * {@link ENGINE_DEFAULT_BYTES} with nothing that needs the rows in memory (holdout, card, privacy), else memory.
 */
export async function chooseEngine(
  asked: FitEngine | undefined,
  request: {
    data: string
    method: string
    holdoutFraction?: number
    card?: string
    epsilon?: number
    discover?: boolean
    constraints?: string
  },
): Promise<FitEngine> {
  if (asked !== undefined) return asked
  if (request.method !== 'copula' || request.holdoutFraction !== undefined || request.card || request.epsilon !== undefined) return 'memory'
  // constraint discovery and declared constraints run on the loaded table: the engine is the default only without them
  if (request.discover !== false || request.constraints !== undefined) return 'memory'
  if (request.data === '-') return 'memory'
  const size = (await stat(request.data)).size
  return size >= ENGINE_DEFAULT_BYTES ? 'duckdb' : 'memory'
}

/** What {@link fitWithDuckDb} needs. */
export interface EngineFitRequest {
  readonly data: string
  readonly schema?: TableSchema
  readonly schemaSource: string
  readonly method: string
  readonly out: string
  readonly seed?: number
  readonly options?: Readonly<Record<string, unknown>>
  readonly flags?: Readonly<Record<string, string>>
  /** DuckDB's memory_limit (default 256MB) and threads (default: all cores). */
  readonly memoryLimit?: string
  readonly threads?: number
}

/** Fits the copula through DuckDB and writes the model file (the same file format as the in-memory fit). */
export async function fitWithDuckDb(request: EngineFitRequest, io: Io, registry: SynthesizerRegistry): Promise<ModelFile> {
  if (request.method !== 'copula') throw new CliError(`--engine duckdb fits the copula only, not ${request.method}; use --engine memory`)
  const synthesizer = registry.get(request.method)
  const options = decodeFitOptions(synthesizer, request.options, request.flags) as { marginals?: never; enforceMinMax?: boolean }
  await checkWritable(request.out)
  const engine = await openDuckDb({ memoryLimit: request.memoryLimit ?? '256MB', threads: request.threads })
  try {
    const t0 = performance.now()
    const relation = duckDbFileRelation(request.data)
    const schema = request.schema ?? (await inferSchemaSql(engine, relation))
    const readSeconds = (performance.now() - t0) / 1000
    const t1 = performance.now()
    const { model, seconds } = await fitCopulaSql(
      engine,
      relation,
      { schema, marginals: options.marginals, enforceMinMax: options.enforceMinMax },
      () => performance.now(),
    )
    const fitSeconds = (performance.now() - t1) / 1000
    const file: ModelFile = {
      format: MODEL_FILE_FORMAT,
      version: MODEL_FILE_VERSION,
      method: synthesizer.method,
      lineage: {
        input: request.data,
        sha256: await fileSha256(request.data),
        rows: model.trainingRows,
        columns: schema.columns.length,
        seed: request.seed ?? null,
        fittedAt: io.now().toISOString(),
        fitSeconds,
        readSeconds,
        versions: synthkitVersions(registry),
        options: options as Record<string, unknown>,
        schemaSource: request.schema ? request.schemaSource : 'inferred by synthkit infer from the first 50,000 rows (DuckDB engine)',
        package: synthesizer.packageName,
        packageVersion: synthesizer.version,
        privacy: null,
      },
      model,
    }
    await writeTextAtomic(request.out, `${JSON.stringify(file)}\n`)
    io.out(
      `fitted copula through DuckDB on ${request.data} (${model.trainingRows.toLocaleString('en-US')} rows × ${schema.columns.length} columns): ` +
        `stage ${seconds.stage.toFixed(2)} s, statistics ${(seconds.marginals + seconds.layout + seconds.correlation).toFixed(2)} s → ${request.out}`,
    )
    return file
  } finally {
    await engine.close()
  }
}
