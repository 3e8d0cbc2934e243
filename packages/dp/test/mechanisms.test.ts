import { describe, expect, it } from 'vitest'
import {
  createPrivacyBudget,
  discreteGaussianMechanism,
  discreteLaplaceMechanism,
  discreteLaplacePmf,
  gaussianMechanism,
  gaussianVectorMechanism,
  laplaceMechanism,
  laplaceVectorMechanism,
  normalCdf,
  unsafeSeededForTesting,
  type RandomSource,
} from '@synthkit/dp'
import { ksTest } from './stats'

const N = 1_000_000
const roomy = () => createPrivacyBudget({ epsilon: 1e9, delta: 0.5 })

function laplaceCdf(x: number, b: number): number {
  return x < 0 ? 0.5 * Math.exp(x / b) : 1 - 0.5 * Math.exp(-x / b)
}

describe('float-safe Laplace and Gaussian', () => {
  it('Laplace noise on the grid passes KS against the Laplace CDF at n = 1e6', () => {
    const r = laplaceVectorMechanism(new Float64Array(N), {
      epsilon: 0.5,
      sensitivity: 1,
      budget: roomy(),
      rng: unsafeSeededForTesting(300),
    })
    const b = r.parameters.scale as number
    // The grid adds one step per coordinate to the sensitivity: with 1e6 coordinates the scale grows accordingly.
    expect(b).toBeGreaterThanOrEqual(2)
    const { pValue } = ksTest(r.value, (x) => laplaceCdf(x, b))
    expect(pValue).toBeGreaterThan(0.001)
  })

  it('a scalar Laplace release uses scale (⌊Δ/g⌋ + 1)·g ≈ Δ/ε and outputs a multiple of the grid', () => {
    const r = laplaceMechanism(12.3456789, { epsilon: 1, sensitivity: 1, budget: roomy(), rng: unsafeSeededForTesting(301) })
    const g = r.parameters.granularity as number
    expect(g).toBe(2 ** -20)
    expect(r.parameters.scale).toBe(1 + 2 ** -20)
    expect(Number.isInteger(r.value / g)).toBe(true)
    expect(r.fitForRelease).toBe(false)
  })

  it('Gaussian noise on the grid passes KS against the normal CDF at n = 1e6', () => {
    const r = gaussianVectorMechanism(new Float64Array(N), {
      rho: 0.5,
      sensitivity: 1,
      budget: createPrivacyBudget({ rho: 1e9, accounting: 'zcdp' }),
      rng: unsafeSeededForTesting(302),
    })
    const sigma = r.parameters.sigma as number
    // σ ≥ (Δ + √d·g)/√(2ρ): rounding d coordinates to the grid adds √d steps of L2 sensitivity.
    const g = r.parameters.granularity as number
    expect(sigma).toBeGreaterThanOrEqual((1 + Math.sqrt(N) * g) / Math.sqrt(1))
    expect(sigma).toBeLessThan(((1 + Math.sqrt(N) * g) / Math.sqrt(1)) * (1 + 1e-5))
    const { pValue } = ksTest(r.value, (x) => normalCdf(x / sigma))
    expect(pValue).toBeGreaterThan(0.001)
  })

  it('the scalar (ε, δ) Gaussian uses σ within 0.1 % of the analytic-Gaussian optimum, the vector form ~10 % more', () => {
    const r = gaussianMechanism(0, { epsilon: 1, delta: 1e-5, sensitivity: 1, budget: roomy(), rng: unsafeSeededForTesting(303) })
    const sigma = r.parameters.sigma as number
    const analytic = 3.7306316348159418 // mpmath, Balle & Wang Theorem 8
    expect(Math.abs(sigma / analytic - 1)).toBeLessThan(1e-3)
    expect(sigma).toBeLessThan(Math.sqrt(2 * Math.log(1.25 / 1e-5))) // classical calibration
    const v = gaussianVectorMechanism([0, 0], {
      epsilon: 1,
      delta: 1e-5,
      sensitivity: 1,
      budget: roomy(),
      rng: unsafeSeededForTesting(304),
    })
    expect((v.parameters.sigma as number) / analytic).toBeGreaterThan(1.05)
    expect((v.parameters.sigma as number) / analytic).toBeLessThan(1.15)
  })
})

// A textbook floating-point Laplace: x + b·(±ln u) with a 53-bit uniform double. This is what Mironov (CCS 2012) broke.
function naiveLaplace(x: number, b: number, rng: RandomSource): number {
  const u = ((rng.nextUint32() >>> 5) * 67108864 + (rng.nextUint32() >>> 6) + 1) / 9007199254740993
  const sign = rng.nextUint32() & 1 ? 1 : -1
  return x + sign * b * Math.log(u)
}

describe('the Mironov artefact', () => {
  const trials = 200_000
  it('naive floating-point Laplace emits outputs reachable from one neighbour only, identifying the input', () => {
    const rng = unsafeSeededForTesting(400)
    // From x = 1, an output y in (0, 1) is 1 + n with n in (−1, 0): Sterbenz-exact, hence a multiple of 2^−53.
    // From x = 0, y = n itself, which carries finer low-order bits: such outputs cannot come from x = 1.
    let inWindow = 0
    let identifying = 0
    for (let i = 0; i < trials; i++) {
      const y = naiveLaplace(0, 1, rng)
      if (y > 0 && y < 1) {
        inWindow++
        if (!Number.isInteger(y * 2 ** 53)) identifying++
      }
    }
    expect(inWindow).toBeGreaterThan(trials / 4)
    // About 40 %: all of (0, 1/4) and half of [1/4, 1/2) carry bits below 2^−53.
    expect(identifying / inWindow).toBeGreaterThan(0.3)
  })

  it('float-safe Laplace: the outputs of both neighbours lie on the same grid, where every point is reachable from both with likelihood ratio ≤ e^ε', () => {
    const epsilon = 1
    const sets = [0, 1].map((x, k) => {
      const budget = roomy()
      const rng = unsafeSeededForTesting(500 + k)
      const out = new Set<number>()
      for (let i = 0; i < 20_000; i++) out.add(laplaceMechanism(x, { epsilon, sensitivity: 1, budget, rng, granularity: 2 ** -4 }).value)
      return out
    })
    const g = 2 ** -4
    const scaleSteps = Math.ceil((1 / g + 1) / epsilon) // integer scale the mechanism uses for Δ = 1, g = 1/16
    for (const [k, set] of sets.entries()) {
      for (const y of set) {
        expect(Number.isInteger(y / g)).toBe(true) // no low-order bits beyond the grid
        // Exact pmf of y under each input: the privacy loss of every observed output is finite and ≤ ε.
        const p0 = discreteLaplacePmf(Math.round(y / g) - 0, scaleSteps)
        const p1 = discreteLaplacePmf(Math.round(y / g) - 16, scaleSteps)
        expect(p0 > 0 && p1 > 0).toBe(true)
        expect(Math.abs(Math.log(p0 / p1))).toBeLessThanOrEqual(epsilon + 1e-12)
        expect(k === 0 || k === 1).toBe(true)
      }
    }
    // Every grid point within ±2 scales was hit from both inputs: the reachable sets coincide there.
    for (let y = -1; y <= 2; y += g) {
      expect(sets[0].has(y)).toBe(true)
      expect(sets[1].has(y)).toBe(true)
    }
  })
})

describe('the float-safe Gaussian has no Mironov artefact either', () => {
  it('outputs from neighbouring inputs lie on one grid and cover the same grid points', () => {
    const g = 2 ** -3
    const sets = [0, 1].map((x, k) => {
      const budget = createPrivacyBudget({ rho: 1e6, accounting: 'zcdp' })
      const rng = unsafeSeededForTesting(550 + k)
      const out = new Set<number>()
      for (let i = 0; i < 20_000; i++) out.add(gaussianMechanism(x, { rho: 0.5, sensitivity: 1, granularity: g, budget, rng }).value)
      return out
    })
    for (const set of sets) for (const y of set) expect(Number.isInteger(y / g)).toBe(true)
    for (let y = -1; y <= 2; y += g) {
      expect(sets[0].has(y)).toBe(true)
      expect(sets[1].has(y)).toBe(true)
    }
  })
})

describe('integer mechanisms', () => {
  it('discrete Laplace mechanism adds exact discrete Laplace noise of scale Δ/ε', () => {
    const budget = roomy()
    const rng = unsafeSeededForTesting(600)
    let sumAbs = 0
    let nonInteger = 0 // checked once below: an expect per release cost more CPU than the 50,000 releases
    const n = 50_000
    for (let i = 0; i < n; i++) {
      const r = discreteLaplaceMechanism(10, { epsilon: 0.5, sensitivity: 2, budget, rng })
      if (!Number.isInteger(r.value)) nonInteger++
      sumAbs += Math.abs(r.value - 10)
    }
    expect(nonInteger).toBe(0)
    // E|Z| for the discrete Laplace with scale 4: 2a/(1 − a²) with a = e^{−1/4}.
    const a = Math.exp(-1 / 4)
    expect(Math.abs(sumAbs / n - (2 * a) / (1 - a * a))).toBeLessThan(0.1)
  })

  it('discrete Gaussian mechanism charges ρ = Δ²/(2σ²) and reports σ', () => {
    const budget = createPrivacyBudget({ rho: 1, accounting: 'zcdp' })
    const r = discreteGaussianMechanism(5, { rho: 0.125, sensitivity: 1, budget, rng: unsafeSeededForTesting(601) })
    expect(r.parameters.sigma).toBeCloseTo(2, 9)
    expect(budget.spent()).toEqual({ rho: 0.125 })
    expect(Number.isInteger(r.value)).toBe(true)
  })
})
