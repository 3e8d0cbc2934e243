import { presentRange, sortedPresentValues } from './present-values'

/** The summary statistic StatisticSimilarity compares. */
export type SummaryStatistic = 'mean' | 'std' | 'median'

/** Mean, sample standard deviation (n − 1, as pandas) or median (mean of the two middle values) of present values. */
export function summaryStatistic(values: ArrayLike<number>, statistic: SummaryStatistic): number {
  if (statistic === 'median') {
    const s = sortedPresentValues(values)
    const n = s.length
    if (n === 0) return Number.NaN
    return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
  }
  let n = 0
  let sum = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== v) continue
    n++
    sum += v
  }
  if (n === 0) return Number.NaN
  const mean = sum / n
  if (statistic === 'mean') return mean
  if (n < 2) return Number.NaN
  let ss = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== v) continue
    ss += (v - mean) * (v - mean)
  }
  return Math.sqrt(ss / (n - 1))
}

/**
 * StatisticSimilarity (SDMetrics): max(0, 1 − |stat_r − stat_s| / (max_r − min_r)) for the mean, standard deviation
 * or median of the present values. Range [0, 1]. NaN when a side has no present value or the real column is constant.
 */
export function statisticSimilarity(real: ArrayLike<number>, synthetic: ArrayLike<number>, statistic: SummaryStatistic = 'mean'): number {
  const range = presentRange(real)
  if (!range || range.max === range.min) return Number.NaN
  const a = summaryStatistic(real, statistic)
  const b = summaryStatistic(synthetic, statistic)
  if (a !== a || b !== b) return Number.NaN
  return Math.max(1 - Math.abs(a - b) / (range.max - range.min), 0)
}
