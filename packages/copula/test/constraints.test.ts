// Registers the expression parser, as a program's `import '@synthkit/core/expression'` does (not a global setup:
// loading mathjs costs about a second per test file).
import '@synthkit/core/expression'
import { type Constraint, checkConstraints, createRng, isSynthkitError, take } from '@synthkit/core'
import { qualityReport } from '@synthkit/metrics'
import { describe, expect, it } from 'vitest'
import { fitCopula, parseCopulaModel, sampleCopula } from '../src/index'
import { loadTable, sdvFigures } from './helpers'

function errorOf(f: () => unknown): { code: string; message: string } | null {
  try {
    f()
  } catch (e) {
    if (isSynthkitError(e)) return { code: e.code, message: e.message }
    throw e
  }
  return null
}

describe('constraints', () => {
  it('diamonds: x, y, z >= 0 hold on every sampled row, and column shapes stay above SDV', () => {
    const real = loadTable('diamonds')
    const constraints: Constraint[] = ['x', 'y', 'z'].map((column) => ({ type: 'positive', column }))
    const model = parseCopulaModel(JSON.parse(JSON.stringify(fitCopula(real, { constraints }))))
    expect(model.constraints?.steps.map((s) => s.column)).toEqual(['x', 'y', 'z'])
    const synthetic = sampleCopula(model, real.nRows, createRng(3))
    expect(synthetic.nRows).toBe(real.nRows)
    const report = checkConstraints(synthetic, constraints)
    expect(report.validRate).toBe(1)
    const shapes = qualityReport(real, synthetic).properties.find((p) => p.name === 'Column Shapes')!.score
    expect(shapes).toBeGreaterThanOrEqual(sdvFigures().get('diamonds')!.columnShapes)
  })

  it('telco_churn: total_charges >= monthly_charges holds wherever both are present, missing total_charges are kept', () => {
    const real = loadTable('telco_churn')
    const constraints: Constraint[] = [{ type: 'inequality', low: 'monthly_charges', high: 'total_charges' }]
    const synthetic = sampleCopula(fitCopula(real, { constraints }), real.nRows, createRng(4))
    const low = synthetic.columns.monthly_charges
    const high = synthetic.columns.total_charges
    if (low.type !== 'numeric' || high.type !== 'numeric') throw new Error('numeric')
    let both = 0
    const violating: number[] = [] // rows with total < monthly, checked once (not one expect per row)
    for (let i = 0; i < synthetic.nRows; i++) {
      if (Number.isNaN(low.values[i]) || Number.isNaN(high.values[i])) continue
      both++
      if (!(high.values[i] >= low.values[i])) violating.push(i)
    }
    expect(violating).toEqual([])
    expect(both).toBeGreaterThan(0.99 * synthetic.nRows)
    // precision of the original column survives the inverse transform
    expect(high.values.every((v) => Number.isNaN(v) || Math.round(v * 100) / 100 === v)).toBe(true)
  })

  it('a two-sided range and an expression (left to rejection) hold on every row', () => {
    const real = loadTable('diamonds', 5000)
    const constraints: Constraint[] = [
      { type: 'range', column: 'carat', min: 0.3, max: 2 },
      { type: 'expression', expression: 'price > 400' },
    ]
    const rows = checkConstraints(real, constraints)
    // fit on the rows that satisfy them (the data must satisfy what the model is asked to honour)
    const keep: number[] = []
    const mask = rows.constraints.map((c) => new Set(c.failingRows))
    for (let i = 0; i < real.nRows; i++) if (mask.every((m) => !m.has(i))) keep.push(i)
    const model = fitCopula(take(real, keep), { constraints })
    expect(model.constraints?.residual).toEqual([1])
    const synthetic = sampleCopula(model, 3000, createRng(5))
    expect(checkConstraints(synthetic, constraints).validRate).toBe(1)
  })

  it('contradictory constraints are refused with CONSTRAINT_UNSATISFIABLE naming them', () => {
    const real = loadTable('diamonds', 2000)
    const e = errorOf(() =>
      fitCopula(real, {
        constraints: [
          { type: 'range', column: 'carat', min: 3, max: 5 },
          { type: 'negative', column: 'carat', strict: true },
        ],
      }),
    )
    expect(e?.code).toBe('CONSTRAINT_UNSATISFIABLE')
    expect(e?.message).toMatch(/carat/)
  })

  it('a constraint the model can almost never meet fails after bounded rejection, naming it and the acceptance rate', () => {
    const real = loadTable('diamonds', 2000)
    const model = fitCopula(real, { constraints: [{ type: 'expression', expression: 'price > 18000 and carat < 0.3' }] as Constraint[] })
    const e = errorOf(() => sampleCopula(model, 100, createRng(6)))
    expect(e?.code).toBe('CONSTRAINT_UNSATISFIABLE')
    expect(e?.message).toMatch(/acceptance rate/)
  })
})
