import { createRng, slice } from '@synthkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildCopula,
  fitCopula,
  memoryCorrelationStatistics,
  memoryLayoutStatistics,
  memoryMarginalStatistics,
  mergeCorrelationStatistics,
  mergeLayoutStatistics,
  mergeMarginalStatistics,
  mergeNumericSummaries,
  planCopula,
  planDimensions,
  prepareTable,
  summarizeSorted,
} from '../src/index'
import { loadTable } from './helpers'

/** 0-based positions [first, last] of v in sorted data. */
function rankRange(sorted: Float64Array, v: number): [number, number] {
  const bound = (strict: boolean) => {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (strict ? sorted[mid] <= v : sorted[mid] < v) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return [bound(false), bound(true) - 1]
}

describe('mergeNumericSummaries', () => {
  it('keeps every order statistic of the union within the stated rank error (property, 12 runs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5000, max: 20_000 }),
        fc.integer({ min: 5000, max: 20_000 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.boolean(),
        (na, nb, seed, discrete) => {
          const rng = createRng(seed)
          const draw = (n: number, shift: number) =>
            Float64Array.from({ length: n }, () => (discrete ? Math.floor(rng.next() * 50) : rng.next() * 10 + shift)).sort()
          const a = draw(na, 0)
          const b = draw(nb, 3)
          const merged = mergeNumericSummaries(summarizeSorted(a), summarizeSorted(b))
          const all = Float64Array.from([...a, ...b]).sort()
          const n = all.length
          expect(merged.n).toBe(n)
          expect(merged.rankError).toBeLessThan(1e-3)
          const slack = merged.rankError * n + 1e-9
          // the exact form (a union of at most 10,000 values, e.g. 5,000 + 5,000): the values themselves. The assertion
          // is not returned: fast-check fails a property that returns anything but a boolean or nothing.
          if (merged.values) {
            expect(merged.values).toEqual(Array.from(all))
            return
          }
          merged.sample!.forEach((v, j) => {
            const want = Math.round((j * (n - 1)) / 9999)
            const [first, last] = rankRange(all, v)
            expect(first - slack <= want && want <= last + slack, `sample ${j}: ${v} at [${first}, ${last}] for ${want} ± ${slack}`).toBe(
              true,
            )
          })
          expect(merged.knots![0]).toBe(all[0])
          expect(merged.knots![1000]).toBe(all[n - 1])
        },
      ),
      { numRuns: 12 },
    )
  })

  it('is exact while the union holds at most 10,000 values', () => {
    const a = Float64Array.from([3, 1, 2]).sort()
    const b = Float64Array.from([2, 5]).sort()
    expect(mergeNumericSummaries(summarizeSorted(a), summarizeSorted(b))).toEqual({ n: 5, values: [1, 2, 2, 3, 5], rankError: 0 })
  })
})

describe('statistics of shards', () => {
  it('merge into the model of the whole table: counts exact, marginals and correlations within the sketch error', () => {
    const real = loadTable('adult')
    const half = Math.floor(real.nRows / 2)
    const shards = [slice(real, 0, half), slice(real, half)].map((t) => prepareTable(t))
    const whole = prepareTable(real)
    const context = { ...whole.context, scoreBy: 'marginal' as const }
    const [s0, s1] = shards.map((p) => memoryMarginalStatistics(p))
    const merged = mergeMarginalStatistics(s0, s1)
    const exact = memoryMarginalStatistics(whole)
    // counts, extremes and missingness add exactly
    merged.columns.forEach((c, i) => {
      const e = exact.columns[i]
      if (c.kind === 'category' && e.kind === 'category') expect(c.counts).toEqual(e.counts)
      if (c.kind === 'numeric' && e.kind === 'numeric') {
        expect([c.rows, c.missing, c.min, c.max, c.precision]).toEqual([e.rows, e.missing, e.min, e.max, e.precision])
        expect(c.summary!.rankError).toBeLessThan(1e-3)
      }
    })
    expect(merged.missingPairs).toEqual(exact.missingPairs)
    const plan = planCopula(merged, context)
    const dims = planDimensions(plan, mergeLayoutStatistics(...(shards.map((p) => memoryLayoutStatistics(p, plan)) as [never, never])))
    const correlation = mergeCorrelationStatistics(
      ...(shards.map((p) => memoryCorrelationStatistics({ ...p, context }, dims)) as [never, never]),
    )
    const model = buildCopula(dims, correlation)
    const reference = fitCopula(real)
    expect(model.dimensions).toEqual(reference.dimensions)
    let worst = 0
    model.correlation.forEach((row, i) => row.forEach((r, j) => (worst = Math.max(worst, Math.abs(r - reference.correlation[i][j])))))
    // marginal scores (Φ⁻¹ of the empirical CDF) instead of mid-ranks: correlations move by well under 0.02
    expect(worst).toBeLessThan(0.02)
    for (const c of model.columns) {
      const r = reference.columns.find((x) => x.name === c.name)!
      // the same share per category (the layout order may differ where categories nearly tie on the numbers)
      const shares = (m: typeof c) => (m.kind === 'category' ? new Map(m.slots.map((s, i) => [s, m.frequencies[i]])) : null)
      if (c.kind === 'category') expect(shares(c)).toEqual(shares(r))
    }
  })
})
