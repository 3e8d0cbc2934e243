import { type Rng, createRng, createTable, fromColumns } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { T_UPPER_QUARTILE } from '../src/marginal-fit'
import { tCdf, tQuantile } from '../src/special'
import { type Marginal, fitCopula, fitFamily, fitMarginal, marginalCdf, marginalQuantile, sampleCopula } from '../src/index'

/** n draws from a marginal by inverse CDF, sorted. */
function draw(m: Marginal, n: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n }, () => marginalQuantile(m, rng.next())).sort()
}

/** One-sample KS statistic of sorted data against a CDF. */
function ks(sorted: Float64Array, cdf: (x: number) => number): number {
  let d = 0
  const n = sorted.length
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i])
    d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n))
  }
  return d
}

const N = 5000
const CRITICAL_1PCT = 1.63 / Math.sqrt(N)

const truths: Marginal[] = [
  { family: 'uniform', low: -2, high: 5 },
  { family: 'normal', mean: 10, sd: 3 },
  { family: 'truncnorm', mean: 0, sd: 1, low: -0.5, high: 2 },
  { family: 'lognormal', mu: 1, sigma: 0.5, loc: 0 },
  { family: 'gamma', shape: 2.5, scale: 1.5, loc: 0 },
  { family: 'beta', alpha: 2, beta: 5, loc: 0, scale: 1 },
  { family: 'studentT', df: 3, loc: 1, scale: 2 },
]

describe('marginal families', () => {
  it.each(truths.map((m) => [m.family, m] as const))('fitting %s to its own draws passes a 1%% KS test against the data', (_, truth) => {
    const data = draw(truth, N, createRng(`fit-${truth.family}`))
    const fitted = fitFamily(truth.family, data)!
    expect(fitted.family).toBe(truth.family)
    expect(ks(data, (x) => marginalCdf(fitted, x))).toBeLessThan(CRITICAL_1PCT)
  })

  it.each(truths.map((m) => [m.family, m] as const))(
    "'auto' on %s draws picks a parametric family within KS distance of the truth",
    (_, truth) => {
      const data = draw(truth, N, createRng(`auto-${truth.family}`))
      const { marginal, ks: stats } = fitMarginal(data, 'auto')
      expect(marginal.family).not.toBe('empirical')
      expect(stats[truth.family]).toBeDefined()
      // the chosen CDF is close to the true one everywhere on the data
      let gap = 0
      for (const x of data) gap = Math.max(gap, Math.abs(marginalCdf(marginal, x) - marginalCdf(truth, x)))
      expect(gap).toBeLessThan(0.03)
    },
  )

  it("'auto' picks the simplest family that fits: normal draws get the normal family", () => {
    const data = draw({ family: 'normal', mean: 0, sd: 1 }, N, createRng(3))
    expect(fitMarginal(data, 'auto').marginal.family).toBe('normal')
  })

  it("'auto' falls back to the empirical quantile function for a bimodal column", () => {
    const rng = createRng(4)
    const data = Float64Array.from({ length: N }, (_, i) =>
      marginalQuantile({ family: 'normal', mean: i % 2 ? 0 : 8, sd: 1 }, rng.next()),
    ).sort()
    expect(fitMarginal(data, 'auto').marginal.family).toBe('empirical')
  })

  it('the empirical marginal reproduces the data quantiles at its knots', () => {
    const data = draw({ family: 'gamma', shape: 1, scale: 1, loc: 0 }, 1001, createRng(5))
    const m = fitFamily('empirical', data)!
    expect(m.family).toBe('empirical')
    if (m.family === 'empirical') expect(m.quantiles).toEqual(Array.from(data))
  })
})

describe('a known multivariate normal', () => {
  const truth = [
    [1, 0.6, -0.3],
    [0.6, 1, 0.2],
    [-0.3, 0.2, 1],
  ]
  const means = [5, -2, 100]
  const sds = [1, 3, 15]
  const n = 20_000
  // Cholesky of `truth` written out (lower triangle), so that the test does not reuse the code under test
  const l11 = 1
  const l21 = 0.6
  const l22 = Math.sqrt(1 - 0.36)
  const l31 = -0.3
  const l32 = (0.2 - l31 * l21) / l22
  const l33 = Math.sqrt(1 - l31 * l31 - l32 * l32)
  const rng = createRng(2024)
  const gauss = () => {
    for (;;) {
      const u = 2 * rng.next() - 1
      const v = 2 * rng.next() - 1
      const s = u * u + v * v
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s)
    }
  }
  const cols = { a: new Float64Array(n), b: new Float64Array(n), c: new Float64Array(n) }
  for (let i = 0; i < n; i++) {
    const e1 = gauss()
    const e2 = gauss()
    const e3 = gauss()
    cols.a[i] = means[0] + sds[0] * (l11 * e1)
    cols.b[i] = means[1] + sds[1] * (l21 * e1 + l22 * e2)
    cols.c[i] = means[2] + sds[2] * (l31 * e1 + l32 * e2 + l33 * e3)
  }
  const schema = { columns: ['a', 'b', 'c'].map((name) => ({ name, kind: 'numerical' as const, type: 'float' as const })) }
  const table = createTable(schema, {
    a: { type: 'numeric', values: cols.a },
    b: { type: 'numeric', values: cols.b },
    c: { type: 'numeric', values: cols.c },
  })

  it('the fitted correlation is within 0.02 of the truth and every marginal is recognised as normal', () => {
    const model = fitCopula(table)
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(model.correlation[i][j] - truth[i][j])).toBeLessThan(0.02)
    for (const c of model.columns) expect(c.kind === 'numeric' && c.marginal?.family).toBe('normal')
  })

  it('samples whose marginals pass a 1% KS test against the true normals and whose correlation is within 0.03', () => {
    const synthetic = sampleCopula(fitCopula(table), n, createRng(99))
    const values = ['a', 'b', 'c'].map((k) => {
      const col = synthetic.columns[k]
      return col.type === 'numeric' ? col.values : new Float64Array()
    })
    values.forEach((v, j) => {
      const truthCdf = (x: number) => marginalCdf({ family: 'normal', mean: means[j], sd: sds[j] }, x)
      expect(ks(Float64Array.from(v).sort(), truthCdf)).toBeLessThan(1.63 / Math.sqrt(n))
    })
    const corr = (x: Float64Array, y: Float64Array) => {
      const mx = x.reduce((a, b) => a + b, 0) / n
      const my = y.reduce((a, b) => a + b, 0) / n
      let sxy = 0
      let sxx = 0
      let syy = 0
      for (let i = 0; i < n; i++) (sxy += (x[i] - mx) * (y[i] - my)), (sxx += (x[i] - mx) ** 2), (syy += (y[i] - my) ** 2)
      return sxy / Math.sqrt(sxx * syy)
    }
    expect(Math.abs(corr(values[0], values[1]) - 0.6)).toBeLessThan(0.03)
    expect(Math.abs(corr(values[0], values[2]) + 0.3)).toBeLessThan(0.03)
    expect(Math.abs(corr(values[1], values[2]) - 0.2)).toBeLessThan(0.03)
  })

  it('is deterministic: same data and options give identical model JSON, same seed identical samples', () => {
    const a = JSON.stringify(fitCopula(table))
    const b = JSON.stringify(fitCopula(fromColumns({ a: Array.from(cols.a), b: Array.from(cols.b), c: Array.from(cols.c) }, schema)))
    expect(a).toBe(b)
    const m = fitCopula(table)
    const s1 = sampleCopula(m, 500, createRng(1))
    const s2 = sampleCopula(m, 500, createRng(1))
    expect(s1.columns).toEqual(s2.columns)
  })
})

describe('Student-t scale constants', () => {
  it("the upper quartiles used for scale = MAD / t₀.₇₅ are the t quantiles at 0.75 (to 1e-12, the special functions' accuracy)", () => {
    T_UPPER_QUARTILE.forEach((q, i) => {
      const df = [1, 2, 3, 5, 8, 15, 30][i]
      expect(Math.abs(q - tQuantile(0.75, df))).toBeLessThan(1e-12)
      // and the t CDF puts 3/4 of the mass below it
      expect(Math.abs(tCdf(q, df) - 0.75)).toBeLessThan(1e-12)
    })
    expect(T_UPPER_QUARTILE).toHaveLength(7)
  })
})
