/**
 * True-positive rate at a false-positive rate of at most `fpr`: members are flagged when their score is strictly
 * above the threshold τ = the (F + 1)-th highest non-member score, F = ⌊fpr · n₋⌋ false positives allowed, so the
 * realised FPR never exceeds `fpr` (ties at τ are not flagged). With F ≥ n₋ every row is flagged.
 */
export function tprAtFpr(memberScores: ArrayLike<number>, nonMemberScores: ArrayLike<number>, fpr: number): number {
  const neg = Float64Array.from(nonMemberScores).sort().reverse()
  const allowed = Math.floor(fpr * neg.length + 1e-9)
  const threshold = allowed >= neg.length ? -Infinity : neg[allowed]
  let tp = 0
  for (let i = 0; i < memberScores.length; i++) if (memberScores[i] > threshold) tp++
  return tp / memberScores.length
}
