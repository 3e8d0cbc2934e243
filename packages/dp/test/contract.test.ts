// The DP contract: nothing is charged for a release that cannot happen, randomness sources are checked, the
// release says whether it is fit for release, charges are converted to the budget's accounting, seeded streams equal
// @synthkit/core's, errors carry the shared synthkit brand.
import { createRng, isSynthkitError } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import {
  aboveThreshold,
  analyticGaussianSigma,
  classicalGaussianSigma,
  createPrivacyBudget,
  discreteGaussianMechanism,
  discreteLaplaceMechanism,
  discreteLaplaceVectorMechanism,
  dpCount,
  dpMean,
  gaussianDelta,
  gaussianMechanism,
  gaussianVectorMechanism,
  isDpError,
  laplaceMechanism,
  sampleDiscreteLaplace,
  secureRandomSource,
  unsafeSeededForTesting,
  type DpError,
  type PrivacyBudget,
  type RandomSource,
} from '@synthkit/dp'
import { binomialZ } from './stats'

function dpErrorOf(f: () => unknown): DpError {
  try {
    f()
  } catch (e) {
    if (isDpError(e)) return e
    throw e
  }
  throw new Error('expected a DpError')
}

describe('the discrete Laplace tail is exact where the overflow shortcut truncated it', () => {
  // Before the fix these draws never exceeded |x| = 1 or 2. P(|X| > k) = 2a^{k+1}/(1 + a), a = e^{−1/b}.
  const n = 100_000
  for (const [label, draws, scale] of [
    [
      'mechanism ε = 0.7, Δ = 1',
      () =>
        discreteLaplaceVectorMechanism(new Float64Array(n), {
          epsilon: 0.7,
          sensitivity: 1,
          budget: createPrivacyBudget({ epsilon: 1 }),
          rng: unsafeSeededForTesting(71),
        }).value,
      1 / 0.7,
    ],
    [
      'mechanism ε = 1.2, Δ = 1',
      () =>
        discreteLaplaceVectorMechanism(new Float64Array(n), {
          epsilon: 1.2,
          sensitivity: 1,
          budget: createPrivacyBudget({ epsilon: 2 }),
          rng: unsafeSeededForTesting(72),
        }).value,
      1 / 1.2,
    ],
    [
      'mechanism ε = 1.8, Δ = 1',
      () =>
        discreteLaplaceVectorMechanism(new Float64Array(n), {
          epsilon: 1.8,
          sensitivity: 1,
          budget: createPrivacyBudget({ epsilon: 2 }),
          rng: unsafeSeededForTesting(73),
        }).value,
      1 / 1.8,
    ],
    [
      'mechanism ε = 1.3, Δ = 3',
      () =>
        discreteLaplaceVectorMechanism(new Float64Array(n), {
          epsilon: 1.3,
          sensitivity: 3,
          budget: createPrivacyBudget({ epsilon: 2 }),
          rng: unsafeSeededForTesting(74),
        }).value,
      3 / 1.3,
    ],
    ['sampler scale 1/0.7', () => sampleDiscreteLaplace(1 / 0.7, n, unsafeSeededForTesting(75)), 1 / 0.7],
  ] as const) {
    it(`${label}: P(|X| > k) matches the exact tail for k = 1, 2, 3, 5 (binomial |z| < 5)`, () => {
      const xs = draws()
      const a = Math.exp(-1 / scale)
      for (const k of [1, 2, 3, 5]) {
        const p = (2 * a ** (k + 1)) / (1 + a)
        let beyond = 0
        for (const x of xs) if (Math.abs(x) > k) beyond++
        if (n * p < 5) continue // too rare to test at this n
        expect(Math.abs(binomialZ(beyond, n, p)), `k = ${k}: ${beyond} beyond vs ${(n * p).toFixed(0)} expected`).toBeLessThan(5)
      }
    })
  }
})

describe('a mechanism that cannot release charges nothing', () => {
  const cases: [string, (b: PrivacyBudget) => unknown, () => PrivacyBudget][] = [
    [
      'discrete Laplace with ε = 1e-13 (scale > 2^40)',
      (b) => discreteLaplaceMechanism(1, { epsilon: 1e-13, sensitivity: 1, budget: b, rng: unsafeSeededForTesting(1) }),
      () => createPrivacyBudget({ epsilon: 1 }),
    ],
    [
      'discrete Gaussian with ρ = 1e-30 (σ > 2^40)',
      (b) => discreteGaussianMechanism(1, { rho: 1e-30, sensitivity: 1, budget: b, rng: unsafeSeededForTesting(1) }),
      () => createPrivacyBudget({ rho: 1, accounting: 'zcdp' }),
    ],
    [
      'discrete Gaussian vector with ρ = 1e-30',
      (b) => discreteGaussianMechanism(1, { rho: 1e-30, sensitivity: 1, budget: b }),
      () => createPrivacyBudget({ rho: 1, accounting: 'zcdp' }),
    ],
    [
      'Gaussian (grid) vector with ρ = 1e-30',
      (b) => gaussianVectorMechanism([1, 2], { rho: 1e-30, sensitivity: 1, budget: b }),
      () => createPrivacyBudget({ rho: 1, accounting: 'zcdp' }),
    ],
    [
      'Gaussian (grid) with ρ = 1e-300',
      (b) => gaussianMechanism(1, { rho: 1e-300, sensitivity: 1, budget: b }),
      () => createPrivacyBudget({ rho: 1, accounting: 'zcdp' }),
    ],
    [
      'Laplace (grid) with ε = 1e-13',
      (b) => laplaceMechanism(1, { epsilon: 1e-13, sensitivity: 1, budget: b }),
      () => createPrivacyBudget({ epsilon: 1 }),
    ],
    [
      'AboveThreshold with ε = 1e-13',
      (b) => aboveThreshold([1], { epsilon: 1e-13, sensitivity: 1, threshold: 0, budget: b }),
      () => createPrivacyBudget({ epsilon: 1 }),
    ],
    ['dpCount with ε = 1e-13', (b) => dpCount(10, { epsilon: 1e-13, budget: b }), () => createPrivacyBudget({ epsilon: 1 })],
    [
      'dpMean with ε = 1e-11 (the sum half has scale > 2^40)',
      (b) => dpMean([1, 2], { epsilon: 1e-11, bounds: { min: 0, max: 4 }, budget: b }),
      () => createPrivacyBudget({ epsilon: 1 }),
    ],
    [
      'dpMean whose second half would not fit',
      (b) => dpMean([1, 2], { epsilon: 0.8, bounds: { min: 0, max: 4 }, budget: b }),
      () => createPrivacyBudget({ epsilon: 0.7 }),
    ],
    [
      'a release with a ledger label that is not a string',
      (b) => dpCount(10, { epsilon: 0.5, budget: b, what: 5 as unknown as string }),
      () => createPrivacyBudget({ epsilon: 1 }),
    ],
  ]
  for (const [label, f, make] of cases) {
    it(`${label}: typed error, empty ledger, nothing spent`, () => {
      const b = make()
      expect(['PARAMETER_INVALID', 'PRIVACY_BUDGET_EXCEEDED']).toContain(dpErrorOf(() => f(b)).code)
      expect(b.ledger()).toEqual([])
      expect(Object.values(b.spent()).every((v) => v === 0)).toBe(true)
    })
  }
})

describe('random sources: { nextUint32(), kind }, and fitForRelease', () => {
  it("a seeded core Rng is accepted and its releases say fitForRelease: false; a secure source's say true", () => {
    const seeded = discreteLaplaceMechanism(5, {
      epsilon: 1,
      sensitivity: 1,
      budget: createPrivacyBudget({ epsilon: 2 }),
      rng: createRng(42),
    })
    expect(seeded.fitForRelease).toBe(false)
    const secure = discreteLaplaceMechanism(5, {
      epsilon: 1,
      sensitivity: 1,
      budget: createPrivacyBudget({ epsilon: 2 }),
      rng: secureRandomSource(),
    })
    expect(secure.fitForRelease).toBe(true)
    const byDefault = dpCount(5, { epsilon: 1, budget: createPrivacyBudget({ epsilon: 2 }) })
    expect(byDefault.fitForRelease).toBe(true)
    const mean = dpMean([1, 2], {
      epsilon: 1,
      bounds: { min: 0, max: 3 },
      budget: createPrivacyBudget({ epsilon: 2 }),
      rng: unsafeSeededForTesting(1),
    })
    expect(mean.fitForRelease).toBe(false)
  })

  for (const [label, rng] of [
    ['no kind (a 0.1-style source)', { nextUint32: () => 7, fitForRelease: true }],
    ['an unknown kind', { nextUint32: () => 7, kind: 'crypto' }],
    ['nextUint32 not a function', { nextUint32: 7, kind: 'secure' }],
    ['not an object', 42],
    ['null', null],
  ] as const) {
    it(`refuses ${label} with PARAMETER_INVALID before charging`, () => {
      const b = createPrivacyBudget({ epsilon: 1 })
      const e = dpErrorOf(() => discreteLaplaceMechanism(5, { epsilon: 1, sensitivity: 1, budget: b, rng: rng as unknown as RandomSource }))
      expect(e.code).toBe('PARAMETER_INVALID')
      expect(e.issues[0].path.startsWith('rng')).toBe(true)
      expect(b.ledger()).toEqual([])
    })
  }

  it('unsafeSeededForTesting(seed) is the same uint32 stream as createRng(seed) of @synthkit/core', () => {
    for (const seed of [0, 1, 2, 42, 2 ** 32, 2 ** 32 + 1, -1, -5, 2 ** 53 - 1, -(2 ** 53 - 1), 'abc', '', 'ε = 1']) {
      const ours = unsafeSeededForTesting(seed)
      const core = createRng(seed)
      const a = Array.from({ length: 64 }, () => ours.nextUint32())
      const b = Array.from({ length: 64 }, () => core.nextUint32())
      expect(a, `seed ${String(seed)}`).toEqual(b)
    }
  })

  it('seeds that differ above bit 32 give different streams (1 and 2^32 + 1)', () => {
    const a = unsafeSeededForTesting(1)
    const b = unsafeSeededForTesting(2 ** 32 + 1)
    expect(Array.from({ length: 8 }, () => a.nextUint32())).not.toEqual(Array.from({ length: 8 }, () => b.nextUint32()))
  })

  it('refuses non-integer seeds with PARAMETER_INVALID', () => {
    for (const seed of [1.5, Number.NaN, 2 ** 53, 10n, null])
      expect(dpErrorOf(() => unsafeSeededForTesting(seed as number)).code).toBe('PARAMETER_INVALID')
  })
})

describe('charges are converted to the budget accounting', () => {
  const charge = (b: PrivacyBudget, cost: unknown) =>
    b.charge({ what: 'direct', mechanism: 'test', parameters: {}, cost: cost as { rho: number } })

  it('on a zCDP budget a pure ε charge costs ρ = ε²/2, and an ε with a ρ of 0 is refused (not charged as ρ = 0)', () => {
    const b = createPrivacyBudget({ rho: 1, accounting: 'zcdp' })
    expect(dpErrorOf(() => charge(b, { epsilon: 5, delta: 0, rho: 0 })).code).toBe('PARAMETER_INVALID')
    expect(b.ledger()).toEqual([])
    charge(b, { epsilon: 1, delta: 0 })
    expect(b.spent()).toEqual({ rho: 0.5 })
    expect(dpErrorOf(() => charge(b, { epsilon: 1.001, delta: 0 })).code).toBe('PRIVACY_BUDGET_EXCEEDED') // 0.5 + 0.501 > 1
    charge(b, { epsilon: 1, delta: 0 })
    expect(b.remaining()).toEqual({ rho: 0 })
  })

  it('an (ε, δ > 0) charge cannot be expressed in zCDP; a ρ charge cannot go to a basic budget; both forms at once are refused', () => {
    const z = createPrivacyBudget({ rho: 1, accounting: 'zcdp' })
    expect(dpErrorOf(() => charge(z, { epsilon: 0.1, delta: 1e-6 })).issues[0].path).toBe('charge.cost.delta')
    const basic = createPrivacyBudget({ epsilon: 1, delta: 1e-5 })
    expect(dpErrorOf(() => charge(basic, { rho: 0.1 })).code).toBe('PARAMETER_INVALID')
    expect(dpErrorOf(() => charge(basic, { epsilon: 0.1, delta: 0, rho: 0.1 })).code).toBe('PARAMETER_INVALID')
    expect(dpErrorOf(() => charge(basic, { epsilon: 0.1 })).issues[0].path).toBe('charge.cost.delta')
    expect([z.ledger(), basic.ledger()]).toEqual([[], []])
  })

  it('a zCDP budget refuses an epsilon, a basic budget a rho, at creation', () => {
    expect(dpErrorOf(() => createPrivacyBudget({ rho: 1, epsilon: 1, accounting: 'zcdp' } as never)).issues[0].path).toBe('epsilon')
    expect(dpErrorOf(() => createPrivacyBudget({ epsilon: 1, rho: 1 } as never)).issues[0].path).toBe('rho')
  })
})

describe('classical Gaussian calibration', () => {
  it('refuses ε ≥ 1 (where σ = Δ√(2 ln(1.25/δ))/ε is not (ε, δ)-DP) and points to analyticGaussianSigma', () => {
    for (const epsilon of [1, 1.5, 20]) {
      const e = dpErrorOf(() => classicalGaussianSigma(epsilon, 1e-5, 1))
      expect(e.code).toBe('PARAMETER_INVALID')
      expect(e.message).toMatch(/analyticGaussianSigma/)
    }
    // Why: at ε = 20 the classical σ would give a true δ of ~1.5e-3, 150 times the 1e-5 asked for.
    const sigma = (Math.sqrt(2 * Math.log(1.25 / 1e-5)) * 1) / 20
    expect(gaussianDelta(sigma, 20, 1)).toBeGreaterThan(1e-3)
    expect(gaussianDelta(analyticGaussianSigma(20, 1e-5, 1), 20, 1)).toBeLessThanOrEqual(1e-5)
  })

  it('for ε < 1 it is the textbook value and meets (ε, δ)', () => {
    const s = classicalGaussianSigma(0.5, 1e-5, 2)
    expect(s).toBeCloseTo((2 * Math.sqrt(2 * Math.log(1.25e5))) / 0.5, 12)
    expect(gaussianDelta(s, 0.5, 2)).toBeLessThanOrEqual(1e-5)
  })
})

describe('errors share the synthkit brand', () => {
  it('isSynthkitError of @synthkit/core recognises a DpError, with code and issues the CLI reads', () => {
    const e = dpErrorOf(() => createPrivacyBudget({ epsilon: -1 }))
    expect(isSynthkitError(e)).toBe(true)
    expect(isDpError(e)).toBe(true)
    expect(e.code).toBe('PARAMETER_INVALID')
    expect(e.issues).toEqual([{ path: 'epsilon', message: expect.any(String) }])
  })

  it('ε = 10n and history: {} give typed errors, not TypeErrors', () => {
    expect(dpErrorOf(() => createPrivacyBudget({ epsilon: 10n as unknown as number })).issues[0].path).toBe('epsilon')
    expect(
      dpErrorOf(() => dpCount(3, { epsilon: 10n as unknown as number, budget: createPrivacyBudget({ epsilon: 1 }) })).issues[0].path,
    ).toBe('epsilon')
    expect(dpErrorOf(() => createPrivacyBudget({ epsilon: 1, history: {} as never })).issues[0].path).toBe('history')
  })
})
