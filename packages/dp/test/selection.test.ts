import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import { describe, expect, it } from 'vitest'
import {
  aboveThreshold,
  createPrivacyBudget,
  discreteLaplacePmf,
  exponentialMechanism,
  exponentialSampler,
  gumbelMaxSampler,
  randomizedResponse,
  unsafeSeededForTesting,
} from '@synthkit/dp'

function chiSquare(counts: ArrayLike<number>, probs: ArrayLike<number>, n: number): number {
  let stat = 0
  for (let i = 0; i < counts.length; i++) {
    const e = probs[i] * n
    stat += (counts[i] - e) ** 2 / e
  }
  return 1 - chisquareCdf(stat, counts.length - 1)
}

function softmax(utilities: number[], epsilon: number, sensitivity: number): number[] {
  const w = utilities.map((u) => Math.exp((epsilon * u) / (2 * sensitivity)))
  const z = w.reduce((a, b) => a + b, 0)
  return w.map((x) => x / z)
}

const utilities = [0, 1, 2.5, 4, 4, -3, 0.25, 7]
const roomy = () => createPrivacyBudget({ epsilon: 1e9 })
/**
 * A million exact draws (the exponential sampler's Bernoulli(e^−γ) trials in BigInt rationals) take 50–70 s on CI's
 * two cores while the other packages test beside them: above the suite's 60 s default when the machine is busy.
 */
const MILLION_DRAWS_TIMEOUT = 180_000

describe('exponential mechanism', () => {
  it('selection frequencies at n = 1e6 match exp(ε·u/(2Δ)) normalised (chi-square)', () => {
    const draw = exponentialSampler(utilities, 1.2, 1, unsafeSeededForTesting(700))
    const counts = new Float64Array(utilities.length)
    const n = 1_000_000
    for (let i = 0; i < n; i++) counts[draw()]++
    expect(chiSquare(counts, softmax(utilities, 1.2, 1), n)).toBeGreaterThan(0.001)
  }, MILLION_DRAWS_TIMEOUT)

  it('the Gumbel report-noisy-max form has the same distribution (chi-square at n = 1e6)', () => {
    const draw = gumbelMaxSampler(utilities, 1.2, 1, unsafeSeededForTesting(701))
    const counts = new Float64Array(utilities.length)
    const n = 1_000_000
    for (let i = 0; i < n; i++) counts[draw()]++
    expect(chiSquare(counts, softmax(utilities, 1.2, 1), n)).toBeGreaterThan(0.001)
  }, MILLION_DRAWS_TIMEOUT)

  it('the chi-square check has power: it rejects frequencies drawn with ε 5 % too large', () => {
    const draw = exponentialSampler(utilities, 1.26, 1, unsafeSeededForTesting(702))
    const counts = new Float64Array(utilities.length)
    const n = 1_000_000
    for (let i = 0; i < n; i++) counts[draw()]++
    expect(chiSquare(counts, softmax(utilities, 1.2, 1), n)).toBeLessThan(1e-6)
  }, MILLION_DRAWS_TIMEOUT)

  it('the mechanism charges ε once per selection and returns an index', () => {
    const budget = createPrivacyBudget({ epsilon: 1 })
    const r = exponentialMechanism([1, 5, 2], { epsilon: 0.4, sensitivity: 1, budget, rng: unsafeSeededForTesting(703) })
    expect([0, 1, 2]).toContain(r.value)
    expect(budget.spent()).toEqual({ epsilon: 0.4, delta: 0 })
  })
})

describe('randomized response', () => {
  it('keeps a code with probability e^ε/(e^ε + k − 1) and spreads the rest uniformly (n = 1e6)', () => {
    const k = 5
    const epsilon = 1
    const codes = new Int32Array(1_000_000).fill(2)
    const r = randomizedResponse(codes, { epsilon, categories: k, budget: roomy(), rng: unsafeSeededForTesting(710) })
    const counts = new Float64Array(k)
    for (const c of r.value) counts[c]++
    const keep = Math.exp(epsilon) / (Math.exp(epsilon) + k - 1)
    const probs = Array.from({ length: k }, (_, j) => (j === 2 ? keep : (1 - keep) / (k - 1)))
    expect(chiSquare(counts, probs, codes.length)).toBeGreaterThan(0.001)
    expect(r.fitForRelease).toBe(false)
  })
})

describe('sparse vector (AboveThreshold)', () => {
  it('the distribution of the released index matches the exact one computed from the discrete Laplace pmfs', () => {
    // Grid step 1 and Δ = 1: Δ_g = 2 steps, threshold scale ⌈4/ε⌉, query scale ⌈8/ε⌉.
    const epsilon = 1
    const queries = [-6, -2, 0, 1, -1, 3]
    const threshold = 2
    const tScale = 4
    const qScale = 8
    const reach = 400
    const qCdfBelow = (m: number): number => {
      // P(Z < m) for Z discrete Laplace(qScale).
      let s = 0
      for (let z = -reach; z < m; z++) s += discreteLaplacePmf(z, qScale)
      return s
    }
    const probs = new Float64Array(queries.length + 1) // last cell: null
    for (let rho = -reach; rho <= reach; rho++) {
      const pr = discreteLaplacePmf(rho, tScale)
      let survive = 1
      for (let i = 0; i < queries.length; i++) {
        const below = qCdfBelow(threshold + rho - queries[i]) // q_i + ν_i < T + ρ
        probs[i] += pr * survive * (1 - below)
        survive *= below
      }
      probs[queries.length] += pr * survive
    }
    const budget = roomy()
    const rng = unsafeSeededForTesting(720)
    const n = 100_000
    const counts = new Float64Array(queries.length + 1)
    for (let i = 0; i < n; i++) {
      const r = aboveThreshold(queries, { epsilon, sensitivity: 1, threshold, budget, rng, granularity: 1 })
      expect(r.parameters.thresholdScale).toBe(tScale)
      counts[r.value === null ? queries.length : r.value]++
    }
    expect(chiSquare(counts, probs, n)).toBeGreaterThan(0.001)
  })

  it('finds a query far above the threshold and reports null when all are far below', () => {
    const budget = roomy()
    const rng = unsafeSeededForTesting(721)
    expect(aboveThreshold([-1e6, -1e6, 1e6, -1e6], { epsilon: 1, sensitivity: 1, threshold: 0, budget, rng }).value).toBe(2)
    expect(aboveThreshold([-1e6, -1e6], { epsilon: 1, sensitivity: 1, threshold: 0, budget, rng }).value).toBeNull()
  })
})
