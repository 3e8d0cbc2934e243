// `synthkit fit --engine duckdb`: a method's statistics computed by DuckDB where the file lies (larger than memory),
// the model built from them — the file is never loaded into this process. Which methods can: the registry's engine
// fitters.
import { stat } from 'node:fs/promises'
import type { TableSchema } from '@synthkit/core'
import { type SqlEngine, duckDbFileRelation, inferSchemaSql, isTypedReadFailure, openDuckDb } from '@synthkit/engine'
import { checkWritable, writeTextAtomic } from '../io/atomic-write'
import { fileSha256 } from '../io/table-io'
import { MODEL_FILE_FORMAT, MODEL_FILE_VERSION, type ModelFile } from '../synthesizers/model-file'
import type { EngineFitter, SynthesizerRegistry } from '../synthesizers/registry'
import { decodeFitOptions } from '../synthesizers/run'
import { privacySpentLine, requestedPrivacy } from '../synthesizers/privacy-budget'
import { CliError } from '../terminal/cli-error'
import type { Io } from '../terminal/io'
import { synthkitVersions } from '../versions'

/** Which engine computes the statistics of a fit (postgres: a server's table, see fit-postgres.ts). */
export type FitEngine = 'duckdb' | 'memory' | 'postgres'

/**
 * Files at least this large (on disk, compressed or not) are fitted through DuckDB by default: about where reading
 * the whole table into memory costs more than 1 GB of heap (the 3M-row flights file is 37 MB of CSV and needs
 * 1.7 GB in memory).
 */
export const ENGINE_DEFAULT_BYTES = 32 * 1024 * 1024

/**
 * The engine a fit uses: the one asked for, else DuckDB for a fit by a method with an engine fitter of a file of at least
 * {@link ENGINE_DEFAULT_BYTES} with nothing that needs the rows in memory (holdout, card, privacy), else memory.
 */
export async function chooseEngine(
  asked: FitEngine | undefined,
  registry: SynthesizerRegistry,
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
  if (!registry.engineFitter(request.method) || request.holdoutFraction !== undefined || request.card || request.epsilon !== undefined)
    return 'memory'
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
  /** The privacy budget of a differentially private method (`--epsilon`, `--delta`). */
  readonly epsilon?: number
  readonly delta?: number
}

/** Fits a method through DuckDB and writes the model file (the same file format as the in-memory fit). */
export async function fitWithDuckDb(request: EngineFitRequest, io: Io, registry: SynthesizerRegistry): Promise<ModelFile> {
  const synthesizer = registry.get(request.method)
  const fitter = registry.engineFitter(request.method)
  if (!fitter) {
    const able = registry.synthesizers.filter((s) => registry.engineFitter(s.method)).map((s) => s.method)
    throw new CliError(`--engine duckdb fits ${able.join(', ') || 'no method'}, not ${request.method}; use --engine memory`)
  }
  const options = decodeFitOptions(synthesizer, request.options, request.flags) as Record<string, unknown>
  const privacy = requestedPrivacy(request, synthesizer, registry)
  await checkWritable(request.out)
  const engine = await openDuckDb({ memoryLimit: request.memoryLimit ?? '256MB', threads: request.threads })
  try {
    const t0 = performance.now()
    // the file's hash runs while DuckDB works (its threads, not this one)
    const sha256 = fileSha256(request.data)
    sha256.catch(() => undefined)
    const relation = duckDbFileRelation(request.data)
    const schema = request.schema ?? (await inferSchemaSql(engine, relation))
    const readSeconds = (performance.now() - t0) / 1000
    const t1 = performance.now()
    const { model, trainingRows, stageSeconds, statisticsSeconds } = await fitTypedFirst(
      fitter,
      engine,
      request.data,
      relation,
      schema,
      options,
      {
        seed: request.seed,
        ...(privacy ? { privacy } : {}),
      },
    )
    const fitSeconds = (performance.now() - t1) / 1000
    return await writeEngineModel(
      {
        engine: 'DuckDB',
        input: request.data,
        sha256: await sha256,
        schema,
        schemaSource: request.schema ? request.schemaSource : undefined,
        method: request.method,
        out: request.out,
        seed: request.seed,
        options,
        privacy: privacy ?? null,
        fit: { model, trainingRows, stageSeconds, statisticsSeconds },
        readSeconds,
        fitSeconds,
      },
      io,
      registry,
    )
  } finally {
    await engine.close()
  }
}

/** What {@link writeEngineModel} records of an engine fit. */
export interface EngineFitRecord {
  readonly engine: 'DuckDB' | 'PostgreSQL'
  /** The file, or the server (password redacted) and table. */
  readonly input: string
  readonly sha256: string
  readonly schema: TableSchema
  /** Where the schema came from; undefined: inferred by the engine. */
  readonly schemaSource: string | undefined
  readonly method: string
  readonly out: string
  readonly seed: number | undefined
  readonly options: Readonly<Record<string, unknown>>
  readonly privacy: ModelFile['lineage']['privacy']
  readonly fit: Awaited<ReturnType<EngineFitter['fit']>>
  readonly readSeconds: number
  readonly fitSeconds: number
}

/** Writes an engine fit's model file (the format of every fit, its lineage) and prints what was fitted. */
export async function writeEngineModel(r: EngineFitRecord, io: Io, registry: SynthesizerRegistry): Promise<ModelFile> {
  const synthesizer = registry.get(r.method)
  const { model, trainingRows, stageSeconds, statisticsSeconds } = r.fit
  const file: ModelFile = {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    method: synthesizer.method,
    lineage: {
      input: r.input,
      sha256: r.sha256,
      rows: trainingRows,
      columns: r.schema.columns.length,
      seed: r.seed ?? null,
      fittedAt: io.now().toISOString(),
      fitSeconds: r.fitSeconds,
      readSeconds: r.readSeconds,
      versions: synthkitVersions(registry),
      options: r.options,
      schemaSource: r.schemaSource ?? `inferred by synthkit infer from the first 50,000 rows (${r.engine} engine)`,
      package: synthesizer.packageName,
      packageVersion: synthesizer.version,
      privacy: r.privacy,
    },
    model,
  }
  await writeTextAtomic(r.out, `${JSON.stringify(file)}\n`)
  io.out(
    `fitted ${synthesizer.method} through ${r.engine} on ${r.input} ` +
      `(${trainingRows.toLocaleString('en-US')} rows × ${r.schema.columns.length} columns): ` +
      `stage ${stageSeconds.toFixed(2)} s, statistics ${statisticsSeconds.toFixed(2)} s → ${r.out}`,
  )
  const spent = privacySpentLine(synthesizer.describe(model).privacy)
  if (spent) io.out(spent)
  return file
}

/**
 * Fits over the CSV read with its numerical columns typed by DuckDB where the schema allows (faster), and over the
 * all-text read when the typed read meets a cell only core's rules can decide (a marker, `nan`): the same model.
 */
async function fitTypedFirst(
  fitter: EngineFitter,
  engine: SqlEngine,
  path: string,
  relation: string,
  schema: TableSchema,
  options: Readonly<Record<string, unknown>>,
  context: Parameters<EngineFitter['fit']>[4],
): ReturnType<EngineFitter['fit']> {
  const typed = duckDbFileRelation(path, { schema })
  if (typed !== relation)
    try {
      return await fitter.fit(engine, typed, schema, options, context)
    } catch (error) {
      if (!isTypedReadFailure(error)) throw error
    }
  return fitter.fit(engine, relation, schema, options, context)
}
