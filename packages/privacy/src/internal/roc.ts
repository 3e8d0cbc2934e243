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

/** An empirical ROC curve: FPR and TPR at every distinct threshold, from (0, 0) to (1, 1) (plain JSON). */
export interface RocCurve {
  readonly fpr: number[]
  readonly tpr: number[]
}

/**
 * The empirical ROC curve of an attack flagging every target whose score is ≥ a threshold, at each distinct score
 * (ties move both rates at once: a diagonal step, as the rank AUC counts a tie as one half). Points inside a purely
 * vertical or horizontal run are dropped: the curve, its trapezoidal area and its best TPR at any FPR are unchanged.
 */
export function rocCurve(memberScores: ArrayLike<number>, nonMemberScores: ArrayLike<number>): RocCurve {
  const m = memberScores.length
  const n = nonMemberScores.length
  // a NaN score ranks lowest (and cannot stall the merge below)
  const sorted = (v: ArrayLike<number>) =>
    Float64Array.from(v, (x) => (x === x ? x : Number.NEGATIVE_INFINITY))
      .sort()
      .reverse()
  const pos = sorted(memberScores)
  const neg = sorted(nonMemberScores)
  const fpr = [0]
  const tpr = [0]
  const push = (fp: number, tp: number) => {
    const k = fpr.length
    const x = fp / n
    const y = tp / m
    // the previous point lies on a vertical or horizontal segment from its predecessor to this one: drop it
    if (k >= 2 && ((fpr[k - 2] === fpr[k - 1] && fpr[k - 1] === x) || (tpr[k - 2] === tpr[k - 1] && tpr[k - 1] === y))) {
      fpr[k - 1] = x
      tpr[k - 1] = y
    } else {
      fpr.push(x)
      tpr.push(y)
    }
  }
  let i = 0
  let j = 0
  while (i < m || j < n) {
    const s = Math.max(i < m ? pos[i] : -Infinity, j < n ? neg[j] : -Infinity)
    while (i < m && pos[i] === s) i++
    while (j < n && neg[j] === s) j++
    push(j, i)
  }
  return { fpr, tpr }
}
