import { type TableSchema, fromRows } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { evaluateTables } from '../src/index'

const schema: TableSchema = {
  columns: [
    { name: 'id', kind: 'id' },
    { name: 'email', kind: 'categorical', sensitivity: 'pii' },
    { name: 'note', kind: 'text' },
    { name: 'age', kind: 'numerical', type: 'int' },
    { name: 'plan', kind: 'categorical' },
  ],
}

describe('the copy rate', () => {
  it('compares rows on the modelled columns only: regenerated ids, pii and text do not hide a copied record', () => {
    const real = fromRows(
      Array.from({ length: 40 }, (_, i) => ({ id: `r${i}`, email: `p${i}@x.org`, note: `n${i}`, age: 20 + i, plan: i % 2 ? 'a' : 'b' })),
      schema,
    )
    // rows 0–9 copy a real record's age and plan; their id, email and note are fresh placeholders
    const synthetic = fromRows(
      Array.from({ length: 20 }, (_, i) => ({
        id: `s${i}`,
        email: `email-${i}`,
        note: `text-${i}`,
        age: i < 10 ? 20 + i : 100 + i,
        plan: i < 10 ? (i % 2 ? 'a' : 'b') : 'a',
      })),
      schema,
    )
    const e = evaluateTables(real, synthetic, schema)
    expect(e.copyColumns).toEqual(['age', 'plan'])
    expect(e.newRows.copiedRows).toBe(10)
    expect(e.newRows.newRowRate).toBe(0.5)
  })
})
