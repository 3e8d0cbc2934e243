// A synthetic column that is entirely missing must never make a report score higher (issue 10 §4).
// Known answers are derived by hand from SDMetrics 0.14's definitions (sdmetrics/reports/single_table/_properties/
// column_pair_trends.py, column_shapes.py, ContingencySimilarity, CorrelationSimilarity, KSComplement, TVComplement):
// - a numerical/datetime column is discretized on each table's OWN numpy.histogram_bin_edges (10 bins); an all-NaN
//   column gives numpy's default range [0, 1], and numpy.digitize puts NaN (and each side's maximum) in bin 11;
// - ContingencySimilarity = 1 − ½ Σ |p_real − p_synth| = Σ min(p_real, p_synth) over the joint (astype(str)) table;
// - CorrelationSimilarity, KSComplement and TVComplement raise (empty data) on an all-NaN column: NaN, left out.
import fc from 'fast-check'
import { type ColumnData, type Table, type TableSchema, createTable, fromColumns, inferSchema, slice } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { type QualityReport, diagnosticReport, qualityReport } from '../src/index'
import { loadColumns } from '../../../testing/data'
import { loadReferenceCase } from './sdmetrics-reference'

/** The table with one column replaced by missing values. */
function blank(t: Table, name: string): Table {
  const col = t.columns[name]
  const replaced: ColumnData =
    col.type === 'numeric'
      ? { type: 'numeric', values: new Float64Array(t.nRows).fill(Number.NaN) }
      : col.type === 'coded'
        ? { ...col, codes: new Int32Array(t.nRows).fill(-1) }
        : col
  return createTable(t.schema, { ...t.columns, [name]: replaced })
}

/** Share of rows numpy.digitize puts in bin 11 on the column's own edges: the rows at the maximum, and the missing rows. */
function bin11Share(values: Float64Array): number {
  let max = -Infinity
  for (const v of values) if (v > max) max = v
  let k = 0
  for (const v of values) if (v !== v || v === max) k++
  return k / values.length
}

const numeric = (t: Table, name: string): Float64Array => {
  const c = t.columns[name]
  if (c.type !== 'numeric') throw new Error(`${name} is not numeric`)
  return c.values
}

const involves = (p: { columnA: string; columnB: string }, name: string) => p.columnA === name || p.columnB === name

/**
 * Real rows against the same rows with `name` blanked: every score not involving `name` is 1 (identical data); in
 * SDMetrics' rule each pair of `name` with a discrete column scores the real bin-11 share, each pair with another
 * continuous column and its own Column Shapes score are NaN.
 */
function expectSdmetricsBlank(real: Table, schema: TableSchema, name: string, r: QualityReport): void {
  const continuous = (n: string) => ['numerical', 'datetime'].includes(schema.columns.find((c) => c.name === n)!.kind)
  const p11 = bin11Share(numeric(real, name))
  let sum = 0
  let count = 0
  for (const p of r.columnPairTrends) {
    if (!involves(p, name)) {
      expect(p.score).toBe(1)
      sum += 1
      count++
      continue
    }
    const other = p.columnA === name ? p.columnB : p.columnA
    if (continuous(other)) expect(p.score).toBeNull()
    else {
      expect(p.metric).toBe('ContingencySimilarity')
      expect(p.score!).toBeCloseTo(p11, 14)
      sum += p11
      count++
    }
  }
  expect(r.columnShapes.find((s) => s.column === name)!.score).toBeNull()
  expect(r.properties[0].score).toBe(1)
  expect(r.properties[1].score!).toBeCloseTo(sum / count, 14)
  expect(r.score!).toBeCloseTo((1 + sum / count) / 2, 14)
}

/** The default rule: every score involving the blanked column is 0; the others are 1. */
function expectZeroBlank(r: QualityReport, name: string): void {
  const k = r.columnShapes.length
  const pairs = r.columnPairTrends.length
  for (const p of r.columnPairTrends) expect(p.score).toBe(involves(p, name) ? 0 : 1)
  expect(r.properties[0].score!).toBeCloseTo((k - 1) / k, 14)
  expect(r.properties[1].score!).toBeCloseTo((pairs - (k - 1)) / pairs, 14)
}

describe('an all-missing synthetic column, known answers from SDMetrics 0.14 definitions', () => {
  const telco = loadReferenceCase('telco_churn')
  const telco600 = slice(telco.real, 0, 600)

  it('telco (first 600 rows), monthly_charges blanked: its 17 mixed pairs score the real bin-11 share 1/600 ≈ 0.0017', () => {
    const synthetic = blank(telco600, 'monthly_charges')
    const r = qualityReport(telco600, synthetic, { undefinedSynthetic: 'sdmetrics' })
    // the maximum monthly charge (116.25) occurs once and none is missing in these rows
    expect(bin11Share(numeric(telco600, 'monthly_charges'))).toBe(1 / 600)
    expect(r.columnPairTrends.filter((p) => involves(p, 'monthly_charges') && p.metric === 'ContingencySimilarity').length).toBe(17)
    expectSdmetricsBlank(telco600, telco.schema, 'monthly_charges', r)
    // (171 + 17/600) / 188 pairs (the two numerical pairs are NaN), overall (1 + that) / 2
    expect(r.score!).toBeCloseTo((1 + (171 + 17 / 600) / 188) / 2, 14)
    expectZeroBlank(qualityReport(telco600, synthetic), 'monthly_charges')
  })

  it('telco (first 600 rows), total_charges blanked: the real missing total shares bin 11 with the maximum (2/600)', () => {
    const synthetic = blank(telco600, 'total_charges')
    expect(bin11Share(numeric(telco600, 'total_charges'))).toBe(2 / 600)
    expectSdmetricsBlank(telco600, telco.schema, 'total_charges', qualityReport(telco600, synthetic, { undefinedSynthetic: 'sdmetrics' }))
    expectZeroBlank(qualityReport(telco600, synthetic), 'total_charges')
  })

  it('telco (first 600 rows), tenure blanked: the bin-11 share counts every row at the maximum tenure', () => {
    const r = qualityReport(telco600, blank(telco600, 'tenure'), { undefinedSynthetic: 'sdmetrics' })
    expect(bin11Share(numeric(telco600, 'tenure'))).toBeGreaterThan(1 / 600) // 72 months occurs several times
    expectSdmetricsBlank(telco600, telco.schema, 'tenure', r)
  })

  it('telco, a categorical column blanked: missing is a category of its own, which the real data never has → 0', () => {
    const synthetic = blank(telco600, 'contract')
    const r = qualityReport(telco600, synthetic, { undefinedSynthetic: 'sdmetrics' })
    for (const p of r.columnPairTrends) expect(p.score!).toBeCloseTo(involves(p, 'contract') ? 0 : 1, 14)
    expect(r.columnShapes.find((s) => s.column === 'contract')!.score).toBeNull()
    expect(r.score!).toBeCloseTo((1 + 171 / 190) / 2, 14)
    expectZeroBlank(qualityReport(telco600, synthetic), 'contract')
  })

  it('diamonds (first 600 rows), price blanked', () => {
    const diamonds = loadReferenceCase('diamonds')
    const real = slice(diamonds.real, 0, 600)
    const synthetic = blank(real, 'price')
    expectSdmetricsBlank(real, diamonds.schema, 'price', qualityReport(real, synthetic, { undefinedSynthetic: 'sdmetrics' }))
    expectZeroBlank(qualityReport(real, synthetic), 'price')
  })

  it('seattle_weather, the datetime column blanked (each date occurs once: bin-11 share 1/n)', () => {
    const raw = loadColumns('seattle_weather')
    const { schema } = inferSchema(raw)
    const real = fromColumns(raw, schema)
    expect(schema.columns.find((c) => c.name === 'date')!.kind).toBe('datetime')
    const synthetic = blank(real, 'date')
    const r = qualityReport(real, synthetic, { undefinedSynthetic: 'sdmetrics' })
    expect(bin11Share(numeric(real, 'date'))).toBe(1 / real.nRows)
    expectSdmetricsBlank(real, schema, 'date', r)
    expectZeroBlank(qualityReport(real, synthetic), 'date')
  })

  it("SDMetrics' rule lets blanking raise Column Shapes on SDV's telco output; the default rule never does", () => {
    const base = qualityReport(telco.real, telco.synthetic)
    let rose = 0
    for (const spec of telco.schema.columns) {
      const s = blank(telco.synthetic, spec.name)
      const sdm = qualityReport(telco.real, s, { undefinedSynthetic: 'sdmetrics' })
      if (sdm.properties[0].score! > base.properties[0].score!) rose++
      const zero = qualityReport(telco.real, s)
      expect(zero.score!).toBeLessThan(base.score!)
      zero.properties.forEach((p, i) => expect(p.score!).toBeLessThan(base.properties[i].score!))
    }
    // e.g. tenure: Column Shapes 0.9840 → 0.9865 under SDMetrics' rule (its KSComplement was below the mean)
    expect(rose).toBeGreaterThan(0)
  })

  it('the diagnostic report scores a blanked column 0, and SDMetrics 0 too when the real column has no missing value', () => {
    const synthetic = blank(telco600, 'monthly_charges')
    for (const mode of ['zero', 'sdmetrics'] as const) {
      const d = diagnosticReport(telco600, synthetic, { undefinedSynthetic: mode })
      expect(d.details.find((x) => x.column === 'monthly_charges')!.score).toBe(0)
    }
  })
})

describe('other degenerate synthetic columns (audit of Column Shapes and Column Pair Trends)', () => {
  const schema: TableSchema = {
    columns: [
      { name: 'x', kind: 'numerical', type: 'float' },
      { name: 'y', kind: 'numerical', type: 'float' },
      { name: 'c', kind: 'categorical' },
    ],
  }
  const real = fromColumns({ x: [1, 2, 3, 4], y: [2, 1, 4, 3], c: ['a', 'b', 'c', 'a'] }, schema)

  it('a category never generated lowers TVComplement by its real share, as SDMetrics computes it', () => {
    const synthetic = fromColumns({ x: [1, 2, 3, 4], y: [2, 1, 4, 3], c: ['a', 'b', 'a', 'b'] }, schema)
    // real a ½, b ¼, c ¼; synthetic a ½, b ½: TVD = ½ (0 + ¼ + ¼) = ¼
    expect(qualityReport(real, synthetic).columnShapes[2].score).toBeCloseTo(0.75, 15)
  })

  it('a constant synthetic column makes its correlations 0 by default, left out under SDMetrics (ConstantInputError)', () => {
    const synthetic = fromColumns({ x: [5, 5, 5, 5], y: [2, 1, 4, 3], c: ['a', 'b', 'c', 'a'] }, schema)
    const pair = (r: QualityReport) => r.columnPairTrends.find((p) => p.columnA === 'x' && p.columnB === 'y')!
    const p = pair(qualityReport(real, synthetic))
    expect(p).toMatchObject({ score: 0, syntheticCorrelation: null })
    // real r: Σ dx·dy = 3 over √(5 · 5)
    expect(p.realCorrelation!).toBeCloseTo(0.6, 15)
    expect(pair(qualityReport(real, synthetic, { undefinedSynthetic: 'sdmetrics' })).score).toBeNull()
    // KSComplement of a single value is defined: 5 lies above every real value, so D = 1
    expect(qualityReport(real, synthetic).columnShapes[0].score).toBeCloseTo(0, 15)
  })
})

// Random small tables: 1–3 numerical and 0–2 categorical columns, every real column with a present value.
const cell = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.constant(null) })
const tables = fc
  .record({
    nNum: fc.integer({ min: 1, max: 3 }),
    nCat: fc.integer({ min: 0, max: 2 }),
    nReal: fc.integer({ min: 2, max: 25 }),
    nSynth: fc.integer({ min: 2, max: 25 }),
  })
  .chain(({ nNum, nCat, nReal, nSynth }) => {
    const names = [...Array.from({ length: nNum }, (_, i) => `x${i}`), ...Array.from({ length: nCat }, (_, i) => `c${i}`)]
    const column = (n: number) => fc.array(cell, { minLength: n, maxLength: n })
    const side = (n: number) => fc.tuple(...names.map(() => column(n)))
    return fc.record({
      names: fc.constant(names),
      real: side(nReal),
      synthetic: side(nSynth),
      which: fc.integer({ min: 0, max: names.length - 1 }),
    })
  })
  .filter(({ real }) => real.every((col) => col.some((v) => v !== null)))

describe('blanking a synthetic column never raises a score (fast-check)', () => {
  it('holds for the quality report overall and per property, and for the diagnostic report', () => {
    fc.assert(
      fc.property(tables, ({ names, real, synthetic, which }) => {
        const schema: TableSchema = {
          columns: names.map((name) => (name.startsWith('x') ? { name, kind: 'numerical', type: 'float' } : { name, kind: 'categorical' })),
        }
        const toTable = (cols: (number | null)[][]) =>
          fromColumns(
            Object.fromEntries(names.map((n, i) => [n, n.startsWith('x') ? cols[i] : cols[i].map((v) => (v === null ? null : `k${v}`))])),
            schema,
          )
        const r = toTable(real)
        const s = toTable(synthetic)
        const b = blank(s, names[which])
        const before = qualityReport(r, s)
        const after = qualityReport(r, b)
        const le = (x: number | null, y: number | null) => {
          // a property with no defined score stays undefined: blanking cannot create nor remove a null property
          if (y === null) expect(x).toBeNull()
          else expect(x!).toBeLessThanOrEqual(y + 1e-12)
        }
        le(after.score, before.score)
        after.properties.forEach((p, i) => le(p.score, before.properties[i].score))
        const d0 = diagnosticReport(r, s)
        const d1 = diagnosticReport(r, b)
        le(d1.score, d0.score)
        d1.properties.forEach((p, i) => le(p.score, d0.properties[i].score))
      }),
      { numRuns: 400 },
    )
  })
})
