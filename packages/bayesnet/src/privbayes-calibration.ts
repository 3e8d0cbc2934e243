/**
 * Sensitivity of the empirical mutual information I(X; Π) (nats) when one of n rows is replaced (Zhang, Cormode,
 * Procopiuc, Srivastava & Xiao, "PrivBayes: Private Data Release via Bayesian Networks", TODS 2017, Lemma 4.1):
 * (1/n) ln n + ((n−1)/n) ln(n/(n−1)) when X or the single parent is binary, otherwise
 * (2/n) ln((n+1)/2) + ((n−1)/n) ln((n+1)/(n−1)). The domain sizes come from the schema (public), never the data.
 */
export function mutualInformationSensitivity(n: number, binary: boolean): number {
  if (n <= 1) return Math.log(2)
  if (binary) return Math.log(n) / n + ((n - 1) / n) * Math.log(n / (n - 1))
  return (2 / n) * Math.log((n + 1) / 2) + ((n - 1) / n) * Math.log((n + 1) / (n - 1))
}

/**
 * The PrivBayes degree rule (TODS 2017, §4.3, binary-domain form): the largest k in [1, d − 1] whose d − k noisy
 * (k+1)-way tables are θ-useful, i.e. n·ε₂ / ((d − k)·2^(k+2)) ≥ θ — the average cell count n/2^(k+1) at least θ
 * times the Laplace scale 2(d − k)/ε₂ of a count (sensitivity 2 under replacing a row). At least 1.
 */
export function thetaUsefulDegree(n: number, d: number, epsilonConditionals: number, theta: number): number {
  let best = 1
  for (let k = 1; k < d; k++) {
    if ((n * epsilonConditionals) / ((d - k) * 2 ** (k + 2)) >= theta) best = k
  }
  return best
}

/**
 * The largest joint table (cells of X and its parents) that stays θ-useful for general domains (TODS 2017, §5):
 * average count n/m at least θ times the count noise scale 2·tables/ε₂, i.e. m ≤ n·ε₂ / (2·tables·θ). Parent sets
 * whose table is larger are not candidates (the empty parent set always is).
 */
export function thetaUsefulCells(n: number, tables: number, epsilonConditionals: number, theta: number): number {
  return Math.max(1, Math.floor((n * epsilonConditionals) / (2 * tables * theta)))
}
