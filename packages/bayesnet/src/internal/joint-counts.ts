import { combineCodes } from '../mutual-information'

/**
 * Counts of the mixed-radix configurations of coded columns (the first most significant) over their first n rows:
 * `counts[(c₀·s₁ + c₁)·s₂ + c₂]`, the layout of every count request. `scratch` (length ≥ n) is reused.
 */
export function jointCounts(columns: readonly Int32Array[], states: readonly number[], n: number, scratch?: Int32Array): Float64Array {
  const { codes, configs } = combineCodes(columns, states, n, scratch)
  const counts = new Float64Array(configs)
  for (let i = 0; i < n; i++) counts[codes[i]]++
  return counts
}
