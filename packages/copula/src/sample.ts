import { inverse, Matrix } from 'ml-matrix'
import {
  type ColumnData,
  type ColumnSpec,
  type Rng,
  SynthkitError,
  type Table,
  type TableSchema,
  columnRecord,
  createTable,
  invertConstraintTransforms,
  sampleWithRejection,
} from '@synthkit/core'
import { type Conditions, type PreparedConditions, prepareConditions } from './conditions'
import { covarianceRoot } from './correlation'
import { PII_GENERATOR, type PiiGenerator } from './fit'
import { idGenerator, placeholder } from './identifiers'
import { drawConditionalNormals, drawCorrelatedNormals, stratifyMarginals } from './latent'
import { type Marginal, fromNormalScores } from './marginal'
import { type CopulaModel, type OutputRule } from './model'
import { phiInverse } from './special'

/** Options of {@link sampleCopula}. */
export interface SampleOptions {
  /** Fix columns: a category (equality) or a number, or `{ min, max }` for numerical/datetime columns. */
  readonly conditions?: Conditions
  /** Filler of pii and free-text columns (default: the one given to fitCopula, else `pii-000123` placeholders). */
  readonly piiGenerator?: PiiGenerator
  /** Bounded rejection for constraints not handled by transforms (see @synthkit/core sampleWithRejection). */
  readonly maxRounds?: number
  /**
   * Replace each latent coordinate's draws, rank for rank, by exact normal quantiles (default true without
   * conditions): marginals and category shares match the model to within 1/n, dependence is kept.
   */
  readonly stratify?: boolean
}

/** Options of {@link sampleCopulaStream}. */
export interface StreamOptions extends SampleOptions {
  /** Rows per yielded table (default 65,536). */
  readonly chunkRows?: number
}

/** Default chunk size of {@link sampleCopulaStream}. */
export const DEFAULT_CHUNK_ROWS = 65_536

interface Prepared {
  readonly root: Float64Array
  readonly workSchema: TableSchema
  /** Per column index: latent thresholds between category slots (Φ⁻¹ of the interval starts 2..S). */
  readonly thresholds: (Float64Array | null)[]
}

const cache = new WeakMap<CopulaModel, Prepared>()

function prepare(model: CopulaModel): Prepared {
  const hit = cache.get(model)
  if (hit) return hit
  const root = covarianceRoot(model.correlation as number[][])
  const thresholds = model.columns.map((c) => {
    if (c.kind !== 'category' || c.slots.length < 2) return null
    const t = new Float64Array(c.slots.length - 1)
    let acc = 0
    for (let s = 0; s < t.length; s++) {
      acc += c.frequencies[s]
      t[s] = phiInverse(Math.min(1, acc))
    }
    return t
  })
  const prepared = { root, workSchema: model.constraints ? model.constraints.transformedSchema : model.schema, thresholds }
  cache.set(model, prepared)
  return prepared
}

function checkCount(n: number, path = 'n'): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new SynthkitError('OPTIONS_INVALID', `Row count must be a non-negative integer, got ${n}`, [{ path, message: 'not a non-negative integer' }])
}

function applyOutput(values: Float64Array, rule: OutputRule, datetime: boolean): void {
  const { precision, low, high } = rule
  const scale = precision === null ? 0 : 10 ** precision
  for (let i = 0; i < values.length; i++) {
    let x = values[i]
    if (x !== x) continue
    if (precision !== null) x = Math.round(x * scale) / scale
    else if (datetime) x = Math.round(x)
    if (low !== null && x < low) x = low
    if (high !== null && x > high) x = high
    values[i] = x
  }
}

function defaultGenerator(spec: ColumnSpec, index: number, kind: 'pii' | 'text'): string | number | boolean | null {
  if (spec.kind === 'id' || spec.kind === 'text' || spec.kind === 'categorical') return placeholder(kind, index)
  return null
}

/** Values of a generated (pii/text) column in the storage of its kind. */
function generatedColumn(spec: ColumnSpec, n: number, offset: number, rng: Rng, missingRate: number, kind: 'pii' | 'text', hook: PiiGenerator | undefined): ColumnData {
  const value = (i: number) => {
    if (missingRate > 0 && rng.next() < missingRate) return null
    return hook ? hook(spec, offset + i, rng) : defaultGenerator(spec, offset + i, kind)
  }
  if (spec.kind === 'numerical' || spec.kind === 'datetime') {
    const values = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const v = value(i)
      values[i] = typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN
    }
    return { type: 'numeric', values }
  }
  if (spec.kind === 'categorical' || spec.kind === 'boolean') {
    const dictionary: string[] = spec.kind === 'boolean' ? ['false', 'true'] : []
    const index = new Map(dictionary.map((v, i) => [v, i]))
    const codes = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const v = value(i)
      if (v === null) {
        codes[i] = -1
        continue
      }
      const key = spec.kind === 'boolean' && typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v)
      let c = index.get(key)
      if (c === undefined) {
        if (spec.kind === 'boolean') throw new SynthkitError('OPTIONS_INVALID', `piiGenerator returned ${JSON.stringify(v)} for boolean column "${spec.name}"`, [{ path: 'piiGenerator', message: 'expected true, false or null' }])
        c = dictionary.length
        dictionary.push(key)
        index.set(key, c)
      }
      codes[i] = c
    }
    return { type: 'coded', codes, dictionary }
  }
  const values: (string | null)[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const v = value(i)
    values[i] = v === null ? null : String(v)
  }
  return { type: 'string', values }
}

/**
 * One batch of n rows in the schema of the model (before rejection): latent draws, column-wise inverse
 * transforms, constraint inversion, output rounding and bounds, exact condition values.
 */
function drawBatch(model: CopulaModel, prepared: Prepared, n: number, rng: Rng, offset: number, conditions: PreparedConditions | null, hook: PiiGenerator | undefined, stratify: boolean): Table {
  const d = model.dimensions.length
  const z =
    conditions?.box ?
      drawConditionalNormals(model.correlation, conditions.box, n, rng, (m) => inverse(new Matrix(m)).to2DArray())
    : drawCorrelatedNormals(prepared.root, d, n, rng)
  if (!conditions?.box && stratify) stratifyMarginals(z, n)
  const columns = columnRecord()
  model.columns.forEach((cm, ci) => {
    if (cm.kind === 'generated') {
      if (cm.generator === 'id') {
        const next = idGenerator(model.schema.columns.find((c) => c.name === cm.name)!)
        const values: string[] = new Array(n)
        for (let i = 0; i < n; i++) values[i] = next(offset + i)
        columns[cm.name] = { type: 'string', values }
      } else {
        const original = model.schema.columns.find((c) => c.name === cm.name)!
        columns[cm.name] = generatedColumn(original, n, offset, rng, cm.missingRate, cm.generator, hook)
      }
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
        for (let i = 0; i < n; i++) {
          const v = zc[i]
          // latent value → slot whose interval contains Φ(v) (binary search on the latent thresholds)
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
    if (cm.marginal === null) values.fill(Number.NaN)
    else if (cm.value === null) values.fill(fromConstant(cm.marginal))
    else fromNormalScores(cm.marginal, z[cm.value], values)
    if (cm.time) {
      const { origin, unit } = cm.time
      for (let i = 0; i < n; i++) values[i] = Math.round(values[i]) * unit + origin
    }
    if (cm.missing !== null) {
      const threshold = phiInverse(1 - cm.missingRate)
      const zm = z[cm.missing]
      for (let i = 0; i < n; i++) if (zm[i] > threshold) values[i] = Number.NaN
    } else if (cm.missingRate === 1) values.fill(Number.NaN)
    columns[cm.name] = { type: 'numeric', values }
  })
  let table = createTable(prepared.workSchema, columns)
  if (model.constraints) table = invertConstraintTransforms(table, model.constraints, model.schema)
  else if (table.schema !== model.schema) table = { ...table, schema: model.schema }
  for (const cm of model.columns) {
    if (cm.kind !== 'numeric') continue
    const col = table.columns[cm.name]
    if (col.type !== 'numeric') continue
    const kind = model.schema.columns.find((c) => c.name === cm.name)?.kind
    applyOutput(col.values, cm.output, kind === 'datetime')
  }
  if (conditions) applyConditionValues(table, conditions)
  return table
}

/** The value of a column with a single observed value (its one-knot empirical marginal, or the median). */
function fromConstant(m: Marginal): number {
  if (m.family === 'empirical') return m.quantiles[0]
  const out = new Float64Array(1)
  fromNormalScores(m, new Float64Array(1), out)
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

function sampleChunk(model: CopulaModel, n: number, rng: Rng, offset: { value: number }, conditions: PreparedConditions | null, options: SampleOptions): Table {
  const prepared = prepare(model)
  const hook = options.piiGenerator ?? (model as unknown as Record<symbol, PiiGenerator | undefined>)[PII_GENERATOR]
  const draw = (k: number) => {
    const t = drawBatch(model, prepared, k, rng, offset.value, conditions, hook, options.stratify ?? true)
    offset.value += k
    return t
  }
  const constraints = model.constraints?.constraints ?? []
  if (constraints.length === 0) return draw(n)
  return sampleWithRejection(draw, n, constraints, { maxRounds: options.maxRounds })
}

/**
 * Samples n rows (a Table in the model's schema). With `conditions`, the conditioned coordinates are drawn from
 * their truncated latent distribution and the rest from the conditional Gaussian given them (not by rejection).
 * Constraints the model was fitted with hold on every row (transforms, then bounded rejection; failure is a
 * CONSTRAINT_UNSATISFIABLE error naming the constraint and the acceptance rate).
 */
export function sampleCopula(model: CopulaModel, n: number, rng: Rng, options: SampleOptions = {}): Table {
  checkCount(n)
  const conditions = options.conditions && Object.keys(options.conditions).length > 0 ? prepareConditions(model, options.conditions) : null
  return sampleChunk(model, n, rng, { value: 0 }, conditions, options)
}

/**
 * Samples n rows as a sequence of Tables of at most `chunkRows` rows (default 65,536). Memory stays constant
 * (one chunk at a time); ids continue across chunks so they stay unique.
 */
export function* sampleCopulaStream(model: CopulaModel, n: number, rng: Rng, options: StreamOptions = {}): Generator<Table, void, undefined> {
  checkCount(n)
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1) throw new SynthkitError('OPTIONS_INVALID', `chunkRows must be a positive integer, got ${chunkRows}`, [{ path: 'chunkRows', message: 'not a positive integer' }])
  const conditions = options.conditions && Object.keys(options.conditions).length > 0 ? prepareConditions(model, options.conditions) : null
  const offset = { value: 0 }
  for (let done = 0; done < n; ) {
    const k = Math.min(chunkRows, n - done)
    yield sampleChunk(model, k, rng, offset, conditions, options)
    done += k
  }
}
