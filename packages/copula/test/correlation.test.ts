import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix'
import { createRng, createTable, isSynthkitError } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { fitCopula, fitCopulaE, nearestCorrelation, pairwiseCorrelation, sampleCopula } from '../src/index'

describe('correlation of normal scores', () => {
  it('leaves a positive-definite correlation matrix unchanged', () => {
    const r = [
      [1, 0.5, 0.2],
      [0.5, 1, 0.3],
      [0.2, 0.3, 1],
    ]
    expect(nearestCorrelation(r)).toEqual({ matrix: r, repaired: false })
  })

  it('repairs an indefinite matrix into a positive-definite one with unit diagonal, close to the input', () => {
    // pairwise estimates that no joint distribution has: a ≈ b, b ≈ c, but a ≈ −c
    const r = [
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ]
    expect(new EigenvalueDecomposition(new Matrix(r), { assumeSymmetric: true }).realEigenvalues.some((v) => v < 0)).toBe(true)
    const { matrix, repaired } = nearestCorrelation(r)
    expect(repaired).toBe(true)
    expect(new CholeskyDecomposition(new Matrix(matrix)).isPositiveDefinite()).toBe(true)
    for (let i = 0; i < 3; i++) {
      expect(matrix[i][i]).toBe(1)
      for (let j = 0; j < 3; j++) expect(matrix[i][j]).toBe(matrix[j][i])
    }
    // Higham's nearest correlation matrix of this input is about 0.33 off in every off-diagonal entry, far less
    // than the 0.9 a zeroing repair would move them
    for (let i = 0; i < 3; i++) for (let j = 0; j < i; j++) expect(Math.abs(matrix[i][j] - r[i][j])).toBeLessThan(0.45)
  })

  it('pairwise-complete correlation uses the rows where both scores exist', () => {
    const x = Float64Array.from([1, 2, 3, 4, Number.NaN, 6])
    const y = Float64Array.from([2, 4, 6, 8, 100, Number.NaN])
    const z = Float64Array.from([6, 5, 4, 3, Number.NaN, 1])
    const r = pairwiseCorrelation([x, y, z])
    expect(r[0][1]).toBeCloseTo(1, 12)
    expect(r[0][2]).toBeCloseTo(-1, 12)
    expect(r[1][2]).toBeCloseTo(-1, 12)
  })

  it('columns missing on the same rows share one missing indicator, so the matrix stays well conditioned', () => {
    const n = 500
    const rng = createRng(8)
    const a = Float64Array.from({ length: n }, () => rng.next())
    const gone = Uint8Array.from({ length: n }, () => (rng.next() < 0.1 ? 1 : 0))
    const b = Float64Array.from(a, (v, i) => (gone[i] ? Number.NaN : v + rng.next()))
    const c = Float64Array.from(a, (v, i) => (gone[i] ? Number.NaN : v - rng.next()))
    const schema = { columns: ['a', 'b', 'c'].map((name) => ({ name, kind: 'numerical' as const, type: 'float' as const })) }
    const model = fitCopula(
      createTable(schema, { a: { type: 'numeric', values: a }, b: { type: 'numeric', values: b }, c: { type: 'numeric', values: c } }),
    )
    expect(model.dimensions).toEqual([
      { column: 'a', role: 'value' },
      { column: 'b', role: 'value' },
      { column: 'b', role: 'missing' },
      { column: 'c', role: 'value' },
    ])
    const s = sampleCopula(model, 1000, createRng(9))
    const sb = s.columns.b.type === 'numeric' ? s.columns.b.values : new Float64Array()
    const sc = s.columns.c.type === 'numeric' ? s.columns.c.values : new Float64Array()
    // still missing together
    for (let i = 0; i < 1000; i++) expect(Number.isNaN(sb[i])).toBe(Number.isNaN(sc[i]))
  })

  it('fitCopulaE returns the error as a Left instead of throwing', () => {
    const r = fitCopulaE({
      schema: { columns: [{ name: 'a', kind: 'numerical', type: 'float' }] },
      nRows: 0,
      columns: { a: { type: 'numeric', values: new Float64Array() } },
    })
    expect(r._tag).toBe('Left')
    if (r._tag === 'Left') expect(isSynthkitError(r.left) && r.left.code).toBe('EMPTY_TABLE')
  })
})
