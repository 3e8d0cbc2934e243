import { describe, expect, it } from 'vitest'
import { columnMetrics, ksComplement, qualityReport, tvComplement } from '../src/index'
import { REFERENCE_DATASETS, loadReferenceCase } from './sdmetrics-reference'
import { columnToStrings } from '@synthkit/core'

// SDMetrics 0.14 values in test/reference/sdmetrics/*.sdv.json; details are printed with 15 significant digits,
// so per-row comparisons allow 1e-9 (far above the print rounding, far below any real difference).
const TOL = 1e-9

describe.each(REFERENCE_DATASETS)('known answers from SDMetrics 0.14 on %s', (name) => {
  const { reference, real, synthetic, schema } = loadReferenceCase(name)
  const report = qualityReport(real, synthetic, { schema })

  it('every Column Shapes score equals SDMetrics within 1e-9', () => {
    expect(report.columnShapes.map((s) => s.column)).toEqual(reference.column_shapes.map((s) => s.Column))
    reference.column_shapes.forEach((ref, i) => {
      const ours = report.columnShapes[i]
      expect(ours.metric).toBe(ref.Metric)
      expect(Math.abs(ours.score! - ref.Score!), `${ref.Column}`).toBeLessThan(TOL)
    })
  })

  it('every Column Pair Trends score and correlation equals SDMetrics within 1e-9', () => {
    expect(report.columnPairTrends.length).toBe(reference.column_pair_trends.length)
    reference.column_pair_trends.forEach((ref, i) => {
      const ours = report.columnPairTrends[i]
      expect([ours.columnA, ours.columnB, ours.metric]).toEqual([ref['Column 1'], ref['Column 2'], ref.Metric])
      expect(Math.abs(ours.score! - ref.Score!), `${ref['Column 1']} × ${ref['Column 2']}`).toBeLessThan(TOL)
      if (ref['Real Correlation'] !== null) {
        expect(Math.abs(ours.realCorrelation! - ref['Real Correlation'])).toBeLessThan(TOL)
        expect(Math.abs(ours.syntheticCorrelation! - ref['Synthetic Correlation']!)).toBeLessThan(TOL)
      }
    })
  })

  it('the property and overall scores equal SDMetrics within 1e-9', () => {
    expect(Math.abs(report.properties[0].score! - reference.properties['Column Shapes'])).toBeLessThan(TOL)
    expect(Math.abs(report.properties[1].score! - reference.properties['Column Pair Trends'])).toBeLessThan(TOL)
    expect(Math.abs(report.score! - reference.quality)).toBeLessThan(TOL)
  })

  it('the single-column KSComplement and TVComplement on plain arrays equal SDMetrics within 1e-9', () => {
    for (const [column, ref] of Object.entries(reference.single_column)) {
      const r = real.columns[column]
      const s = synthetic.columns[column]
      if (typeof ref.KSComplement === 'number' && r.type === 'numeric' && s.type === 'numeric')
        expect(Math.abs(ksComplement(Array.from(r.values), Array.from(s.values)) - ref.KSComplement)).toBeLessThan(TOL)
      if (typeof ref.TVComplement === 'number') {
        const toValues = (t: typeof real) => columnToStrings(t, column).map((v) => (v === '' ? null : v))
        expect(Math.abs(tvComplement(toValues(real), toValues(synthetic)) - ref.TVComplement)).toBeLessThan(TOL)
      }
    }
  })
})

describe.each(REFERENCE_DATASETS)('single-column metrics agree with SDMetrics 0.14 on %s', (name) => {
  const { reference, real, synthetic, schema } = loadReferenceCase(name)
  const metrics = columnMetrics(real, synthetic, { schema })

  it('KSComplement, TVComplement, RangeCoverage, CategoryCoverage, BoundaryAdherence and MissingValueSimilarity match within 1e-9', () => {
    let compared = 0
    for (const m of metrics) {
      const ref = reference.single_column[m.column]
      for (const [metric, value] of Object.entries(ref)) {
        if (metric === 'sdtype') continue
        const ours = (m as unknown as Record<string, number | null>)[metric]
        expect(ours, `${m.column} ${metric}`).not.toBeUndefined()
        expect(Math.abs(ours! - (value as number)), `${m.column} ${metric}`).toBeLessThan(TOL)
        compared++
      }
    }
    expect(compared).toBe(Object.values(reference.single_column).reduce((n, r) => n + Object.keys(r).length - 1, 0))
  })
})
