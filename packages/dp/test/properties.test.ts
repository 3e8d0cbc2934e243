import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createPrivacyBudget,
  laplaceMechanism,
  rationalFromNumber,
  secureRandomSource,
  uniformBelow,
  unsafeSeededForTesting,
} from '@synthkit/dp'

describe('exactness properties', () => {
  it('every finite double converts to a rational that converts back to the same double', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }), (x) => {
        const r = rationalFromNumber(x)
        // den is a power of two and num/den reproduces x (checked by exact cross-multiplication via BigInt).
        expect((r.den & (r.den - 1n)) === 0n).toBe(true)
        if (x === 0) expect(r.num).toBe(0n)
        else if (r.den === 1n) expect(r.num).toBe(BigInt(x))
        else {
          // num has ≤ 53 bits, den = 2^k: scaling by 2^−k in two exact steps reproduces x, subnormals included.
          const k = r.den.toString(2).length - 1
          expect(r.num < 2n ** 53n).toBe(true)
          expect(Number(r.num) * 2 ** -Math.ceil(k / 2) * 2 ** -Math.floor(k / 2)).toBe(x)
        }
      }),
      { numRuns: 2000, seed: 7 },
    )
  })

  it('uniformBelow stays in range for any bound up to 2^53', () => {
    const rng = unsafeSeededForTesting(3)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (m) => {
        const v = uniformBelow(m, rng)
        expect(Number.isInteger(v) && v >= 0 && v < m).toBe(true)
      }),
      { numRuns: 2000, seed: 8 },
    )
  })

  it('float-safe Laplace outputs are always multiples of the grid, whatever the input and parameters', () => {
    const rng = unsafeSeededForTesting(4)
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (u, sensitivity, epsilon) => {
          // Inputs up to ±2^31·Δ: the documented range of the default grid is ±2^52 steps ≈ ±2^32·Δ.
          const x = u * sensitivity * 2 ** 31
          const r = laplaceMechanism(x, { epsilon, sensitivity, budget: createPrivacyBudget({ epsilon: 100 }), rng })
          const g = r.parameters.granularity as number
          expect(Number.isInteger(r.value / g)).toBe(true)
          expect(Math.log2(g)).toBe(Math.floor(Math.log2(sensitivity)) - 20)
        },
      ),
      { numRuns: 500, seed: 9 },
    )
  })

  it('the default source is the secure one and its releases are fit for release', () => {
    const r = laplaceMechanism(1, { epsilon: 1, sensitivity: 1, budget: createPrivacyBudget({ epsilon: 1 }) })
    expect(r.fitForRelease).toBe(true)
    expect(secureRandomSource().kind).toBe('secure')
    expect(unsafeSeededForTesting(1).kind).toBe('seeded')
  })
})
