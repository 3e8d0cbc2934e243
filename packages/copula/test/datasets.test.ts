import { createRng, fromRows, toRows } from '@synthkit/core'
import { qualityReport } from '@synthkit/metrics'
import { describe, expect, it } from 'vitest'
import { DATASETS } from '../../../testing/data'
import { fitCopula, parseCopulaModel, sampleCopula } from '../src/index'
import { loadTable, maxShareGap, missingShare, sdvFigures } from './helpers'

const sdv = sdvFigures()

describe.each(DATASETS)('on %s', (name) => {
  it('fits, samples as many rows as the input that decode against the schema, and keeps category and missing shares within 2 points', {
    timeout: 240_000,
  }, () => {
    const real = loadTable(name)
    const model = fitCopula(real)
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
        for (const v of col.values) if (!Number.isNaN(v)) expect(v >= lo && v <= hi, `${spec.name} ${v} in [${lo}, ${hi}]`).toBe(true)
      }
    }
    // The model survives JSON and validation.
    expect(parseCopulaModel(JSON.parse(JSON.stringify(model)))).toEqual(model)
  })

  it("scores column shapes (KSComplement / TVComplement, @synthkit/metrics) at least as high as SDV's GaussianCopula", () => {
    const real = loadTable(name)
    const synthetic = sampleCopula(fitCopula(real), real.nRows, createRng(11))
    const report = qualityReport(real, synthetic)
    const shapes = report.properties.find((p) => p.name === 'Column Shapes')!.score
    const peer = sdv.get(name)
    expect(peer, `PEERS.md has ${name}`).toBeDefined()
    expect(shapes).toBeGreaterThanOrEqual(peer!.columnShapes)
  })
})
