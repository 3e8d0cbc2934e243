import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildMixedTree, kNearest, mixedDistance, type MixedMetric, type MixedPoints } from '../src/internal/mixed-tree'

// Mixed points with few distinct values (ties, zero ranges), missing numerical and categorical values.
const cell = fc.oneof(
  fc.constant(Number.NaN),
  fc.integer({ min: 0, max: 4 }).map((v) => v / 2),
  fc.double({ min: -3, max: 3, noNaN: true }),
)
const points = (dn: number, dc: number, card: number) =>
  fc.integer({ min: 1, max: 60 }).chain((n) =>
    fc
      .record({
        num: fc.array(cell, { minLength: n * dn, maxLength: n * dn }),
        cat: fc.array(fc.integer({ min: -1, max: card - 1 }), { minLength: n * dc, maxLength: n * dc }),
      })
      .map(({ num, cat }): MixedPoints => ({ n, dn, dc, num: Float64Array.from(num), cat: Int32Array.from(cat) })),
  )

const caseArb = fc
  .record({
    dn: fc.integer({ min: 0, max: 3 }),
    dc: fc.integer({ min: 0, max: 3 }),
    card: fc.integer({ min: 1, max: 4 }),
    capped: fc.boolean(),
    k: fc.integer({ min: 1, max: 4 }),
  })
  .filter((c) => c.dn + c.dc > 0)
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      ref: points(c.dn, c.dc, c.card),
      query: points(c.dn, c.dc, c.card),
      scale: fc.array(fc.oneof(fc.constant(Number.MIN_VALUE), fc.double({ min: 0.1, max: 5, noNaN: true })), {
        minLength: c.dn,
        maxLength: c.dn,
      }),
    }),
  )

describe('exact k-nearest neighbours under the mixed distance', () => {
  it('returns exactly the brute-force k smallest distances for every query (NaN, ties, zero ranges, caps)', () => {
    fc.assert(
      fc.property(caseArb, ({ c, ref, query, scale }) => {
        const metric: MixedMetric = {
          scale: Float64Array.from(scale),
          cap: c.capped ? 1 : Infinity,
          cardinality: new Int32Array(c.dc).fill(c.card),
        }
        const tree = buildMixedTree(ref, metric)
        const k = Math.min(c.k, ref.n)
        const nn = kNearest(tree, query, k)
        for (let q = 0; q < query.n; q++) {
          const brute = Array.from({ length: ref.n }, (_, r) => mixedDistance(query, q, ref, r, metric)).sort((a, b) => a - b)
          for (let x = 0; x < k; x++) {
            expect(nn.distance[q * k + x]).toBe(brute[x])
            expect(mixedDistance(query, q, ref, nn.index[q * k + x], metric)).toBe(nn.distance[q * k + x])
          }
        }
      }),
      { numRuns: 300, seed: 20261201 },
    )
  })

  it('follows the DCR missing-value rules: missing vs missing 0, missing vs value 1', () => {
    const a: MixedPoints = { n: 1, dn: 1, dc: 1, num: Float64Array.of(Number.NaN), cat: Int32Array.of(-1) }
    const b: MixedPoints = { n: 2, dn: 1, dc: 1, num: Float64Array.of(Number.NaN, 5), cat: Int32Array.of(-1, 0) }
    const metric: MixedMetric = { scale: Float64Array.of(10), cap: 1, cardinality: Int32Array.of(1) }
    expect(mixedDistance(a, 0, b, 0, metric)).toBe(0)
    expect(mixedDistance(a, 0, b, 1, metric)).toBe(2)
  })
})
