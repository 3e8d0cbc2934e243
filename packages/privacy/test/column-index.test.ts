import fc from 'fast-check'
import { expect, it } from 'vitest'
import { buildColumnIndex } from '../src/internal/column-index'
import type { MixedPoints } from '../src/internal/mixed-tree'
import { type Query, countMatches, matchingRows } from '../src/internal/predicate'

const arb = fc
  .record({ n: fc.integer({ min: 0, max: 40 }), dn: fc.integer({ min: 0, max: 2 }), dc: fc.integer({ min: 0, max: 2 }) })
  .filter((d) => d.dn + d.dc > 0)
  .chain((d) =>
    fc
      .record({
        num: fc.array(fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 5 })), { minLength: d.n * d.dn, maxLength: d.n * d.dn }),
        cat: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: d.n * d.dc, maxLength: d.n * d.dc }),
        preds: fc.array(
          fc.record({
            col: fc.integer({ min: 0, max: d.dn + d.dc - 1 }),
            op: fc.integer({ min: 0, max: 7 }),
            value: fc.integer({ min: -1, max: 6 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      })
      .map((r) => ({ d, ...r })),
  )

it('the sorted column index counts and lists exactly the rows a full scan matches', () => {
  fc.assert(
    fc.property(arb, ({ d, num, cat, preds }) => {
      const p: MixedPoints = { n: d.n, dn: d.dn, dc: d.dc, num: Float64Array.from(num), cat: Int32Array.from(cat) }
      // categorical columns only take ==, !=, isna, notna
      const ops = preds.map((x) => (x.col >= d.dn && x.op >= 2 && x.op <= 5 ? x.op - 2 : x.op))
      const q: Query = {
        cols: Int32Array.from(preds, (x) => x.col),
        ops: Uint8Array.from(ops),
        values: Float64Array.from(preds, (x) => x.value),
      }
      const index = buildColumnIndex(p)
      expect(index.count(q, Infinity)).toBe(countMatches(p, q, Infinity))
      expect(index.count(q, 2)).toBe(Math.min(2, countMatches(p, q, Infinity)))
      expect(index.matching(q)).toEqual(matchingRows(p, q))
    }),
    { numRuns: 500, seed: 7 },
  )
})
