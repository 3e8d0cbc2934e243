import { createRng, shuffleInPlace, take } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { dcrBaselineProtection, dcrValues, distanceToClosestRecord } from '../src'
import { sdmetricsMetric } from '../src/distance-to-closest-record'
import { alignLayout, toPoints } from '../src/internal/aligned'
import { mixedDistance } from '../src/internal/mixed-tree'
import { loadTable, localReference, schemaFromSdv } from './helpers'

const schema = schemaFromSdv('seattle_weather.metadata.json')
const real = loadTable('seattle_weather', schema)
const order = shuffleInPlace(
  createRng(9),
  Int32Array.from({ length: real.nRows }, (_, i) => i),
)
const train = take(real, order.subarray(0, 700))
const holdout = take(real, order.subarray(700, 1400))
const sdv = loadTable(localReference('seattle_weather.sdv-synthetic.csv'), schema)

describe('DCR report and NNDR', () => {
  it('summarizes the per-row values: median, exact copies, share closer to training', () => {
    // 100 copied training rows
    const synthetic = take(real, order.subarray(0, 100))
    const report = distanceToClosestRecord(synthetic, train, { holdout })
    expect(report.rows).toEqual({ synthetic: 100, train: 700, holdout: 700 })
    expect(report.train.exactCopies).toBe(100)
    expect(report.train.median).toBe(0)
    expect(report.closerToTrain).toBe(1)
    const sdvReport = distanceToClosestRecord(sdv, train, { holdout })
    const values = dcrValues(sdv, train)
    const sorted = Float64Array.from(values.dcr).sort()
    const h = (sorted.length - 1) / 2
    expect(sdvReport.train.median).toBe((sorted[Math.floor(h)] + sorted[Math.ceil(h)]) / 2)
    expect(sdvReport.train.min).toBe(sorted[0])
    expect(sdvReport.closerToTrain!).toBeGreaterThan(0.3)
    expect(sdvReport.closerToTrain!).toBeLessThan(0.7)
  })

  it('NNDR is the closest over the second-closest distance, and 1 for a row with two exact copies', () => {
    const twice = take(train, [0, 0, 1, 2, 3])
    const v = dcrValues(take(train, [0, 1]), twice)
    expect(v.dcr[0]).toBe(0)
    expect(v.nndr[0]).toBe(1)
    expect(v.dcr[1]).toBe(0)
    expect(v.nndr[1]).toBe(0)
    // brute force for one SDV row, with the training table's ranges
    const layout = alignLayout([
      { name: 'train', table: train },
      { name: 'synthetic', table: sdv },
    ])
    const r = toPoints(layout, train)
    const q = toPoints(layout, sdv, [5])
    const metric = sdmetricsMetric(layout, r)
    const m = layout.numerical.length + layout.categorical.length
    const all = Array.from({ length: r.n }, (_, i) => mixedDistance(q, 0, r, i, metric) / m).sort((a, b) => a - b)
    const w = dcrValues(take(sdv, [5]), train)
    expect(w.dcr[0]).toBe(all[0])
    expect(w.nndr[0]).toBe(all[0] / all[1])
  })

  it("DCRBaselineProtection is reproducible from its seed and lies strictly between 0 and 1 for SDV's rows", () => {
    const a = dcrBaselineProtection(train, sdv, { rng: createRng(4) })
    expect(dcrBaselineProtection(train, sdv, { rng: createRng(4) })).toEqual(a)
    expect(a.score!).toBeGreaterThan(0)
    expect(a.score!).toBeLessThan(1)
  })
})
