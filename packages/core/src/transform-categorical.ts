import { SynthkitError } from './errors'
import type { Rng } from './rng'
import type { CodedColumnData } from './table'

/**
 * Frequency encoding (as in SDV's FrequencyEncoder / UniformEncoder): each category, missing included, owns an
 * interval of [0, 1) whose width is its frequency; categories are laid out by decreasing frequency (ties by
 * code). A value maps back to the category whose interval contains it, so decoding uniform draws reproduces
 * the category frequencies exactly in expectation.
 */
export interface FrequencyEncoder {
  readonly kind: 'frequency'
  readonly dictionary: readonly string[]
  /** Category code of each interval in layout order; −1 is missing. */
  readonly order: readonly number[]
  /** Interval starts in layout order (ascending, first is 0); interval i is [starts[i], starts[i+1]). */
  readonly starts: readonly number[]
  /** Frequency of each interval in layout order (sums to 1). */
  readonly frequencies: readonly number[]
}

/** Learns category frequencies (missing counts as a category when present). */
export function fitFrequencyEncoder(column: CodedColumnData): FrequencyEncoder {
  const k = column.dictionary.length
  const counts = new Float64Array(k + 1) // slot k = missing
  for (let i = 0; i < column.codes.length; i++) {
    const c = column.codes[i]
    counts[c < 0 ? k : c]++
  }
  const n = column.codes.length
  if (n === 0) throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a frequency encoder on an empty column')
  const slots = [...Array(k + 1).keys()].filter((s) => counts[s] > 0)
  slots.sort((a, b) => counts[b] - counts[a] || a - b)
  const starts: number[] = []
  const frequencies: number[] = []
  let acc = 0
  for (const s of slots) {
    starts.push(acc)
    frequencies.push(counts[s] / n)
    acc += counts[s] / n
  }
  return { kind: 'frequency', dictionary: [...column.dictionary], order: slots.map((s) => (s === k ? -1 : s)), starts, frequencies }
}

/**
 * Codes → values in [0, 1): the midpoint of each category's interval, or a uniform point inside it when `rng` is
 * given (the form samplers use so that the encoded column is continuous).
 */
export function frequencyEncode(encoder: FrequencyEncoder, codes: Int32Array, rng?: Rng): Float64Array {
  const slotOf = new Map<number, number>()
  encoder.order.forEach((code, slot) => slotOf.set(code, slot))
  const out = new Float64Array(codes.length)
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] < 0 ? -1 : codes[i]
    const slot = slotOf.get(code)
    if (slot === undefined) {
      throw new SynthkitError('DATA_INVALID', 'Category unseen when the encoder was fitted', [{ path: `codes.${i}`, row: i, message: code < 0 ? 'missing value, but the fitted column had none' : `"${encoder.dictionary[code] ?? code}" was not seen when fitting` }])
    }
    const w = encoder.frequencies[slot]
    out[i] = encoder.starts[slot] + (rng ? rng.next() : 0.5) * w
  }
  return out
}

/** Values → codes: the category whose interval contains the value (values outside [0, 1) take the nearest end). */
export function frequencyDecode(encoder: FrequencyEncoder, values: Float64Array): Int32Array {
  const out = new Int32Array(values.length)
  const { starts, order } = encoder
  const last = starts.length - 1
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    let lo = 0
    let hi = last
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid] <= v) lo = mid
      else hi = mid - 1
    }
    out[i] = order[lo]
  }
  return out
}

/** One-hot matrix, row-major n × k (missing rows are all zeros). */
export function oneHotEncode(column: CodedColumnData): { k: number; values: Float64Array } {
  const k = column.dictionary.length
  const values = new Float64Array(column.codes.length * k)
  for (let i = 0; i < column.codes.length; i++) if (column.codes[i] >= 0) values[i * k + column.codes[i]] = 1
  return { k, values }
}

/** Row-major n × k scores → the code of the largest score per row (all-zero rows are missing). */
export function oneHotDecode(values: Float64Array, k: number): Int32Array {
  if (k <= 0 || values.length % k !== 0) throw new SynthkitError('DATA_INVALID', 'One-hot matrix has the wrong shape', [{ path: 'values', message: `length ${values.length} is not a multiple of k = ${k}` }])
  const n = values.length / k
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    let best = -1
    let bestV = 0
    for (let j = 0; j < k; j++) {
      const v = values[i * k + j]
      if (v > bestV) {
        bestV = v
        best = j
      }
    }
    out[i] = best
  }
  return out
}

/** Codes → their position (ordinal encoding; for ordered categoricals the dictionary order is the order). NaN for missing. */
export function ordinalEncode(column: CodedColumnData): Float64Array {
  const out = new Float64Array(column.codes.length)
  for (let i = 0; i < out.length; i++) out[i] = column.codes[i] < 0 ? Number.NaN : column.codes[i]
  return out
}

/**
 * Positions → codes: the nearest category position (values past either end take the end category; this is
 * the decoding rule, not a silent clamp of input data). NaN → missing.
 */
export function ordinalDecode(values: Float64Array, k: number): Int32Array {
  const out = new Int32Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (Number.isNaN(v)) out[i] = -1
    else out[i] = Math.min(k - 1, Math.max(0, Math.round(v)))
  }
  return out
}
