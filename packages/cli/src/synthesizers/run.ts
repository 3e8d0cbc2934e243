import { either as E } from 'fp-ts'
import {
  type Conditions,
  type Constraint,
  type FitContext,
  type OptionFlag,
  type Rng,
  type Synthesizer,
  type SynthesizerDescription,
  type Table,
  type TableSchema,
  createRng,
  secureRng,
  shuffleInPlace,
  take,
} from '@synthkit/core'
import { checkWritable, writeTextAtomic } from '../io/atomic-write'
import { readJsonFile } from '../io/json-file'
import { type LoadOptions, type LoadedTable, fileSha256, formatOf, writeTable } from '../io/table-io'
import { writeTables } from '../io/write-tables'
import { type Provenance, provenanceMetadata, writeSidecar } from '../governance/provenance'
import { releaseProvenance } from '../governance/release-mark'
import { CliError } from '../terminal/cli-error'
import type { Io } from '../terminal/io'
import { throwIfCancelled } from '../terminal/interrupt'
import { phaseProgress } from '../terminal/phase-progress'
import { loadTableWithProgress } from '../terminal/read-progress'
import { rowProgress } from '../terminal/progress'
import { synthkitVersions } from '../versions'
import { type FitConstraints, fitConstraints, trialSample, withoutDiscovered } from '../constraints/fit-constraints'
import { parseConditions } from './conditions'
import { startParallelSampling } from './sample-pool'
import { checkTrainingConstraints } from './fit-constraints'
import { requestedPrivacy } from './privacy-budget'
import { observedRanges } from './observed-ranges'
import { ESTIMATE_ROWS, checkSampleSize, describeEstimate, estimateSample } from './sample-estimate'
import { type LoadedModel, MODEL_FILE_FORMAT, MODEL_FILE_VERSION, type ModelFile, readModelFile } from './model-file'
import type { SynthesizerRegistry } from './registry'

/** What `fit` needs: the data, the method and everything that shapes the fit. */
export interface FitRequest {
  readonly data: string
  readonly schema?: TableSchema
  readonly schemaSource: string
  readonly method: string
  readonly out: string
  /** Seed of the fit's generator; absent: a secure random one (not recorded). */
  readonly seed?: number
  /** Options as JSON (from `--options file.json`), before flags. */
  readonly options?: Readonly<Record<string, unknown>>
  /** Option flags as typed (`--degree 2` → `{ degree: '2' }`, by flag name). */
  readonly flags?: Readonly<Record<string, string>>
  readonly epsilon?: number
  readonly delta?: number
  /** How to read the file and infer its schema (missing markers, ids, kinds, delimiter, encoding). */
  readonly load?: LoadOptions
  /** Keep this share of the rows out of the fit (seeded by `seed`), written to `holdoutOut`, for the privacy attacks. */
  readonly holdoutFraction?: number
  readonly holdoutOut?: string
  /** Discover constraints in the training data and enforce those that hold on every row (default true). */
  readonly discover?: boolean
  /** Declared constraints (`--constraints file.json`): enforced; violating training rows are left out. */
  readonly constraints?: readonly Constraint[]
}

/** A fitted model and what was learned about it. */
export interface Fitted {
  readonly file: ModelFile
  readonly synthesizer: Synthesizer
  readonly model: unknown
  readonly description: SynthesizerDescription
  readonly loaded: LoadedTable
  /** The rows the fit saw (all of `loaded` unless a holdout was kept), and the held-out rows. */
  readonly training: Table
  readonly holdout?: Table
  /** The constraints of the fit (discovered and declared) and the seconds discovery took. */
  readonly constraints: FitConstraints
}

/** The value of an option flag, parsed as the synthesizer declared (decodeOptions then checks it). */
function flagValue(flag: OptionFlag, text: string): unknown {
  switch (flag.parse) {
    case 'string':
      return text
    case 'list':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    case 'boolean':
      if (text === 'true') return true
      if (text === 'false') return false
      throw new CliError(`--${flag.flag}: expected true or false, got "${text}"`)
    case 'integer':
    case 'number': {
      const n = Number(text)
      if (text.trim() === '' || !Number.isFinite(n) || (flag.parse === 'integer' && !Number.isInteger(n)))
        throw new CliError(`--${flag.flag}: expected ${flag.parse === 'integer' ? 'a whole number' : 'a number'}, got "${text}"`)
      return n
    }
  }
}

/** Options file + flags → the synthesizer's decoded options, or a usage error naming each bad field. */
export function decodeFitOptions(
  synthesizer: Synthesizer,
  fileOptions: Readonly<Record<string, unknown>> | undefined,
  flags: Readonly<Record<string, string>> = {},
): unknown {
  const merged: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, fileOptions ?? {})
  const own = new Map((synthesizer.optionFlags ?? []).map((f) => [f.flag, f]))
  for (const [flag, text] of Object.entries(flags)) {
    const f = own.get(flag)
    if (!f)
      throw new CliError(
        `--${flag} is not an option of ${synthesizer.method}${own.size > 0 ? ` (its options: ${[...own.keys()].map((k) => `--${k}`).join(', ')})` : ''}`,
      )
    merged[f.key] = flagValue(f, text)
  }
  const decoded = synthesizer.decodeOptions({ ...merged })
  if (E.isLeft(decoded)) {
    const lines = decoded.left.issues.map((i) => `  - ${i.path || '(options)'}: ${i.message}`)
    throw new CliError(`invalid ${synthesizer.method} options\n${lines.join('\n')}`)
  }
  return decoded.right
}

/** Reads `--options file.json`: a JSON object of the synthesizer's options. */
export async function readOptionsFile(path: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (path === undefined) return undefined
  const json = await readJsonFile(path, 'options')
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CliError(`${path}: expected a JSON object of options`)
  return json as Record<string, unknown>
}

/**
 * Fits through the registry and writes the model file (atomically) with its lineage. Everything that can be
 * checked without the data (method, options, privacy budget against the method's capabilities, output path) is
 * checked before the data is read.
 */
export async function fitToFile(request: FitRequest, io: Io, registry: SynthesizerRegistry): Promise<Fitted> {
  const synthesizer = registry.get(request.method)
  const options = decodeFitOptions(synthesizer, request.options, request.flags)
  requestedPrivacy(request, synthesizer, registry)
  if (synthesizer.capabilities.input !== 'table')
    throw new CliError(
      `${synthesizer.method} does not learn from one table (input: ${synthesizer.capabilities.input}); use synthkit generate`,
    )
  await checkWritable(request.out)
  const t0 = performance.now()
  const loaded = await loadTableWithProgress(io, request.data, {
    ...request.load,
    schema: request.schema,
    schemaLabel: request.schema ? 'the given schema' : undefined,
  })
  const readSeconds = (performance.now() - t0) / 1000
  throwIfCancelled(io.signal, `The fit of ${request.data}`)
  const rng: Rng = request.seed !== undefined ? createRng(request.seed) : secureRng()
  let training = loaded.table
  let holdout: { path: string; rows: number } | undefined
  let holdoutTable: Table | undefined
  if (request.holdoutFraction !== undefined) {
    const path = request.holdoutOut ?? `${request.out.replace(/\.json$/i, '')}.holdout.csv`
    const n = loaded.table.nRows
    const k = Math.round(n * request.holdoutFraction)
    if (k < 1 || k >= n)
      throw new CliError(`--holdout-fraction ${request.holdoutFraction} keeps ${k} of ${n} rows out: need at least one row on each side`)
    // a seeded permutation: the same seed holds out the same rows
    const order = shuffleInPlace(
      rng.split(),
      Int32Array.from({ length: n }, (_, i) => i),
    )
    const held = order.slice(0, k).sort()
    const kept = order.slice(k).sort()
    holdoutTable = take(loaded.table, held)
    await writeTable(path, loaded.schema, [holdoutTable])
    training = take(loaded.table, kept)
    holdout = { path, rows: k }
  }
  checkTrainingConstraints(training, loaded.schema.constraints)
  // signal and progress make the registered fits cooperative: Ctrl-C stops them, a terminal shows phases and an ETA
  const progress = phaseProgress(io, `fitting ${synthesizer.method}`)
  const context: FitContext = {
    rng,
    ...(request.epsilon !== undefined ? { privacy: { epsilon: request.epsilon, delta: request.delta ?? 0, noise: secureRng() } } : {}),
    signal: io.signal,
    progress: progress.update,
  }
  let constraints = fitConstraints({
    table: training,
    discover: request.discover ?? true,
    user: request.constraints ?? [],
    synthesizer,
    differentiallyPrivate: context.privacy !== undefined,
  })
  const t1 = performance.now()
  let model: unknown
  try {
    model = await synthesizer.fit({ kind: 'table', table: constraints.training }, options, context)
    // A model whose discovered constraints together stall sampling is refitted without them (declared ones stay).
    const stalled = constraints.training.schema.constraints?.length ? trialSample(synthesizer, model, constraints.training.nRows) : null
    if (stalled && constraints.section.records.some((r) => r.source === 'discovered' && r.enforced)) {
      io.err(`warning: sampling could not satisfy the discovered constraints together (${stalled.message}); refitting without them`)
      constraints = withoutDiscovered(constraints, `sampling could not satisfy it with the others: ${stalled.message}`)
      model = await synthesizer.fit({ kind: 'table', table: constraints.training }, options, context)
    }
  } finally {
    progress.stop()
  }
  const fitSeconds = (performance.now() - t1) / 1000
  throwIfCancelled(io.signal, `The fit of ${request.data}`)
  const file: ModelFile = {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    method: synthesizer.method,
    lineage: {
      input: request.data,
      // hashed while it was read: the file is not read a second time
      sha256: request.data === '-' ? loaded.raw.sha256 : (loaded.raw.fileSha256 ?? (await fileSha256(request.data))),
      rows: constraints.training.nRows,
      columns: loaded.schema.columns.length,
      seed: request.seed ?? null,
      fittedAt: io.now().toISOString(),
      fitSeconds,
      readSeconds,
      versions: synthkitVersions(registry),
      options: options as Record<string, unknown>,
      schemaSource: loaded.inferred ? 'inferred from the real data by synthkit infer' : request.schemaSource,
      package: synthesizer.packageName,
      packageVersion: synthesizer.version,
      privacy: request.epsilon !== undefined ? { epsilon: request.epsilon, delta: request.delta ?? 0 } : null,
      ...(holdout ? { holdout } : {}),
      // exact extremes are not differentially private: recorded for non-private fits only
      ...(request.epsilon === undefined ? { observed: observedRanges(constraints.training) } : {}),
    },
    constraints: constraints.section,
    model,
  }
  await writeTextAtomic(request.out, `${JSON.stringify(file)}\n`)
  return {
    file,
    synthesizer,
    model,
    description: synthesizer.describe(model),
    loaded,
    training: constraints.training,
    holdout: holdoutTable,
    constraints,
  }
}

/** What `sample` needs. */
export interface SampleRequest {
  readonly model: LoadedModel
  /** Rows of a single-table model (required for one), or of every table of a multi-table one. */
  readonly rows?: number
  readonly scale?: number
  /** A file for a single-table model; a folder (one file per table) for a multi-table one. */
  readonly out: string
  /** File format of a multi-table output folder (single tables take it from the extension). */
  readonly format?: 'csv' | 'parquet'
  readonly seed?: number
  readonly where?: readonly string[]
  readonly chunkRows?: number
  /** The dataset card written with this release (recorded in the files' provenance marks). */
  readonly cardId?: string
  /** Conditions already decoded (synthkit reproduce: the recorded ones); `where` is ignored then. */
  readonly conditions?: Conditions
  /** The provenance mark to write verbatim (synthkit reproduce: the recorded one, so the bytes can match). */
  readonly provenance?: Provenance
  /** Sample past the size limits (see sample-estimate.ts) without asking. */
  readonly force?: boolean
  /** Worker threads drawing blocks in parallel (see sample-pool.ts); the rows are the same for every count. */
  readonly workers?: number
}

/** What was written. */
export interface Sampled {
  readonly seconds: number
  readonly rows: number
  readonly files: readonly {
    readonly table: string
    readonly path: string
    readonly rows: number
    readonly schema: TableSchema
    /** The provenance mark written with the file (Parquet metadata, and the sidecar unless written to stdout). */
    readonly provenance?: Provenance
  }[]
  readonly conditions: Conditions | null
}

/**
 * Streams a model's rows to files through its synthesizer (flat memory, atomic writes, a progress bar on a
 * terminal). The seed makes the output reproducible; without one a secure random generator is used.
 */
export async function sampleToFile(request: SampleRequest, io: Io): Promise<Sampled> {
  const { synthesizer, model } = request.model
  const output = synthesizer.schema(model)
  const conditions =
    request.conditions ??
    (request.where && request.where.length > 0
      ? output.kind === 'table'
        ? parseConditions(request.where, output.schema, { observed: request.model.lineage.observed })
        : null
      : null)
  if (request.where && request.where.length > 0) {
    if (output.kind !== 'table')
      throw new CliError(
        `--where applies to single-table models; ${synthesizer.method} samples ${Object.keys(output.schema.tables).length} tables`,
      )
    if (synthesizer.capabilities.conditions === 'none') throw new CliError(`${synthesizer.method} cannot sample conditionally (--where)`)
  }
  const rng = request.seed !== undefined ? createRng(request.seed) : secureRng()
  const t0 = performance.now()
  if (output.kind === 'table') {
    if (request.rows === undefined) throw new CliError('--rows is required for a single-table model')
    formatOf(request.out)
    await checkWritable(request.out)
    if (request.rows >= ESTIMATE_ROWS) {
      const estimate = estimateSample(synthesizer, model, request.rows, conditions ?? undefined)
      checkSampleSize(estimate, request.force === true)
      io.err(`sampling ${describeEstimate(estimate)}`)
    }
    const provenance = request.provenance ?? (await markOf(request, output.name, request.rows, conditions, io))
    const parallel =
      request.workers === undefined
        ? undefined
        : await startParallelSampling({ ...request, rows: request.rows, conditions, workers: request.workers, signal: io.signal }, io)
    const progress = rowProgress(io, request.rows, 'sampling')
    const chunks = synthesizer.stream(model, {
      rows: request.rows,
      rng: parallel?.rng ?? rng,
      conditions: conditions ?? undefined,
      chunkRows: request.chunkRows,
      signal: io.signal,
      blocks: parallel?.blocks,
    })
    try {
      const tables = tablesOf(chunks, output.name)
      await writeTable(request.out, output.schema, parallel ? parallel.paced(tables) : tables, progress.advance, {
        metadata: provenanceMetadata(provenance),
      })
    } finally {
      progress.stop()
      await parallel?.close()
    }
    if (request.out !== '-') await writeSidecar(request.out, provenance)
    return {
      seconds: (performance.now() - t0) / 1000,
      rows: request.rows,
      files: [{ table: output.name, path: request.out, rows: request.rows, schema: output.schema, provenance }],
      conditions,
    }
  }
  if (request.workers !== undefined)
    io.err(`note: ${synthesizer.method} samples several tables in one thread (children follow each parent block); --workers ignored`)
  // Several tables: one file each in the output folder (see writeTables). A table's row count is known only once it
  // is written, after its Parquet footer: the embedded mark records the rows asked for, the sidecar the rows written.
  const marks = new Map<string, Provenance>()
  for (const table of Object.keys(output.schema.tables)) marks.set(table, await markOf(request, table, request.rows ?? 0, null, io))
  const written = await writeTables(
    request.out,
    request.format ?? 'csv',
    (table) => output.schema.tables[table],
    synthesizer.stream(model, { rows: request.rows, scale: request.scale, rng, chunkRows: request.chunkRows, signal: io.signal }),
    undefined,
    (table) => provenanceMetadata({ ...marks.get(table)! }),
  )
  // The rows of each table are known only once written: the sidecar records them.
  const files = await Promise.all(
    written.map(async (f) => {
      const provenance = { ...marks.get(f.table)!, rows: f.rows }
      await writeSidecar(f.path, provenance)
      return { ...f, provenance }
    }),
  )
  return { seconds: (performance.now() - t0) / 1000, rows: files.reduce((s, f) => s + f.rows, 0), files, conditions: null }
}

function markOf(request: SampleRequest, table: string, rows: number, conditions: Conditions | null, io: Io): Promise<Provenance> {
  return releaseProvenance(request.model, {
    table,
    rows,
    seed: request.seed ?? null,
    chunkRows: request.chunkRows ?? null,
    conditions,
    createdAt: io.now().toISOString(),
    cardId: request.cardId ?? null,
  })
}

function* tablesOf(chunks: Iterable<{ table: string; rows: Table }>, name: string): Generator<Table> {
  for (const c of chunks) {
    if (c.table !== name) throw new CliError(`the synthesizer yielded rows of table "${c.table}", expected "${name}"`)
    yield c.rows
  }
}

export { readModelFile }
