import { averageRanks } from './correlation'

/**
 * Area under the ROC curve of `scores` for binary `labels` (1 = positive), by the Mann–Whitney statistic with
 * average ranks for ties: AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ n₋). 0.5 = no discrimination, 1 = perfect.
 * NaN when a class is absent.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const ranks = averageRanks(scores)
  let pos = 0
  let rankSum = 0
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) {
      pos++
      rankSum += ranks[i]
    }
  }
  const neg = labels.length - pos
  if (pos === 0 || neg === 0) return Number.NaN
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg)
}
