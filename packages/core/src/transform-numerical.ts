import { SynthkitError } from './errors'

/**
 * A reversible numerical transform (plain JSON): missing values become an indicator plus an imputed value on the
 * way in; on the way out values are rounded to the learned precision and, only when `clip` is set, clipped to
 * the learned range. `forward` then `inverse` returns the original column exactly (NaN included).
 */
export interface NumericalTransform {
  readonly kind: 'numerical'
  readonly missingRate: number
  /** Value that replaces missing entries on the way in (mean or median of the observed values). */
  readonly fill: number
  /** Decimal digits kept on the way out (0 for integers); null keeps full precision. */
  readonly precision: number | null
  readonly min: number
  readonly max: number
  readonly clip: boolean
}

export interface NumericalTransformOptions {
  readonly fill?: 'mean' | 'median'
  /** Clip outputs to the observed [min, max] (off by default: nothing is clamped unless asked). */
  readonly clip?: boolean
  /** Fix the precision instead of learning it (e.g. from the schema). */
  readonly precision?: number | null
}

const MAX_PRECISION = 15

/** The fewest decimal digits d (≤ 15) such that every value equals round(x·10^d)/10^d; null when none does. */
export function learnPrecision(values: Float64Array): number | null {
  for (let d = 0; d <= MAX_PRECISION; d++) {
    const scale = 10 ** d
    let ok = true
    for (let i = 0; i < values.length; i++) {
      const x = values[i]
      if (Number.isNaN(x)) continue
      if (Math.round(x * scale) / scale !== x) {
        ok = false
        break
      }
    }
    if (ok) return d
  }
  return null
}

/** Rounds to `precision` decimal digits (null: unchanged). */
export function roundTo(x: number, precision: number | null): number {
  if (precision === null || Number.isNaN(x)) return x
  const scale = 10 ** precision
  return Math.round(x * scale) / scale
}

/** Learns missing rate, fill value, precision and range of a numerical column. */
export function fitNumericalTransform(values: Float64Array, options: NumericalTransformOptions = {}): NumericalTransform {
  const observed: number[] = []
  for (let i = 0; i < values.length; i++) {
    const x = values[i]
    if (Number.isNaN(x)) continue
    if (!Number.isFinite(x)) throw new SynthkitError('DATA_INVALID', 'Numerical transform needs finite values', [{ path: `values.${i}`, row: i, message: `got ${x}` }])
    observed.push(x)
  }
  if (observed.length === 0) {
    return { kind: 'numerical', missingRate: values.length === 0 ? 0 : 1, fill: 0, precision: options.precision ?? null, min: Number.NaN, max: Number.NaN, clip: options.clip ?? false }
  }
  let min = Infinity
  let max = -Infinity
  let sum = 0
  for (const x of observed) {
    if (x < min) min = x
    if (x > max) max = x
    sum += x
  }
  let fill = sum / observed.length
  if (options.fill === 'median') {
    const sorted = Float64Array.from(observed).sort()
    const m = sorted.length >> 1
    fill = sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
  }
  const precision = options.precision !== undefined ? options.precision : learnPrecision(values)
  return { kind: 'numerical', missingRate: 1 - observed.length / values.length, fill, precision, min, max, clip: options.clip ?? false }
}

/** Imputed values and the missing indicator (1 = was missing). */
export function forwardNumerical(transform: NumericalTransform, values: Float64Array): { values: Float64Array; missing: Uint8Array } {
  const out = new Float64Array(values.length)
  const missing = new Uint8Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const x = values[i]
    if (Number.isNaN(x)) {
      out[i] = transform.fill
      missing[i] = 1
    } else out[i] = x
  }
  return { values: out, missing }
}

/** Back to the column: NaN where the indicator says missing, rounded to precision, clipped only if `clip`. */
export function inverseNumerical(transform: NumericalTransform, values: Float64Array, missing?: Uint8Array): Float64Array {
  const out = new Float64Array(values.length)
  const { precision, clip, min, max } = transform
  for (let i = 0; i < values.length; i++) {
    if (missing && missing[i]) {
      out[i] = Number.NaN
      continue
    }
    let x = roundTo(values[i], precision)
    if (clip) x = x < min ? min : x > max ? max : x
    out[i] = x
  }
  return out
}
