import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import {
  aboveThreshold,
  analyticGaussianSigmaE,
  createPrivacyBudget,
  discreteGaussian,
  discreteLaplace,
  discreteLaplaceMechanism,
  dpHistogram,
  dpMean,
  dpQuantile,
  dpSum,
  exponentialMechanism,
  gaussianMechanism,
  isDpError,
  laplaceMechanism,
  randomizedResponse,
  tryDp,
  unsafeSeededForTesting,
  type DpError,
  type DpErrorCode,
} from '@synthkit/dp'

function codeOf(f: () => unknown): { code: DpErrorCode; paths: string[] } {
  try {
    f()
  } catch (e) {
    if (isDpError(e)) return { code: e.code, paths: e.issues.map((i) => i.path) }
    throw e
  }
  throw new Error('expected a DpError')
}

const budget = () => createPrivacyBudget({ epsilon: 10, delta: 1e-3 })
const rng = unsafeSeededForTesting(1)

describe('bad input gets a typed error naming the parameter, and charges nothing', () => {
  for (const epsilon of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`ε = ${epsilon} is refused by every mechanism`, () => {
      const b = budget()
      expect(codeOf(() => laplaceMechanism(1, { epsilon, sensitivity: 1, budget: b, rng }))).toEqual({
        code: 'PARAMETER_INVALID',
        paths: ['epsilon'],
      })
      expect(codeOf(() => discreteLaplaceMechanism(1, { epsilon, sensitivity: 1, budget: b, rng })).paths).toEqual(['epsilon'])
      expect(codeOf(() => gaussianMechanism(1, { epsilon, delta: 1e-6, sensitivity: 1, budget: b, rng })).paths).toEqual(['epsilon'])
      expect(codeOf(() => exponentialMechanism([1, 2], { epsilon, sensitivity: 1, budget: b, rng })).paths).toEqual(['epsilon'])
      expect(codeOf(() => randomizedResponse([0], { epsilon, categories: 2, budget: b, rng })).paths).toEqual(['epsilon'])
      expect(codeOf(() => aboveThreshold([0], { epsilon, sensitivity: 1, threshold: 0, budget: b, rng })).paths).toEqual(['epsilon'])
      expect(codeOf(() => dpQuantile([1], { epsilon, q: 0.5, bounds: { min: 0, max: 1 }, budget: b, rng })).paths).toEqual(['epsilon'])
      expect(codeOf(() => createPrivacyBudget({ epsilon })).paths).toEqual(['epsilon'])
      expect(b.ledger()).toHaveLength(0)
    })
  }

  for (const delta of [1, 1.5, -0.1, Number.NaN, 0]) {
    it(`δ = ${delta} is refused by the Gaussian mechanism and the analytic calibration`, () => {
      expect(codeOf(() => gaussianMechanism(1, { epsilon: 1, delta, sensitivity: 1, budget: budget(), rng }))).toEqual({
        code: 'PARAMETER_INVALID',
        paths: ['delta'],
      })
      const e = analyticGaussianSigmaE(1, delta, 1)
      expect(E.isLeft(e) && e.left.code).toBe('PARAMETER_INVALID')
    })
  }

  it('δ ≥ 1 is refused by a budget', () => {
    expect(codeOf(() => createPrivacyBudget({ epsilon: 1, delta: 1 }))).toEqual({ code: 'PARAMETER_INVALID', paths: ['delta'] })
  })

  for (const sensitivity of [0, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`sensitivity ${sensitivity} is refused`, () => {
      expect(codeOf(() => laplaceMechanism(1, { epsilon: 1, sensitivity, budget: budget(), rng })).paths).toEqual(['sensitivity'])
      expect(
        codeOf(() => gaussianMechanism(1, { rho: 1, sensitivity, budget: createPrivacyBudget({ rho: 2, accounting: 'zcdp' }), rng })).paths,
      ).toEqual(['sensitivity'])
      expect(codeOf(() => exponentialMechanism([1], { epsilon: 1, sensitivity, budget: budget(), rng })).paths).toEqual(['sensitivity'])
    })
  }

  it('missing bounds are BOUNDS_REQUIRED; inverted or non-finite bounds name the field', () => {
    const noBounds = { epsilon: 1, budget: budget(), rng } as unknown as Parameters<typeof dpSum>[1]
    expect(codeOf(() => dpSum([1, 2], noBounds))).toEqual({ code: 'BOUNDS_REQUIRED', paths: ['bounds'] })
    expect(codeOf(() => dpMean([1, 2], noBounds)).code).toBe('BOUNDS_REQUIRED')
    expect(codeOf(() => dpQuantile([1, 2], { ...noBounds, q: 0.5 } as Parameters<typeof dpQuantile>[1])).code).toBe('BOUNDS_REQUIRED')
    expect(codeOf(() => dpHistogram([1], { epsilon: 1, budget: budget() } as unknown as Parameters<typeof dpHistogram>[1])).code).toBe(
      'BOUNDS_REQUIRED',
    )
    expect(codeOf(() => dpSum([1], { epsilon: 1, bounds: { min: 5, max: 1 }, budget: budget() }))).toEqual({
      code: 'PARAMETER_INVALID',
      paths: ['bounds'],
    })
    expect(codeOf(() => dpSum([1], { epsilon: 1, bounds: { min: 0, max: Number.NaN }, budget: budget() })).paths).toEqual(['bounds.max'])
  })

  it('bounds of the earlier { lower, upper } shape are refused with the rename in the message, and nothing is charged', () => {
    const b = budget()
    const old = { epsilon: 1, bounds: { lower: 0, upper: 5 }, budget: b } as unknown as Parameters<typeof dpMean>[1]
    let error: unknown
    try {
      dpMean([1, 2], old)
    } catch (e) {
      error = e
    }
    expect(isDpError(error)).toBe(true)
    const issues = (error as DpError).issues
    expect(issues.map((i) => i.path)).toEqual(['bounds.min', 'bounds.max'])
    expect(issues[0].message).toMatch(/rename lower to min/)
    expect(issues[1].message).toMatch(/rename upper to max/)
    expect(b.spent()).toEqual(budget().spent())
  })

  it('a missing budget is refused: there is no unmetered release', () => {
    expect(codeOf(() => laplaceMechanism(1, { epsilon: 1, sensitivity: 1 } as unknown as Parameters<typeof laplaceMechanism>[1]))).toEqual({
      code: 'PARAMETER_INVALID',
      paths: ['budget'],
    })
  })

  it('non-finite data is DATA_INVALID with the position, never silently dropped', () => {
    expect(codeOf(() => dpSum([1, Number.NaN, 3], { epsilon: 1, bounds: { min: 0, max: 5 }, budget: budget() }))).toEqual({
      code: 'DATA_INVALID',
      paths: ['values.1'],
    })
    expect(codeOf(() => laplaceMechanism(Number.POSITIVE_INFINITY, { epsilon: 1, sensitivity: 1, budget: budget() })).code).toBe(
      'DATA_INVALID',
    )
    expect(codeOf(() => discreteLaplaceMechanism(1.5, { epsilon: 1, sensitivity: 1, budget: budget() })).code).toBe('DATA_INVALID')
    expect(codeOf(() => randomizedResponse([0, 3], { epsilon: 1, categories: 3, budget: budget() })).paths).toEqual(['codes.1'])
  })

  it('samplers refuse non-positive or non-finite scales', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(codeOf(() => discreteLaplace(bad, rng)).code).toBe('PARAMETER_INVALID')
      expect(codeOf(() => discreteGaussian(bad, rng)).code).toBe('PARAMETER_INVALID')
    }
  })

  it('a granularity that is not a power of two is refused', () => {
    expect(codeOf(() => laplaceMechanism(1, { epsilon: 1, sensitivity: 1, granularity: 0.3, budget: budget() })).paths).toEqual([
      'granularity',
    ])
  })

  it('the Either form returns Left with the same typed error', () => {
    const r = tryDp(() => laplaceMechanism(1, { epsilon: -1, sensitivity: 1, budget: budget() }))
    expect(E.isLeft(r) && r.left.code).toBe('PARAMETER_INVALID')
  })
})
