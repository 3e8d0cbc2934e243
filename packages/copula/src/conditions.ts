import { type ColumnSpec, type ConditionValue, type Conditions, type Issue, SynthkitError, parseDatetime } from '@synthkit/core'
import { type LatentBox } from './latent'
import { SCORE_EPSILON, empiricalCdf, marginalCdf } from './marginal'
import { type CopulaModel, type NumericColumnModel } from './model'
import { phiInverse } from './special'

/** Conditions smaller than this probability under the model are refused (CONDITION_INVALID). */
export const MIN_CONDITION_MASS = 1e-9

/** What the sampler does with the conditions: a box in latent space, and exact values/bounds on the outputs. */
export interface PreparedConditions {
  readonly box: LatentBox | null
  readonly categories: ReadonlyMap<string, number>
  readonly numbers: ReadonlyMap<string, { readonly equal?: number; readonly min?: number; readonly max?: number }>
}

function invalid(message: string, issues: Issue[]): never {
  throw new SynthkitError('CONDITION_INVALID', message, issues)
}

function clipScore(u: number): number {
  return phiInverse(u < SCORE_EPSILON ? SCORE_EPSILON : u > 1 - SCORE_EPSILON ? 1 - SCORE_EPSILON : u)
}

/** Probability → latent bound; 0 and 1 map to ∓∞. */
function bound(u: number): number {
  return u <= 0 ? -Infinity : u >= 1 ? Infinity : phiInverse(u)
}

/**
 * Turns conditions into a box on the latent coordinates: a category → the normal-score interval of its
 * frequency-encoding interval; a numeric range [min, max] → [Φ⁻¹(F(min)), Φ⁻¹(F(max))] through the column's marginal
 * (an atom of the empirical marginal counts whole); a number → that point (or its atom's interval). Conditioned
 * numeric columns must be present, so their missing indicator is restricted to its "present" interval.
 * Throws CONDITION_INVALID for unknown columns, unseen categories, wrong value types and probability < 1e-9.
 */
export function prepareConditions(model: CopulaModel, conditions: Conditions): PreparedConditions {
  const dims: number[] = []
  const lower: number[] = []
  const upper: number[] = []
  const categories = new Map<string, number>()
  const numbers = new Map<string, { equal?: number; min?: number; max?: number }>()
  const restrict = (dim: number, lo: number, hi: number) => {
    dims.push(dim)
    lower.push(lo)
    upper.push(hi)
  }
  for (const name of Object.keys(conditions)) {
    const value = conditions[name]
    const path = `conditions.${name}`
    const index = model.columns.findIndex((c) => c.name === name)
    if (index < 0)
      invalid(`Unknown column "${name}" in the conditions`, [
        { path, message: `no column "${name}" (columns: ${model.columns.map((c) => c.name).join(', ')})` },
      ])
    const cm = model.columns[index]
    const spec = model.schema.columns.find((c) => c.name === name)!
    if (cm.kind === 'generated')
      invalid(`Cannot condition on "${name}"`, [{ path, message: `${cm.generator} columns are generated, not learned` }])
    if (cm.kind === 'category') {
      let code: number
      if (typeof value === 'boolean') code = spec.kind === 'boolean' ? (value ? 1 : 0) : cm.dictionary.indexOf(String(value))
      else if (typeof value === 'string' || typeof value === 'number') code = cm.dictionary.indexOf(String(value))
      else
        invalid(`Condition on "${name}" must be a category`, [
          { path, message: `"${name}" is ${spec.kind}; expected one of its categories, got a range` },
        ])
      const slot = cm.slots.indexOf(code)
      if (code < 0 || slot < 0) {
        invalid(`Condition ${name} = ${JSON.stringify(value)} has probability 0`, [
          {
            path,
            message: `${JSON.stringify(value)} was never seen in training (categories: ${cm.dictionary.slice(0, 20).join(', ')}${cm.dictionary.length > 20 ? ', …' : ''})`,
          },
        ])
      }
      const freq = cm.frequencies[slot]
      if (freq < MIN_CONDITION_MASS)
        invalid(`Condition ${name} = ${JSON.stringify(value)} has probability ${freq}`, [{ path, message: 'probability below 1e-9' }])
      categories.set(name, code)
      if (cm.dimension !== null) {
        let start = 0
        for (let s = 0; s < slot; s++) start += cm.frequencies[s]
        restrict(cm.dimension, bound(start), bound(slot === cm.slots.length - 1 ? 1 : start + freq))
      }
      continue
    }
    numericCondition(model, cm, spec, value, path, restrict, numbers)
  }
  return { box: dims.length === 0 ? null : { dims, lower, upper }, categories, numbers }
}

function toNumber(spec: ColumnSpec, v: unknown, path: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && spec.kind === 'datetime') {
    const t = parseDatetime(v, spec.format)
    if (!Number.isNaN(t)) return t
  }
  return invalid(`Condition on "${spec.name}" must be a number${spec.kind === 'datetime' ? ' or a date' : ''}`, [
    { path, message: `got ${JSON.stringify(v)}` },
  ])
}

function numericCondition(
  model: CopulaModel,
  cm: NumericColumnModel,
  spec: ColumnSpec,
  value: ConditionValue,
  path: string,
  restrict: (dim: number, lo: number, hi: number) => void,
  numbers: Map<string, { equal?: number; min?: number; max?: number }>,
): void {
  const name = cm.name
  let equal: number | undefined
  let min: number | undefined
  let max: number | undefined
  if (typeof value === 'object' && value !== null) {
    const extra = Object.keys(value).filter((k) => k !== 'min' && k !== 'max')
    if (extra.length > 0)
      invalid(`Condition on "${name}" has unknown fields`, [{ path, message: `unknown field(s) ${extra.join(', ')} (use min and max)` }])
    if (value.min !== undefined) min = toNumber(spec, value.min, `${path}.min`)
    if (value.max !== undefined) max = toNumber(spec, value.max, `${path}.max`)
    if (min !== undefined && max !== undefined && min > max)
      invalid(`Condition on "${name}": min ${min} is greater than max ${max}`, [{ path, message: 'empty range' }])
  } else equal = toNumber(spec, value, path)
  if (cm.marginal === null)
    invalid(`Condition on "${name}" has probability 0`, [{ path, message: 'the column is missing in every training row' }])
  numbers.set(name, { equal, min, max })
  // Through the constraint transform (monotone maps only), then the time scale.
  const step = model.constraints?.steps.find((s) => s.column === name)
  let toWork = (x: number): number => x
  let flip = false
  if (step) {
    if (step.kind === 'logit') {
      const w = step.max - step.min
      toWork = (x) => {
        const p = Math.min(1 - 1e-9, Math.max(1e-9, w === 0 ? 0.5 : (x - step.min) / w))
        return Math.log(p / (1 - p))
      }
    } else if ('value' in step.from) {
      const origin = step.from.value
      const { sign, scale } = step
      flip = sign === -1
      toWork = (x) => {
        const dist = sign * (x - origin)
        return dist < 0 ? -Infinity : Math.log1p(dist / scale)
      }
    } else {
      invalid(`Cannot condition on "${name}"`, [
        {
          path,
          message: `"${name}" is modelled relative to "${step.from.column}" (constraint ${step.index}); condition on "${step.from.column}" instead`,
        },
      ])
    }
  }
  const time = cm.time
  const scale = (x: number) => {
    const y = toWork(x)
    return time ? (y - time.origin) / time.unit : y
  }
  const m = cm.marginal!
  const cdf = (x: number, side: 'low' | 'high' | 'mid') =>
    m.family === 'empirical' ? empiricalCdf(m.quantiles, x, side) : marginalCdf(m, x)
  let lo: number
  let hi: number
  if (equal !== undefined) {
    const x = scale(equal)
    lo = cdf(x, 'low')
    hi = cdf(x, 'high')
    const constant = cm.value === null
    if (constant) {
      const c = m.family === 'empirical' ? m.quantiles[0] : Number.NaN
      if (!(Math.abs(x - c) <= 1e-9 * Math.max(1, Math.abs(c))))
        invalid(`Condition ${name} = ${equal} has probability 0`, [{ path, message: `the column is constant (${c}) in training` }])
    } else if (hi <= 0 || lo >= 1 || (lo === hi && (lo <= SCORE_EPSILON || lo >= 1 - SCORE_EPSILON))) {
      invalid(`Condition ${name} = ${equal} has probability 0`, [{ path, message: `${equal} is outside the learned range of "${name}"` }])
    }
    if (cm.value !== null) {
      if (hi > lo) restrict(cm.value, bound(lo), bound(hi))
      else {
        const z = clipScore(lo)
        restrict(cm.value, z, z)
      }
    }
  } else {
    // A decreasing transform (a `negative` constraint) swaps the ends of the range.
    const first = flip ? max : min
    const second = flip ? min : max
    const a = first === undefined ? -Infinity : scale(first)
    const b = second === undefined ? Infinity : scale(second)
    lo = a === -Infinity ? 0 : cdf(a, 'low')
    hi = b === Infinity ? 1 : cdf(b, 'high')
    if (cm.value === null) {
      const c = m.family === 'empirical' ? m.quantiles[0] : Number.NaN
      if (!(c >= a && c <= b))
        invalid(`Condition on "${name}" has probability 0`, [
          { path, message: `the column is constant (${c}) in training, outside the range` },
        ])
    } else {
      if (!(hi - lo >= MIN_CONDITION_MASS)) {
        invalid(`Condition on "${name}" has probability ${Math.max(0, hi - lo).toPrecision(3)} under the model`, [
          { path, message: `the range [${min ?? '-∞'}, ${max ?? '∞'}] holds almost none of the learned distribution (below 1e-9)` },
        ])
      }
      restrict(cm.value, bound(lo), bound(hi))
    }
  }
  if (cm.missing !== null) restrict(cm.missing, -Infinity, phiInverse(1 - cm.missingRate))
}
