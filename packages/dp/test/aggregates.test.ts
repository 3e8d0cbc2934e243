import { describe, expect, it } from 'vitest'
import {
  createPrivacyBudget,
  dpContingencyTable,
  dpCount,
  dpHistogram,
  dpMean,
  dpQuantile,
  dpSum,
  unsafeSeededForTesting,
} from '@synthkit/dp'
import { loadColumns } from '../../../testing/data'

const adult = loadColumns('adult')
const age = Float64Array.from(adult.age, Number)
const roomy = () => createPrivacyBudget({ epsilon: 1e9, delta: 0.5 })

describe('DP aggregates on adult.age (48,842 rows) with declared bounds', () => {
  it('count is the row count plus discrete Laplace noise of scale 1/ε (mean abs error over 2,000 releases)', () => {
    const budget = roomy()
    const rng = unsafeSeededForTesting(800)
    let abs = 0
    for (let i = 0; i < 2000; i++) {
      const r = dpCount(age, { epsilon: 0.5, budget, rng })
      expect(Number.isInteger(r.value)).toBe(true)
      abs += Math.abs(r.value - age.length)
    }
    const a = Math.exp(-0.5)
    expect(abs / 2000).toBeCloseTo((2 * a) / (1 - a * a), 0) // E|Z| ≈ 1.92
  })

  it('sum clamps to the bounds explicitly: with bounds [0, 50] every age above 50 counts as 50', () => {
    const clampedSum = age.reduce((s, x) => s + Math.min(50, x), 0)
    const r = dpSum(age, { epsilon: 1e6, bounds: { min: 0, max: 50 }, budget: roomy(), rng: unsafeSeededForTesting(801) })
    // At ε = 1e6 the noise is ~ 5e−5; the grid step is 2^−15 per value.
    expect(Math.abs(r.value - clampedSum)).toBeLessThan(48842 * 2 ** -16 + 1e-3)
    expect(Number.isInteger(r.value / (r.parameters.granularity as number))).toBe(true)
  })

  it('mean at ε = 1 lands within 0.05 years of the true mean (38.64) and charges ε/2 twice', () => {
    const budget = createPrivacyBudget({ epsilon: 1 })
    const truth = age.reduce((s, x) => s + x, 0) / age.length
    const r = dpMean(age, { epsilon: 1, bounds: { min: 17, max: 90 }, budget, rng: unsafeSeededForTesting(802) })
    expect(Math.abs(r.value.mean - truth)).toBeLessThan(0.05)
    expect(budget.ledger().map((e) => [e.what, e.cost])).toEqual([
      ['mean: sum', { epsilon: 0.5, delta: 0 }],
      ['mean: count', { epsilon: 0.5, delta: 0 }],
    ])
    expect(() => dpMean(age, { epsilon: 0.1, bounds: { min: 17, max: 90 }, budget })).toThrow(/budget exceeded/)
    expect(budget.ledger()).toHaveLength(2)
  })

  it('histogram over declared categories returns one noisy count per category, in declared order', () => {
    const sex = adult.sex
    const r = dpHistogram(sex, { categories: ['Female', 'Male'], epsilon: 1, budget: roomy(), rng: unsafeSeededForTesting(803) })
    const female = sex.filter((s) => s === 'Female').length
    expect(r.value.labels).toEqual(['Female', 'Male'])
    expect(Math.abs(r.value.counts[0] - female)).toBeLessThan(15)
    expect(Math.abs(r.value.counts[1] - (sex.length - female))).toBeLessThan(15)
  })

  it('histogram refuses values outside the declared categories unless told to ignore them', () => {
    expect(() => dpHistogram(adult.race, { categories: ['White', 'Black'], epsilon: 1, budget: roomy() })).toThrow(
      /not a declared category/,
    )
    const r = dpHistogram(adult.race, {
      categories: ['White', 'Black'],
      unknown: 'ignore',
      epsilon: 1,
      budget: roomy(),
      rng: unsafeSeededForTesting(804),
    })
    expect(r.value.counts).toHaveLength(2)
  })

  it('histogram over bins clamps values outside the edges into the end bins', () => {
    const r = dpHistogram(Array.from(age), {
      bins: [20, 40, 60],
      rho: 1e6,
      budget: createPrivacyBudget({ rho: 1e7, accounting: 'zcdp' }),
      rng: unsafeSeededForTesting(805),
    })
    const below40 = Array.from(age).filter((x) => x < 40).length // includes ages under 20, clamped into [20, 40)
    expect(r.value.labels).toEqual(['[20, 40)', '[40, 60]'])
    expect(Math.abs(r.value.counts[0] - below40)).toBeLessThan(3)
    expect(Math.abs(r.value.counts[1] - (age.length - below40))).toBeLessThan(3)
  })

  it('median at ε = 1 over 1,025 candidates in [0, 100] is within 1 year of the true median (37)', () => {
    const sorted = Float64Array.from(age).sort()
    const median = sorted[Math.floor(sorted.length / 2)]
    const budget = roomy()
    const rng = unsafeSeededForTesting(806)
    for (let i = 0; i < 20; i++) {
      const r = dpQuantile(age, { epsilon: 1, q: 0.5, bounds: { min: 0, max: 100 }, budget, rng })
      expect(Math.abs(r.value - median)).toBeLessThanOrEqual(1)
    }
  })

  it('quantile outputs come from the data-independent candidate grid', () => {
    const r = dpQuantile(age, {
      epsilon: 0.01,
      q: 0.9,
      bounds: { min: 0, max: 128 },
      candidates: 129,
      budget: roomy(),
      rng: unsafeSeededForTesting(807),
    })
    expect(Number.isInteger(r.value)).toBe(true)
    expect(r.value).toBeGreaterThanOrEqual(0)
    expect(r.value).toBeLessThanOrEqual(128)
  })
})

describe('DP contingency table', () => {
  it('noisy joint counts of sex × income on adult match the exact cross-tab within the noise', () => {
    const sex = Int32Array.from(adult.sex, (s) => (s === 'Male' ? 1 : 0))
    const income = Int32Array.from(adult.income, (s) => (s.startsWith('>50K') ? 1 : 0))
    const exact = new Float64Array(4)
    for (let i = 0; i < sex.length; i++) exact[sex[i] * 2 + income[i]]++
    const r = dpContingencyTable([sex, income], [2, 2], { epsilon: 1, budget: roomy(), rng: unsafeSeededForTesting(900) })
    expect(r.value.shape).toEqual([2, 2])
    for (let c = 0; c < 4; c++) expect(Math.abs(r.value.counts[c] - exact[c])).toBeLessThan(15)
    expect(r.value.counts.reduce((a, b) => a + b, 0)).toBeCloseTo(sex.length, -2)
  })

  it('refuses a missing code instead of dropping the row', () => {
    expect(() => dpContingencyTable([Int32Array.from([0, -1]), Int32Array.from([1, 1])], [2, 2], { epsilon: 1, budget: roomy() })).toThrow(
      /columns\.0\.1/,
    )
  })
})
