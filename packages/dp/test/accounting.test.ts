import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  advancedComposition,
  advancedCompositionEpsilon,
  basicComposition,
  createRdpAccountant,
  gaussianRho,
  rhoForApproxDp,
  zcdpCompose,
  zcdpToApproxDp,
  zcdpToApproxDpTight,
} from '@synthkit/dp'

// Expected values recomputed independently with mpmath (40 digits) from the closed forms in the cited papers.
describe('composition equals the closed forms', () => {
  const advanced: [number, number, number, number][] = [
    [0.1, 100, 1e-5, 5.8502350929445578],
    [0.01, 1000, 1e-6, 1.7627598071107905],
    [0.5, 10, 0.001, 9.1205763546926398],
    [1.0, 50, 1e-8, 128.83341194873921],
  ]
  for (const [e, k, dp, expected] of advanced) {
    it(`advanced composition of ${k} × ε = ${e} at δ′ = ${dp} gives ε′ = ${expected.toFixed(6)}`, () => {
      expect(advancedCompositionEpsilon(e, k, dp)).toBeCloseTo(expected, 10)
      const r = advancedComposition({ epsilon: e, delta: 1e-9, k, deltaPrime: dp })
      expect(r.epsilon).toBeCloseTo(Math.min(expected, k * e), 10)
      expect(r.delta).toBeCloseTo(k * 1e-9 + dp, 15)
    })
  }

  it('basic composition adds ε and δ', () => {
    expect(
      basicComposition([
        { epsilon: 0.5, delta: 1e-6 },
        { epsilon: 0.25, delta: 0 },
        { epsilon: 1, delta: 2e-6 },
      ]),
    ).toEqual({ epsilon: 1.75, delta: 3e-6 })
  })

  const zcdp: [number, number, number, number][] = [
    [0.5, 1e-6, 5.756521769756932, 5.2215344445301691],
    [0.01, 1e-5, 0.68861404244151118, 0.5457255482740024],
    [2, 1e-10, 15.572280848830224, 14.870678006813747],
    [0.125, 0.001, 1.9834610944249192, 1.5460961269033572],
  ]
  for (const [rho, delta, classic, tight] of zcdp) {
    it(`ρ = ${rho} at δ = ${delta}: classic ${classic.toFixed(6)}, CKS tight ${tight.toFixed(6)}`, () => {
      expect(zcdpToApproxDp(rho, delta)).toBeCloseTo(classic, 12)
      expect(zcdpToApproxDpTight(rho, delta)).toBeCloseTo(tight, 8)
    })
  }

  it('zCDP composes by adding ρ, and the Gaussian ρ is Δ²/(2σ²)', () => {
    expect(zcdpCompose([gaussianRho(2, 1), gaussianRho(1, 1)])).toBeCloseTo(0.125 + 0.5, 15)
  })

  it('rhoForApproxDp inverts the tight conversion', () => {
    for (const [e, d] of [
      [1, 1e-5],
      [0.1, 1e-8],
      [8, 1e-3],
    ]) {
      const rho = rhoForApproxDp(e, d)
      expect(zcdpToApproxDpTight(rho, d)).toBeLessThanOrEqual(e)
      expect(zcdpToApproxDpTight(rho * 1.0001, d)).toBeGreaterThan(e)
    }
  })
})

describe('Rényi DP accountant', () => {
  it('k Gaussians on a dense grid give about the zCDP value, never less than the tight zCDP conversion', () => {
    const orders = Array.from({ length: 4000 }, (_, i) => 1.01 + i * 0.05)
    const acc = createRdpAccountant(orders)
    acc.addGaussian(4, 1, 20) // ρ = 20/32
    const rho = 20 / 32
    const mironov = acc.epsilon(1e-6, { tight: false }).epsilon
    expect(mironov).toBeGreaterThanOrEqual(zcdpToApproxDp(rho, 1e-6) - 1e-12)
    expect(mironov).toBeLessThan(zcdpToApproxDp(rho, 1e-6) * 1.001)
    const tight = acc.epsilon(1e-6).epsilon
    expect(tight).toBeGreaterThanOrEqual(zcdpToApproxDpTight(rho, 1e-6) - 1e-12)
    expect(tight).toBeLessThan(zcdpToApproxDpTight(rho, 1e-6) * 1.001)
  })

  it('the Laplace RDP curve tends to ε = Δ/b as α grows and to the KL divergence near 1', () => {
    const acc = createRdpAccountant([1.000001, 1e6])
    acc.addLaplace(2, 1)
    const [near1, far] = acc.rdp()
    // KL(Lap(0, λ) ‖ Lap(1, λ)) = 1/λ + e^{−1/λ} − 1 for λ = 2.
    expect(near1).toBeCloseTo(0.5 + Math.exp(-0.5) - 1, 5)
    expect(far).toBeCloseTo(0.5, 4)
  })

  it('adding any release never lowers ε (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('gaussian' as const), x: fc.double({ min: 0.5, max: 50, noNaN: true }) }),
            fc.record({ kind: fc.constant('laplace' as const), x: fc.double({ min: 0.5, max: 50, noNaN: true }) }),
            fc.record({ kind: fc.constant('pure' as const), x: fc.double({ min: 0.01, max: 2, noNaN: true }) }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        (steps) => {
          const acc = createRdpAccountant()
          let previous = 0
          for (const s of steps) {
            if (s.kind === 'gaussian') acc.addGaussian(s.x, 1)
            else if (s.kind === 'laplace') acc.addLaplace(s.x, 1)
            else acc.addPureDp(s.x)
            const e = acc.epsilon(1e-6).epsilon
            expect(e).toBeGreaterThanOrEqual(previous - 1e-12)
            previous = e
          }
        },
      ),
      { numRuns: 200, seed: 44 },
    )
  })

  it('pure-DP releases compose to no more than basic composition', () => {
    const acc = createRdpAccountant()
    acc.addPureDp(0.1, 100)
    expect(acc.epsilon(1e-6).epsilon).toBeLessThan(10)
    expect(acc.epsilon(1e-6).epsilon).toBeGreaterThan(1)
  })
})
