/**
 * KeyUniqueness (SDMetrics): 1 − (duplicate or missing synthetic keys) / rows, where every repeat after a key's first
 * occurrence is a duplicate. Range [0, 1]; 1 when every synthetic key is present and unique. NaN for zero rows.
 */
export function keyUniqueness(synthetic: ArrayLike<string | number | null | undefined>): number {
  const n = synthetic.length
  if (n === 0) return Number.NaN
  const seen = new Set<string | number>()
  let bad = 0
  for (let i = 0; i < n; i++) {
    const v = synthetic[i]
    if (v === null || v === undefined || (typeof v === 'number' && v !== v)) {
      bad++
      continue
    }
    if (seen.has(v)) bad++
    else seen.add(v)
  }
  return 1 - bad / n
}
