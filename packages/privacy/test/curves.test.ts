import fc from 'fast-check'
import { createRng, shuffleInPlace, take } from '@synthkit/core'
import { rocAuc } from '@synthkit/metrics'
import { describe, expect, it } from 'vitest'
import { distanceToClosestRecord, membershipInference } from '../src'
import { sharedHistogram } from '../src/internal/histogram'
import { type RocCurve, rocCurve, tprAtFpr } from '../src/internal/roc'
import { loadTable, localReference, readReference, schemaFromSdv } from './helpers'

// numpy 2.4 numpy.histogram(values, bins=30, range=(0, max)) of SDMetrics 0.20.1's DCR values (the same 500 rows the
// DCR reference test checks), computed once with numpy and stored beside them.
const NUMPY = readReference<{ cases: Record<string, { edges: number[]; counts: number[] }> }>('sdv-dcr.numpy-histogram.json').cases

/** Trapezoidal area under a curve: an independent way to the AUC (the rank statistic counts a tie as ½). */
function area(c: RocCurve): number {
  let a = 0
  for (let i = 1; i < c.fpr.length; i++) a += ((c.fpr[i] - c.fpr[i - 1]) * (c.tpr[i] + c.tpr[i - 1])) / 2
  return a
}

/** Highest TPR among the curve's points with FPR ≤ f. */
function bestTpr(c: RocCurve, f: number): number {
  let best = 0
  for (let i = 0; i < c.fpr.length; i++) if (c.fpr[i] <= f + 1e-12) best = Math.max(best, c.tpr[i])
  return best
}

function auc(member: number[], nonMember: number[]): number {
  return rocAuc(Float64Array.from([...member, ...nonMember]), Uint8Array.from([...member.map(() => 1), ...nonMember.map(() => 0)]))
}

describe('the DCR histogram of the distance report', () => {
  for (const name of ['telco_churn', 'diamonds', 'seattle_weather'] as const) {
    it(`equals numpy.histogram of SDMetrics' DCR values on ${name} (counts exactly, edges to 1e-9)`, () => {
      const schema = schemaFromSdv(`${name}.metadata.json`)
      const real = loadTable(name, schema)
      const synthetic = loadTable(localReference(`${name}.sdv-synthetic.csv`), schema, 500)
      const report = distanceToClosestRecord(synthetic, real)
      expect(report.histogram.train).toEqual(NUMPY[name].counts)
      expect(report.histogram.holdout).toBeNull()
      expect(report.histogram.edges).toHaveLength(31)
      report.histogram.edges.forEach((e, i) => expect(Math.abs(e - NUMPY[name].edges[i])).toBeLessThan(1e-9))
    })
  }

  it('puts a value on an edge in the bin numpy does (division alone lands one bin off for 17/20)', () => {
    // numpy.histogram([k/20 for k in 0..20], bins=20, range=(0, 1)): the edges i·0.05 differ from k/20 by an ulp
    const values = Array.from({ length: 21 }, (_, k) => k / 20)
    const expected = [1, 1, 2, 0, 1, 2, 1, 0, 1, 1, 1, 2, 0, 2, 0, 1, 2, 0, 2, 1]
    expect(sharedHistogram([values], 20).counts[0]).toEqual(expected)
  })

  it('counts train and holdout distances of the same synthetic rows on shared edges', () => {
    const schema = schemaFromSdv('seattle_weather.metadata.json')
    const real = loadTable('seattle_weather', schema)
    const order = shuffleInPlace(
      createRng(3),
      Int32Array.from({ length: real.nRows }, (_, i) => i),
    )
    const train = take(real, order.subarray(0, 600))
    const holdout = take(real, order.subarray(600, 1200))
    // half the synthetic rows copy training rows: those sit in the first train bin, not in the holdout's
    const synthetic = take(real, [...order.subarray(0, 100), ...order.subarray(1200, 1300)])
    const report = distanceToClosestRecord(synthetic, train, { holdout, histogramBins: 12 })
    const h = report.histogram
    expect(h.edges).toHaveLength(13)
    expect(h.train.reduce((a, b) => a + b, 0)).toBe(200)
    expect(h.holdout!.reduce((a, b) => a + b, 0)).toBe(200)
    expect(h.train[0]).toBeGreaterThanOrEqual(100)
    expect(h.train[0]).toBeGreaterThan(h.holdout![0])
    expect(() => distanceToClosestRecord(synthetic, train, { histogramBins: 0 })).toThrow(/histogramBins/)
  })
})

describe('the ROC curve of a membership attack', () => {
  // scores from a small integer range: many ties within and across the two classes
  const scores = fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 1, maxLength: 60 })

  it('runs from (0, 0) to (1, 1), never goes down or left, and its area is the rank AUC (property)', () => {
    fc.assert(
      fc.property(scores, scores, (member, nonMember) => {
        const c = rocCurve(member, nonMember)
        expect([c.fpr[0], c.tpr[0]]).toEqual([0, 0])
        expect([c.fpr.at(-1), c.tpr.at(-1)]).toEqual([1, 1])
        for (let i = 1; i < c.fpr.length; i++) {
          expect(c.fpr[i]).toBeGreaterThanOrEqual(c.fpr[i - 1])
          expect(c.tpr[i]).toBeGreaterThanOrEqual(c.tpr[i - 1])
        }
        expect(Math.abs(area(c) - auc(member, nonMember))).toBeLessThan(1e-12)
      }),
      { numRuns: 300, seed: 17 },
    )
  })

  it('keeps every point that sets the best TPR at a given FPR: it agrees with tprAtFpr (property)', () => {
    fc.assert(
      fc.property(scores, scores, fc.constantFrom(0, 0.05, 0.1, 0.25, 0.5), (member, nonMember, f) => {
        expect(bestTpr(rocCurve(member, nonMember), f)).toBe(tprAtFpr(member, nonMember, f))
      }),
      { numRuns: 300, seed: 18 },
    )
  })

  it('merges straight runs only: distinct scores 3 > 2 > 1 give the exact staircase', () => {
    // members 3 and 1, non-member 2: up, right, up
    expect(rocCurve([3, 1], [2])).toEqual({ fpr: [0, 0, 1, 1], tpr: [0, 0.5, 0.5, 1] })
    // all tied: one diagonal step
    expect(rocCurve([1, 1], [1, 1, 1])).toEqual({ fpr: [0, 1], tpr: [0, 1] })
    // NaN ranks lowest instead of stalling
    expect(rocCurve([Number.NaN, 2], [1])).toEqual({ fpr: [0, 0, 1, 1], tpr: [0, 0.5, 0.5, 1] })
  })

  it('is carried by membershipInference: area = auc and best TPR at 1 % / 0.1 % FPR = the reported TPRs', () => {
    const schema = schemaFromSdv('seattle_weather.metadata.json')
    const real = loadTable('seattle_weather', schema)
    const order = shuffleInPlace(
      createRng(5),
      Int32Array.from({ length: real.nRows }, (_, i) => i),
    )
    const train = take(real, order.subarray(0, 700))
    const holdout = take(real, order.subarray(700, 1400))
    const synthetic = loadTable(localReference('seattle_weather.sdv-synthetic.csv'), schema, 700)
    const r = membershipInference(train, holdout, synthetic, { rng: createRng(1), bootstrap: 20 })
    expect(r.attacks).toHaveLength(2)
    for (const a of r.attacks) {
      expect(Math.abs(area(a.roc) - a.auc)).toBeLessThan(1e-12)
      expect(bestTpr(a.roc, 0.01)).toBe(a.tprAt1pct)
      expect(bestTpr(a.roc, 0.001)).toBe(a.tprAt0_1pct)
      expect(a.roc.fpr.length).toBeLessThanOrEqual(r.rows.members + r.rows.nonMembers + 1)
    }
  })
})
