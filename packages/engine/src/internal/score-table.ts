import { type NumericScore, marginalCdf } from '@synthkit/copula'

/**
 * A marginal's CDF as a piecewise-linear table over distinct points x[k]: `at[k]` the value at x[k] (the middle
 * of the jump at an atom), `right[k]` just after x[k], `left[k]` just before; linear from right[k] to left[k + 1]
 * in between; `below` / `above` outside. For the empirical marginal it is the marginal's CDF exactly (core's
 * empirical CDF with the `mid` side at atoms); for a parametric one the CDF is read at the summary's points (data
 * quantiles 1/1000 apart, or every value of a small column) and interpolated — an error in probability of the order
 * of the CDF's curvature times 1e-6.
 */
export interface ScoreTable {
  readonly x: number[]
  readonly at: number[]
  readonly right: number[]
  readonly left: number[]
  readonly below: number
  readonly above: number
}

/** The piecewise-linear CDF table of a numerical coordinate (see {@link ScoreTable}). */
export function scoreTable(r: NumericScore): ScoreTable {
  const m = r.marginal
  if (m.family === 'empirical') {
    const q = m.quantiles
    const step = 1 / (q.length - 1)
    const x: number[] = []
    const at: number[] = []
    const right: number[] = []
    const left: number[] = []
    for (let i = 0; i < q.length; ) {
      let j = i
      while (j + 1 < q.length && q[j + 1] === q[i]) j++
      x.push(q[i])
      at.push(((i + j) / 2) * step)
      right.push(j * step)
      left.push(i * step)
      i = j + 1
    }
    return { x, at, right, left, below: 0, above: 1 }
  }
  const points = r.summary.values ?? r.summary.knots!
  const x = [...new Set(points)].sort((a, b) => a - b)
  const p = x.map((v) => marginalCdf(m, v))
  return {
    x,
    at: p,
    right: p,
    left: p,
    below: marginalCdf(m, x[0] - Math.abs(x[0]) * 1e-9 - 1e-300),
    above: marginalCdf(m, x[x.length - 1]),
  }
}
