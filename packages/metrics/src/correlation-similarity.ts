import { pearsonPairwise, spearmanPairwise } from './correlation'

/** Which correlation coefficient CorrelationSimilarity compares. SDMetrics' quality report uses Pearson. */
export type CorrelationCoefficient = 'pearson' | 'spearman'

/** Score and the two coefficients it compares; `score` is NaN when either coefficient is undefined. */
export interface CorrelationSimilarityResult {
  readonly score: number
  readonly real: number
  readonly synthetic: number
}

/** True when the column has exactly one distinct present value (pandas `nunique() == 1`). */
function isConstant(values: ArrayLike<number>): boolean {
  let first = Number.NaN
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== v) continue
    if (first !== first) first = v
    else if (v !== first) return false
  }
  return first === first
}

/**
 * CorrelationSimilarity (SDMetrics): 1 − |ρ_real − ρ_synthetic| / 2 for a pair of continuous columns, where ρ is
 * Pearson's r (default) or Spearman's rho over the rows where both values are present. Range [0, 1]; 1 when the
 * correlations are equal. NaN (with `real`/`synthetic` NaN) when a column is constant on either side or fewer than
 * two complete rows remain — SDMetrics reports an error for such pairs and leaves them out of the average.
 * Datetimes are passed as numbers.
 */
export function correlationSimilarity(
  real: readonly [ArrayLike<number>, ArrayLike<number>],
  synthetic: readonly [ArrayLike<number>, ArrayLike<number>],
  coefficient: CorrelationCoefficient = 'pearson',
): CorrelationSimilarityResult {
  const nan = { score: Number.NaN, real: Number.NaN, synthetic: Number.NaN }
  if (isConstant(real[0]) || isConstant(real[1]) || isConstant(synthetic[0]) || isConstant(synthetic[1])) return nan
  const corr = coefficient === 'pearson' ? pearsonPairwise : spearmanPairwise
  const r = corr(real[0], real[1])
  const s = corr(synthetic[0], synthetic[1])
  if (r !== r || s !== s) return nan
  return { score: 1 - Math.abs(r - s) / 2, real: r, synthetic: s }
}
