import { createRng, fromRows, toRows } from '@synthkit/core'
import { qualityReport } from '@synthkit/metrics'
import { describe, expect, it } from 'vitest'
import { DATASETS } from '../../../testing/data'
import { fitCopula, parseCopulaModel, sampleCopula } from '../src/index'
import { loadTable, maxShareGap, missingShare, sdvFigures } from './helpers'

const sdv = sdvFigures()

// One fit per dataset for both tests (fitCopula is deterministic: no rng; a fit of flights_200k costs seconds).
const models = new Map<string, ReturnType<typeof fitCopula>>()
function fitted(name: string, real: ReturnType<typeof loadTable>): ReturnType<typeof fitCopula> {
  let model = models.get(name)
  if (model === undefined) models.set(name, (model = fitCopula(real)))
  return model
}

describe.each(DATASETS)('on %s', (name) => {
  it('fits, samples as many rows as the input that decode against the schema, and keeps category and missing shares within 2 points', {
    timeout: 240_000,
  }, () => {
    const real = loadTable(name)
    const model = fitted(name, real)
    const synthetic = sampleCopula(model, real.nRows, createRng(7))
    expect(synthetic.nRows).toBe(real.nRows)
    // Round trip through plain rows: every value is valid for the schema (types, ints, bounds, formats).
    const rows = toRows(name === 'flights_200k' ? { ...synthetic, nRows: 20_000 } : synthetic)
    expect(() => fromRows(rows, real.schema)).not.toThrow()
    for (const spec of real.schema.columns) {
      if (spec.kind === 'categorical' || spec.kind === 'boolean')
        expect(maxShareGap(real, synthetic, spec.name), spec.name).toBeLessThan(0.02)
      expect(Math.abs(missingShare(real, spec.name) - missingShare(synthetic, spec.name)), spec.name).toBeLessThan(0.02)
      const col = synthetic.columns[spec.name]
      const orig = real.columns[spec.name]
      if (col.type === 'numeric' && orig.type === 'numeric') {
        let lo = Infinity
        let hi = -Infinity
        for (const v of orig.values) if (!Number.isNaN(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
        // the values outside the real range, checked once (an expect per value cost seconds on flights_200k's 200k rows)
        const outside = col.values.filter((v) => !Number.isNaN(v) && !(v >= lo && v <= hi))
        expect(Array.from(outside.slice(0, 5)), `${spec.name}: ${outside.length} values outside [${lo}, ${hi}]`).toEqual([])
      }
    }
    // The model survives JSON and validation.
    expect(parseCopulaModel(JSON.parse(JSON.stringify(model)))).toEqual(model)
  })

  it("scores column shapes (KSComplement / TVComplement, @synthkit/metrics) at least as high as SDV's GaussianCopula", () => {
    const real = loadTable(name)
    const synthetic = sampleCopula(fitted(name, real), real.nRows, createRng(11))
    const report = qualityReport(real, synthetic)
    const shapes = report.properties.find((p) => p.name === 'Column Shapes')!.score
    const peer = sdv.get(name)
    expect(peer, `PEERS.md has ${name}`).toBeDefined()
    expect(shapes).toBeGreaterThanOrEqual(peer!.columnShapes)
  })
})
