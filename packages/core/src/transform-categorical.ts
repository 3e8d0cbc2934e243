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

/**
 * How the intervals are laid out along [0, 1):
 * - `'frequency'` (default): by decreasing frequency, ties by code;
 * - `'codes'`: in dictionary order, missing last (ordered categories keep their order);
 * - `{ position }`: by ascending `position[code]` (missing at index `dictionary.length`), ties by decreasing
 *   frequency, then code — e.g. a sampler's position of each category along a direction of the data.
 */
export type FrequencyLayout = 'frequency' | 'codes' | { readonly position: ArrayLike<number> }

/** Options of {@link fitFrequencyEncoder}. */
export interface FrequencyEncoderOptions {
  readonly layout?: FrequencyLayout
}

/**
 * Rows per code of a coded column with k categories, missing (negative codes) counted in slot k. A leaf loop: V8
 * optimises it while it runs (on-stack replacement), and code after it that had never run would throw that
 * optimised code away at each exit, once per column in a fresh process.
 */
export function countCodes(codes: Int32Array, k: number): Float64Array {
  const counts = new Float64Array(k + 1)
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]
    counts[c < 0 ? k : c]++
  }
  return counts
}

/** Learns category frequencies (missing counts as a category when present), laid out as `options.layout` says. */
export function fitFrequencyEncoder(column: CodedColumnData, options: FrequencyEncoderOptions = {}): FrequencyEncoder {
  const k = column.dictionary.length
  const counts = countCodes(column.codes, k)
  const n = column.codes.length
  if (n === 0) throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a frequency encoder on an empty column')
  const slots = [...Array(k + 1).keys()].filter((s) => counts[s] > 0)
  const layout = options.layout ?? 'frequency'
  if (layout === 'frequency') slots.sort((a, b) => counts[b] - counts[a] || a - b)
  else if (layout !== 'codes') {
    const { position } = layout
    if (position.length !== k + 1) {
      throw new SynthkitError('OPTIONS_INVALID', 'A frequency layout needs one position per category and one for missing', [
        { path: 'layout.position', message: `expected ${k + 1} positions, got ${position.length}` },
      ])
    }
    slots.sort((a, b) => position[a] - position[b] || counts[b] - counts[a] || a - b)
  }
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
      throw new SynthkitError('DATA_INVALID', 'Category unseen when the encoder was fitted', [
        {
          path: `codes.${i}`,
          row: i,
          message:
            code < 0 ? 'missing value, but the fitted column had none' : `"${encoder.dictionary[code] ?? code}" was not seen when fitting`,
        },
      ])
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
