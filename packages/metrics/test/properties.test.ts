import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { contingencySimilarity, correlationSimilarity, ksComplement, pearson, spearman, tvComplement } from '../src/index'

// Values with at most 3 decimals, which SDMetrics' rounding to 14 decimals leaves distinct (that rounding has its own test).
const sample = fc.array(
  fc.oneof(
    fc.integer({ min: -5, max: 5 }),
    fc.integer({ min: -1e9, max: 1e9 }).map((k) => k / 1000),
  ),
  { minLength: 1, maxLength: 60 },
)
const categories = fc.array(fc.constantFrom('a', 'b', 'c', 'd', null), { minLength: 1, maxLength: 60 })

/** The KS statistic straight from its definition: the largest CDF gap over every observed value, O(n·m). */
function bruteKs(a: number[], b: number[]): number {
  let d = 0
  for (const x of [...a, ...b]) {
    const fa = a.filter((v) => v <= x).length / a.length
    const fb = b.filter((v) => v <= x).length / b.length
    d = Math.max(d, Math.abs(fa - fb))
  }
  return d
}

describe('invariants (fast-check)', () => {
  it('KSComplement equals 1 − the KS statistic from its definition, is symmetric and lies in [0, 1]', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const v = ksComplement(a, b)
        expect(v).toBeCloseTo(1 - bruteKs(a, b), 12)
        expect(ksComplement(b, a)).toBe(v)
        expect(v).toBeGreaterThanOrEqual(0)
        expect(v).toBeLessThanOrEqual(1)
      }),
      { numRuns: 300 },
    )
  })

  it('TVComplement lies in [0, 1], is 1 against itself and does not depend on row order', () => {
    fc.assert(
      fc.property(categories, categories, (a, b) => {
        const v = tvComplement(a, b)
        if (a.every((x) => x === null) || b.every((x) => x === null)) expect(v).toBeNaN()
        else {
          expect(v).toBeGreaterThanOrEqual(0)
          expect(v).toBeLessThanOrEqual(1)
          expect(tvComplement(a, a)).toBeCloseTo(1, 15)
          expect(tvComplement([...a].reverse(), [...b].reverse())).toBeCloseTo(v, 14)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('ContingencySimilarity is symmetric in the sides and in the column order', () => {
    fc.assert(
      fc.property(categories, categories, (a, b) => {
        const n = Math.min(a.length, b.length)
        const x = a.slice(0, n)
        const y = b.slice(0, n)
        const xs = [...x].reverse()
        const v = contingencySimilarity([x, y], [xs, y])
        expect(contingencySimilarity([xs, y], [x, y])).toBeCloseTo(v, 14)
        expect(contingencySimilarity([y, x], [y, xs])).toBeCloseTo(v, 14)
        expect(v).toBeGreaterThanOrEqual(-1e-15)
        expect(v).toBeLessThanOrEqual(1 + 1e-15)
      }),
      { numRuns: 200 },
    )
  })

  it('Pearson and Spearman lie in [−1, 1]; Spearman is invariant under a monotone transform', () => {
    const pairs = fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), { minLength: 3, maxLength: 50 })
    fc.assert(
      fc.property(pairs, (ps) => {
        const x = ps.map((p) => p[0])
        const y = ps.map((p) => p[1])
        const r = pearson(x, y)
        const s = spearman(x, y)
        if (r === r) expect(Math.abs(r)).toBeLessThanOrEqual(1)
        if (s === s) {
          expect(Math.abs(s)).toBeLessThanOrEqual(1)
          expect(
            spearman(
              x.map((v) => Math.exp(v / 5)),
              y,
            ),
          ).toBeCloseTo(s, 12)
        }
        const c = correlationSimilarity([x, y], [x, y])
        if (c.score === c.score) expect(c.score).toBe(1)
      }),
      { numRuns: 300 },
    )
  })
})
