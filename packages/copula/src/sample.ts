import { inverse, Matrix } from 'ml-matrix'
import {
  type BlockSource,
  type StreamShard,
  type CancellationSignal,
  type Conditions,
  DEFAULT_CHUNK_ROWS,
  type GeneratedColumn,
  type Rng,
  SynthkitError,
  type Table,
  type TableSchema,
  type ValueGenerator,
  applyOutputRule,
  columnRecord,
  createTable,
  invertConstraintTransforms,
  sampleRows,
  streamRows,
} from '@synthkit/core'
import { type PreparedConditions, prepareConditions } from './conditions'
import { covarianceRoot } from './correlation'
import { drawConditionalNormals, drawCorrelatedNormals, drawStratifiedUniforms, toUniforms } from './latent'
import { type Marginal, fromUniforms } from './marginal'
import { isTrustedModel } from './internal/trusted-models'
import { kernelCodes, kernelColumnValues, valuesKernel } from './internal/values-kernel'
import { type CopulaModel, parseCopulaModel } from './model'

/** Options of {@link sampleCopula}. */
export interface SampleOptions {
  /** Fix columns: a category (equality) or a number, or `{ min, max }` for numerical/datetime columns. */
  readonly conditions?: Conditions
  /** Filler of pii and free-text columns (default: `pii-000123` / `text-000123` placeholders). */
  readonly values?: ValueGenerator
  /** Bounded rejection for constraints not handled by transforms: batches per block before giving up (default 50). */
  readonly maxRounds?: number
  /**
   * Latin-hypercube stratification of each latent coordinate within each block of rows (default true without
   * conditions): marginals and category shares match the model to within 1/4096, dependence is kept.
   */
  readonly stratify?: boolean
  readonly signal?: CancellationSignal
}

/** Options of {@link sampleCopulaStream}. */
export interface StreamOptions extends SampleOptions {
  /** Rows per yielded table (default 65,536). Rows do not depend on it. */
  readonly chunkRows?: number
  /** Parallel sampling, worker side: draw only these blocks (see @synthkit/core's `streamShard`). */
  readonly shard?: StreamShard
  /** Parallel sampling, coordinator side: blocks drawn by workers (the rows stay the serial ones). */
  readonly blocks?: BlockSource
}

export { DEFAULT_CHUNK_ROWS }

interface Prepared {
  readonly model: CopulaModel
  readonly root: Float64Array
  readonly workSchema: TableSchema
  /** Per column index: cumulative frequencies between category slots (the interval starts 2..S on [0, 1)). */
  readonly thresholds: (Float64Array | null)[]
  readonly generated: readonly GeneratedColumn[]
  /** Most knots (empirical marginals) or thresholds + 1 (categories) of a column: the values kernel's aux region. */
  readonly valuesAux: number
  /** Per column index: whether the schema's column is a datetime (its output rule rounds to whole units). */
  readonly datetime: readonly boolean[]
}

// A model object is checked once, then trusted while it stays the same object (models are plain data: a caller who
// mutates one after fitting or sampling must pass a fresh object, as with any cached computation). A model that
// fitCopula returned in this process is not decoded again (internal/trusted-models.ts).
const cache = new WeakMap<object, Prepared>()

/**
 * Checks the model argument as strictly as the decoder does (a hand-built or tampered object is refused with the
 * decoder's MODEL_INVALID error, never reaches the linear algebra), then precomputes what sampling needs.
 */
function prepare(input: CopulaModel): Prepared {
  if (typeof input !== 'object' || input === null)
    throw new SynthkitError('MODEL_INVALID', 'Invalid copula model', [
      { path: '', message: `expected a model object, got ${input === null ? 'null' : typeof input}` },
    ])
  const hit = cache.get(input)
  if (hit) return hit
  const model = isTrustedModel(input) ? input : parseCopulaModel(input)
  const root = covarianceRoot(model.correlation as number[][])
  const thresholds = model.columns.map((c) => {
    if (c.kind !== 'category' || c.slots.length < 2) return null
    const t = new Float64Array(c.slots.length - 1)
    let acc = 0
    for (let s = 0; s < t.length; s++) {
      acc += c.frequencies[s]
      t[s] = Math.min(1, acc)
    }
    return t
  })
  const generated = model.columns.flatMap((c) =>
    c.kind === 'generated' ? [{ name: c.name, kind: c.generator, missingRate: c.missingRate }] : [],
  )
  let valuesAux = 1
  for (const c of model.columns) {
    if (c.kind === 'numeric' && c.marginal?.family === 'empirical') valuesAux = Math.max(valuesAux, c.marginal.quantiles.length)
    if (c.kind === 'category') valuesAux = Math.max(valuesAux, c.slots.length)
  }
  const prepared = {
    model,
    root,
    workSchema: model.constraints ? model.constraints.transformedSchema : model.schema,
    thresholds,
    generated,
    valuesAux,
    datetime: model.columns.map((c) => model.schema.columns.find((s) => s.name === c.name)?.kind === 'datetime'),
  }
  cache.set(input, prepared)
  return prepared
}

function checkCount(n: number, path = 'n'): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new SynthkitError('OPTIONS_INVALID', `Row count must be a non-negative integer, got ${n}`, [
      { path, message: 'not a non-negative integer' },
    ])
}

function checkRng(rng: unknown): asserts rng is Rng {
  const r = rng as Partial<Rng> | null | undefined
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.next !== 'function' ||
    typeof r.nextUint32 !== 'function' ||
    typeof r.split !== 'function'
  ) {
    throw new SynthkitError('OPTIONS_INVALID', 'Sampling needs a random generator', [
      { path: 'rng', message: 'pass an Rng from @synthkit/core: createRng(seed) for reproducible rows, secureRng() otherwise' },
    ])
  }
}

/**
 * One batch of n rows in the schema of the model (before rejection): latent draws, column-wise inverse
 * transforms, constraint inversion, output rounding and bounds, exact condition values.
 */
function drawBatch(prepared: Prepared, n: number, rng: Rng, conditions: PreparedConditions | null, stratify: boolean): Table {
  const model = prepared.model
  const d = model.dimensions.length
  // z holds probabilities u = Φ(latent) (stratified when asked): every column reads its values from u.
  let z: Float64Array[]
  if (!conditions?.box && stratify) z = drawStratifiedUniforms(prepared.root, d, n, rng)
  else {
    z = conditions?.box
      ? drawConditionalNormals(model.correlation, conditions.box, n, rng, (m) => inverse(new Matrix(m)).to2DArray())
      : drawCorrelatedNormals(prepared.root, d, n, rng)
    toUniforms(z, n)
  }
  const columns = columnRecord()
  // the columns' values in a WebAssembly kernel instance when there is one (internal/values-kernel.ts)
  const vk = valuesKernel(n, prepared.valuesAux)
  // per column index: the output rule was applied in the kernel (without constraints, on the same values)
  const ruled = new Array<boolean>(model.columns.length).fill(false)
  model.columns.forEach((cm, ci) => {
    if (cm.kind === 'generated') {
      // filled by the stream driver after acceptance (ids numbered by global row)
      const spec = model.schema.columns.find((c) => c.name === cm.name)!
      columns[cm.name] =
        spec.kind === 'numerical' || spec.kind === 'datetime'
          ? { type: 'numeric', values: new Float64Array(n).fill(Number.NaN) }
          : spec.kind === 'categorical' || spec.kind === 'boolean'
            ? { type: 'coded', codes: new Int32Array(n).fill(-1), dictionary: spec.kind === 'boolean' ? ['false', 'true'] : [] }
            : { type: 'string', values: new Array<string | null>(n).fill(null) }
      return
    }
    if (cm.kind === 'category') {
      const codes = new Int32Array(n)
      const t = prepared.thresholds[ci]
      if (cm.dimension === null || t === null) codes.fill(cm.slots[0])
      else {
        const zc = z[cm.dimension]
        const slots = cm.slots
        const k = t.length
        if (vk) kernelCodes(vk, zc, t, slots, codes)
        else
          for (let i = 0; i < n; i++) {
            const v = zc[i]
            // probability → slot whose interval contains it (binary search on the cumulative frequencies)
            let lo = 0
            let hi = k
            while (lo < hi) {
              const mid = (lo + hi) >> 1
              if (t[mid] <= v) lo = mid + 1
              else hi = mid
            }
            codes[i] = slots[lo]
          }
      }
      columns[cm.name] = { type: 'coded', codes, dictionary: cm.dictionary }
      return
    }
    const values = new Float64Array(n)
    if (
      vk &&
      cm.marginal !== null &&
      cm.value !== null &&
      !(cm.missing === null && cm.missingRate === 1) &&
      kernelColumnValues(
        vk,
        cm.marginal,
        z[cm.value],
        {
          time: cm.time,
          missing: cm.missing === null ? null : { u: z[cm.missing], threshold: 1 - cm.missingRate },
          // without constraints the output rule applies here (the loop below would apply it to the same values)
          rule: model.constraints ? null : cm.output,
          datetime: prepared.datetime[ci],
        },
        values,
      )
    ) {
      ruled[ci] = !model.constraints
      columns[cm.name] = { type: 'numeric', values }
      return
    }
    if (cm.marginal === null) values.fill(Number.NaN)
    else if (cm.value === null) values.fill(fromConstant(cm.marginal))
    else fromUniforms(cm.marginal, z[cm.value], values)
    if (cm.time) {
      const { origin, unit } = cm.time
      for (let i = 0; i < n; i++) values[i] = Math.round(values[i]) * unit + origin
    }
    if (cm.missing !== null) {
      // the indicator's "missing" slot is the top interval [1 − r, 1)
      const threshold = 1 - cm.missingRate
      const um = z[cm.missing]
      for (let i = 0; i < n; i++) if (um[i] > threshold) values[i] = Number.NaN
    } else if (cm.missingRate === 1) values.fill(Number.NaN)
    columns[cm.name] = { type: 'numeric', values }
  })
  let table = createTable(prepared.workSchema, columns)
  if (model.constraints) table = invertConstraintTransforms(table, model.constraints, model.schema)
  else if (table.schema !== model.schema) table = { ...table, schema: model.schema }
  model.columns.forEach((cm, ci) => {
    if (cm.kind !== 'numeric' || ruled[ci]) return
    const col = table.columns[cm.name]
    if (col.type === 'numeric') applyOutputRule(col.values, cm.output, prepared.datetime[ci])
  })
  if (conditions) applyConditionValues(table, conditions)
  return table
}

/** The value of a column with a single observed value (its one-knot empirical marginal, or the median). */
function fromConstant(m: Marginal): number {
  if (m.family === 'empirical') return m.quantiles[0]
  const out = new Float64Array(1)
  fromUniforms(m, Float64Array.of(0.5), out)
  return out[0]
}

/** Conditioned columns get the exact value asked for (numbers) or are kept inside the range (after rounding). */
function applyConditionValues(table: Table, c: PreparedConditions): void {
  for (const [name, code] of c.categories) {
    const col = table.columns[name]
    if (col.type === 'coded') col.codes.fill(code)
  }
  for (const [name, { equal, min, max }] of c.numbers) {
    const col = table.columns[name]
    if (col.type !== 'numeric') continue
    const v = col.values
    if (equal !== undefined) v.fill(equal)
    else {
      for (let i = 0; i < v.length; i++) {
        let x = v[i]
        if (min !== undefined && !(x >= min)) x = min
        if (max !== undefined && !(x <= max)) x = max
        v[i] = x
      }
    }
  }
}

function driverOptions(prepared: Prepared, rows: number, rng: Rng, options: StreamOptions) {
  return {
    rows,
    rng,
    chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS,
    constraints: prepared.model.constraints?.constraints ?? [],
    maxRounds: options.maxRounds,
    // Constraint repair (functional dependencies, conditional zeros) must not move a column the conditions fix.
    fixedColumns: Object.keys(options.conditions ?? {}),
    generated: prepared.generated,
    values: options.values,
    signal: options.signal,
    shard: options.shard,
    blocks: options.blocks,
  }
}

function drawFor(prepared: Prepared, options: SampleOptions): (n: number, rng: Rng) => Table {
  const conditions =
    options.conditions && Object.keys(options.conditions).length > 0 ? prepareConditions(prepared.model, options.conditions) : null
  const stratify = options.stratify ?? true
  return (n, rng) => drawBatch(prepared, n, rng, conditions, stratify)
}

/**
 * Samples n rows (a Table in the model's schema). With `conditions`, the conditioned coordinates are drawn from
 * their truncated latent distribution and the rest from the conditional Gaussian given them (not by rejection).
 * Constraints the model was fitted with hold on every row (transforms, then bounded rejection; failure is a
 * CONSTRAINT_UNSATISFIABLE error naming the constraint and the acceptance rate); unique constraints and ids hold over
 * all n rows. The rows are exactly those of {@link sampleCopulaStream} with the same generator state, for any chunk
 * size. The model is validated like {@link parseCopulaModel} does (once per model object).
 */
export function sampleCopula(model: CopulaModel, n: number, rng: Rng, options: SampleOptions = {}): Table {
  checkCount(n)
  checkRng(rng)
  const prepared = prepare(model)
  return sampleRows(drawFor(prepared, options), driverOptions(prepared, n, rng, options))
}

/**
 * Samples n rows as a sequence of Tables of at most `chunkRows` rows (default 65,536). Memory stays flat (one block
 * of 4,096 rows and one chunk at a time; unique constraints remember their keys); the rows depend on the generator
 * and the model only, never on `chunkRows`; ids and unique keys stay unique across chunks.
 */
export function* sampleCopulaStream(
  model: CopulaModel,
  n: number,
  rng: Rng,
  options: StreamOptions = {},
): Generator<Table, void, undefined> {
  checkCount(n)
  checkRng(rng)
  const prepared = prepare(model)
  yield* streamRows(drawFor(prepared, options), driverOptions(prepared, n, rng, options))
}
