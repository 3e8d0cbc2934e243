import { createRng, fromColumns, isSynthkitError, parseTableSchema, select, slice } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { METRICS_VERSION, correlationSimilarity, diagnosticReport, qualityReport, shuffleColumns } from '../src/index'
import { loadReferenceCase } from './sdmetrics-reference'
import { readFileSync } from 'node:fs'

const telco = loadReferenceCase('telco_churn')
const penguins = loadReferenceCase('penguins')

function thrown(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error('expected an error')
}

describe('statistical sanity', () => {
  it('a table against itself scores exactly 1 on every column, pair, property and overall', () => {
    for (const c of [telco, penguins]) {
      const r = qualityReport(c.real, c.real)
      expect(r.columnShapes.every((s) => s.score === 1)).toBe(true)
      expect(r.columnPairTrends.every((s) => s.score === 1)).toBe(true)
      expect(r.score).toBe(1)
    }
  })

  it('an independent shuffle of the columns keeps Column Shapes at 1 and drops Column Pair Trends', () => {
    const shuffled = shuffleColumns(telco.real, createRng(7))
    const r = qualityReport(telco.real, shuffled)
    expect(r.properties[0].score).toBe(1)
    // Against itself the score is 1; the shuffle (seed 7) loses ≥ 0.1 and ends below SDV's Gaussian copula, which
    // learned the dependences (0.8816 in the reference file).
    expect(r.properties[1].score!).toBeLessThan(0.9)
    expect(r.properties[1].score!).toBeLessThan(telco.reference.properties['Column Pair Trends'])
    const pair = r.columnPairTrends.find((p) => p.columnA === 'tenure' && p.columnB === 'total_charges')!
    expect(Math.abs(pair.syntheticCorrelation!)).toBeLessThan(0.05)
    expect(pair.score!).toBeLessThan(0.6)
  })

  it('is symmetric in the sense SDMetrics is: swapping the pair order keeps every pair score', () => {
    const a = qualityReport(telco.real, telco.synthetic)
    const b = qualityReport(telco.synthetic, telco.real, { schema: telco.schema })
    a.columnPairTrends.forEach((p, i) => expect(b.columnPairTrends[i].score!).toBeCloseTo(p.score!, 12))
  })
})

describe('report output', () => {
  it('is plain JSON with the report name, version and row counts, and no timing without a clock', () => {
    const r = qualityReport(penguins.real, penguins.synthetic)
    const back = JSON.parse(JSON.stringify(r))
    expect(back).toEqual(r)
    expect(r.report).toBe('QualityReport')
    expect(r.version).toBe(METRICS_VERSION)
    expect(r.rows).toEqual({ real: 344, synthetic: penguins.synthetic.nRows })
    expect('timingMs' in r || 'phaseMs' in r).toBe(false)
    // Same input, same JSON: nothing in the output depends on when it ran.
    expect(JSON.stringify(qualityReport(penguins.real, penguins.synthetic))).toBe(JSON.stringify(r))
    expect('timingMs' in diagnosticReport(penguins.real, penguins.synthetic)).toBe(false)
  })

  it('reads timings only from the injected clock', () => {
    // A clock that advances 1 ms per reading: start, after prepare, after shapes, after pairs.
    let t = 100
    const clock = () => t++
    const r = qualityReport(penguins.real, penguins.synthetic, { clock })
    expect(r.phaseMs).toEqual({ prepare: 1, columnShapes: 1, columnPairTrends: 1 })
    expect(r.timingMs).toBe(3)
    t = 0
    expect(diagnosticReport(penguins.real, penguins.synthetic, { clock }).timingMs).toBe(1)
  })

  it('rejects malformed report options with OPTIONS_INVALID naming each', () => {
    const e = thrown(() => qualityReport(penguins.real, penguins.synthetic, { undefinedSynthetic: 'nan' as never, clock: 3 as never }))
    expect(isSynthkitError(e) && e.code).toBe('OPTIONS_INVALID')
    expect((e as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['undefinedSynthetic', 'clock'])
  })

  it('carries the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    expect(METRICS_VERSION).toBe(pkg.version)
  })
})

describe('diagnostic report', () => {
  it('scores 1 for SDV output that stays in range and invents no category, with Data Structure 1', () => {
    const d = diagnosticReport(penguins.real, penguins.synthetic)
    expect(d.properties).toEqual([
      { name: 'Data Validity', score: 1 },
      { name: 'Data Structure', score: 1 },
    ])
    expect(d.details.filter((x) => x.metric === 'BoundaryAdherence').length).toBe(4)
    expect(JSON.parse(JSON.stringify(d))).toEqual(d)
  })

  it('lowers Data Validity for out-of-range values and invented categories, and Data Structure for a missing column', () => {
    const schema = parseTableSchema({
      columns: [
        { name: 'x', kind: 'numerical', type: 'float' },
        { name: 'c', kind: 'categorical' },
        { name: 'id', kind: 'id' },
      ],
      primaryKey: 'id',
    })
    const real = fromColumns({ x: [0, 10], c: ['a', 'b'], id: ['1', '2'] }, schema)
    const synthetic = fromColumns({ x: [5, 20, 1, 2], c: ['a', 'z', 'b', 'b'], id: ['1', '1', '2', '3'] }, schema)
    const d = diagnosticReport(real, synthetic)
    const byMetric = Object.fromEntries(d.details.map((x) => [x.metric, x.score]))
    expect(byMetric).toEqual({ BoundaryAdherence: 0.75, CategoryAdherence: 0.75, KeyUniqueness: 0.75, TableStructure: 1 })
    const partial = diagnosticReport(real, select(synthetic, ['x', 'id']))
    // 2 shared (name, kind) pairs of 3 in the union
    expect(partial.properties[1].score).toBeCloseTo(2 / 3, 15)
    expect(partial.details.find((x) => x.column === 'c')).toMatchObject({ score: null })
  })
})

describe('bad input', () => {
  const schema = parseTableSchema({
    columns: [
      { name: 'x', kind: 'numerical', type: 'float' },
      { name: 'c', kind: 'categorical' },
    ],
  })
  const real = fromColumns({ x: [1, 2, 3], c: ['a', 'b', 'a'] }, schema)

  it('rejects a column missing from the synthetic table, naming it', () => {
    const e = thrown(() => qualityReport(real, select(fromColumns({ x: [1], c: ['a'] }, schema), ['x'])))
    expect(isSynthkitError(e) && e.code).toBe('SCHEMA_INVALID')
    expect((e as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['synthetic.columns.c'])
  })

  it('rejects mismatched schemas: a numerical column that is categorical on the other side', () => {
    const other = parseTableSchema({
      columns: [
        { name: 'x', kind: 'categorical' },
        { name: 'c', kind: 'categorical' },
      ],
    })
    const e = thrown(() => qualityReport(real, fromColumns({ x: ['1'], c: ['a'] }, other)))
    expect(isSynthkitError(e) && e.code).toBe('SCHEMA_INVALID')
    expect(String((e as Error).message)).toContain('"x"')
  })

  it('rejects a synthetic column the schema does not know and a requested column that does not exist', () => {
    const wider = parseTableSchema({ columns: [...schema.columns, { name: 'extra', kind: 'categorical' }] })
    const e1 = thrown(() => qualityReport(real, fromColumns({ x: [1], c: ['a'], extra: ['q'] }, wider)))
    expect((e1 as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['synthetic.columns.extra'])
    const e2 = thrown(() => qualityReport(real, real, { columns: ['x', 'nope'] }))
    expect((e2 as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['columns.1'])
  })

  it('rejects zero rows with EMPTY_TABLE', () => {
    const e = thrown(() => qualityReport(real, slice(real, 0, 0)))
    expect(isSynthkitError(e) && e.code).toBe('EMPTY_TABLE')
    expect(isSynthkitError(thrown(() => diagnosticReport(slice(real, 0, 0), real)))).toBe(true)
  })

  it('scores an all-missing synthetic column 0 with a reason by default, so it counts against the averages', () => {
    const synthetic = fromColumns({ x: [null, null], c: ['a', 'b'] }, schema)
    const r = qualityReport(real, synthetic)
    expect(r.columnShapes[0]).toMatchObject({ column: 'x', score: 0 })
    expect(r.columnShapes[0].error).toMatch(/no present value/)
    expect(r.properties[0].score).toBe(r.columnShapes[1].score! / 2)
    expect(r.columnPairTrends[0]).toMatchObject({ metric: 'ContingencySimilarity', score: 0 })
    expect(r.properties[1].score).toBe(0)
  })

  it("with undefinedSynthetic: 'sdmetrics' leaves KSComplement out and bins the blank column on [0, 1] as SDMetrics does", () => {
    const synthetic = fromColumns({ x: [null, null], c: ['a', 'b'] }, schema)
    const r = qualityReport(real, synthetic, { undefinedSynthetic: 'sdmetrics' })
    expect(r.columnShapes[0]).toMatchObject({ column: 'x', score: null })
    expect(r.properties[0].score).toBe(r.columnShapes[1].score)
    // real x = 1, 2, 3 → bins 1, 6, 11 (the maximum in bin 11); synthetic x all NaN → bin 11. Joint real (1,a) (6,b)
    // (11,a) each 1/3, synthetic (11,a) (11,b) each 1/2: overlap Σ min = min(1/3, 1/2) = 1/3.
    expect(r.columnPairTrends[0].score).toBeCloseTo(1 / 3, 15)
    expect(r.score).toBeCloseTo((r.properties[0].score! + 1 / 3) / 2, 15)
  })

  it('scores a category present only in the synthetic data with SDMetrics regularisation, not an error', () => {
    const synthetic = fromColumns({ x: [1, 2, 3], c: ['a', 'b', 'z'] }, schema)
    const r = qualityReport(real, synthetic)
    const tv = r.columnShapes[1].score!
    const total = 3 + 1e-6
    expect(tv).toBeCloseTo(1 - 0.5 * (Math.abs(1 / 3 - 2 / total) + Math.abs(1 / 3 - 1 / total) + Math.abs(1 / 3 - 1e-6 / total)), 14)
  })
})

describe('Spearman option', () => {
  it('uses Spearman rho for continuous pairs when asked, equal to the pair function on the same columns', () => {
    const r = qualityReport(telco.real, telco.synthetic, { correlation: 'spearman' })
    const pair = r.columnPairTrends.find((p) => p.columnA === 'tenure' && p.columnB === 'total_charges')!
    const col = (t: typeof telco.real, c: string) => (t.columns[c].type === 'numeric' ? t.columns[c].values : new Float64Array())
    const direct = correlationSimilarity(
      [col(telco.real, 'tenure'), col(telco.real, 'total_charges')],
      [col(telco.synthetic, 'tenure'), col(telco.synthetic, 'total_charges')],
      'spearman',
    )
    expect(pair.realCorrelation).toBe(direct.real)
    // total charges ≈ tenure × monthly charges: monotone in tenure, so rank correlation beats Pearson's 0.826
    expect(pair.realCorrelation!).toBeGreaterThan(0.85)
  })
})

describe('diagnostic constraints', () => {
  it("checks the schema's constraints on both tables without changing the SDMetrics score", () => {
    const schema = parseTableSchema({
      columns: [
        { name: 'low', kind: 'numerical', type: 'float' },
        { name: 'high', kind: 'numerical', type: 'float' },
      ],
      constraints: [{ type: 'inequality', low: 'low', high: 'high' }],
    })
    const real = fromColumns({ low: [1, 2, 3, 4], high: [2, 3, 4, 5] }, schema)
    const synthetic = fromColumns({ low: [1, 3, 3, 4], high: [2, 2, 4, 5] }, schema)
    const d = diagnosticReport(real, synthetic)
    expect(d.constraints).toHaveLength(1)
    expect(d.constraints[0]).toMatchObject({ kind: 'inequality', syntheticValidRate: 0.75, realValidRate: 1, failingCount: 1 })
    expect(d.properties[0].score).toBe(1) // both columns stay within the real ranges
  })
})

describe('booleans', () => {
  it('compare by value, not by the labels each side writes', () => {
    const realSchema = parseTableSchema({
      columns: [
        { name: 'b', kind: 'boolean', labels: ['No', 'Yes'] },
        { name: 'x', kind: 'numerical', type: 'int' },
      ],
    })
    const synthSchema = parseTableSchema({
      columns: [
        { name: 'b', kind: 'boolean' },
        { name: 'x', kind: 'numerical', type: 'int' },
      ],
    })
    const real = fromColumns({ b: ['Yes', 'No', 'Yes'], x: [1, 2, 3] }, realSchema)
    const synthetic = fromColumns({ b: ['true', 'false', 'true'], x: [1, 2, 3] }, synthSchema)
    const r = qualityReport(real, synthetic)
    expect(r.score).toBe(1)
    expect(diagnosticReport(real, synthetic).properties[0].score).toBe(1)
  })
})

it('the diagnostic report rejects a requested column that is not in the schema', () => {
  const e = thrown(() => diagnosticReport(penguins.real, penguins.synthetic, { columns: ['Species', 'Wings'] }))
  expect(isSynthkitError(e) && e.code).toBe('SCHEMA_INVALID')
  expect((e as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['columns.1'])
})

describe('typed score accessors', () => {
  it('qualityScores and diagnosticScores name the properties the reports hold, in their order', async () => {
    const { qualityReport, diagnosticReport, qualityScores, diagnosticScores } = await import('../src/index')
    const { fromColumns, inferSchema } = await import('@synthkit/core')
    const cols = { a: ['1', '2', '3', '4'], b: ['x', 'y', 'x', 'y'] }
    const t = fromColumns(cols, inferSchema(cols).schema)
    const q = qualityReport(t, t)
    expect(qualityScores(q)).toEqual({ overall: q.score, columnShapes: q.properties[0].score, columnPairTrends: q.properties[1].score })
    expect(q.properties.map((p) => p.name)).toEqual(['Column Shapes', 'Column Pair Trends'])
    const d = diagnosticReport(t, t)
    expect(diagnosticScores(d)).toEqual({ overall: d.score, dataValidity: d.properties[0].score, dataStructure: d.properties[1].score })
    expect(d.properties.map((p) => p.name)).toEqual(['Data Validity', 'Data Structure'])
  })
})
