import type { CodedColumnData, ColumnKind } from '@synthkit/core'

/** A categorical value as users pass it to the single-column metrics; null, undefined and NaN are missing. */
export type CategoryValue = string | number | boolean | null | undefined

/**
 * Real and synthetic codes of one categorical column expressed in one joint dictionary: the real dictionary first,
 * then categories seen only in the synthetic dictionary. −1 stays missing.
 */
export interface AlignedCategories {
  readonly real: Int32Array
  readonly synthetic: Int32Array
  readonly categories: readonly string[]
}

/**
 * Aligns two coded columns (their dictionaries may differ in order and content) to one joint dictionary by category
 * text. Booleans align by code instead (0 = false, 1 = true), whatever labels each side writes.
 */
export function alignCoded(real: CodedColumnData, synthetic: CodedColumnData, kind?: ColumnKind): AlignedCategories {
  if (kind === 'boolean') return { real: real.codes, synthetic: synthetic.codes, categories: real.dictionary }
  const categories = [...real.dictionary]
  const index = new Map<string, number>()
  categories.forEach((c, i) => {
    if (!index.has(c)) index.set(c, i)
  })
  const remap = new Int32Array(synthetic.dictionary.length)
  synthetic.dictionary.forEach((c, i) => {
    let k = index.get(c)
    if (k === undefined) {
      k = categories.length
      categories.push(c)
      index.set(c, k)
    }
    remap[i] = k
  })
  const codes = new Int32Array(synthetic.codes.length)
  for (let r = 0; r < codes.length; r++) {
    const c = synthetic.codes[r]
    codes[r] = c < 0 ? -1 : remap[c]
  }
  return { real: real.codes, synthetic: codes, categories }
}

function isMissingValue(v: CategoryValue): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))
}

/** Codes two plain arrays of categorical values into one joint dictionary (keys compare as `String(value)`). */
export function alignValues(real: ArrayLike<CategoryValue>, synthetic: ArrayLike<CategoryValue>): AlignedCategories {
  const index = new Map<string, number>()
  const categories: string[] = []
  const code = (values: ArrayLike<CategoryValue>): Int32Array => {
    const out = new Int32Array(values.length)
    for (let r = 0; r < values.length; r++) {
      const v = values[r]
      if (isMissingValue(v)) {
        out[r] = -1
        continue
      }
      const s = String(v)
      let k = index.get(s)
      if (k === undefined) {
        k = categories.length
        categories.push(s)
        index.set(s, k)
      }
      out[r] = k
    }
    return out
  }
  const r = code(real)
  return { real: r, synthetic: code(synthetic), categories }
}

/** Count of each code 0…k−1 (missing, −1, is not counted). */
export function countCodes(codes: Int32Array, k: number): Float64Array {
  const counts = new Float64Array(k)
  for (let r = 0; r < codes.length; r++) {
    const c = codes[r]
    if (c >= 0) counts[c]++
  }
  return counts
}
