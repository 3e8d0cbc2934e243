import { describe, expect, it } from 'vitest'
import { either as E } from 'fp-ts'
import { DATASETS, loadColumns, loadRows } from '../../../testing/data'
import {
  columnToStrings,
  concat,
  createTable,
  decodeRows,
  fromColumns,
  fromRows,
  inferSchema,
  recode,
  select,
  slice,
  summarize,
  take,
  toRows,
  type TableSchema,
} from '../src/index'

describe('decode → Table → rows round-trips every value of the real datasets', () => {
  for (const name of DATASETS) {
    it(`${name}: every cell survives CSV text → Table → CSV text`, () => {
      const raw = loadColumns(name)
      const { schema } = inferSchema(raw)
      const table = fromColumns(raw, schema)
      expect(table.nRows).toBe(raw[schema.columns[0].name].length)
      for (const spec of schema.columns) {
        const back = columnToStrings(table, spec.name)
        const original = raw[spec.name]
        for (let r = 0; r < original.length; r++) {
          if (back[r] !== original[r]) {
            // numbers may be written differently (0.0 → 0); the value must be identical
            expect(Number(back[r]), `${spec.name} row ${r}`).toBe(Number(original[r]))
            expect(original[r]).not.toBe('')
          }
        }
      }
    })
  }

  it('telco_churn: rows → Table → rows → Table gives identical columns', () => {
    const rows = loadRows('telco_churn')
    const { schema } = inferSchema(rows)
    const a = fromRows(rows, schema)
    const b = fromRows(toRows(a), schema)
    for (const spec of schema.columns) expect(b.columns[spec.name]).toEqual(a.columns[spec.name])
    expect(Number.isNaN((a.columns.total_charges as { values: Float64Array }).values[488])).toBe(true)
  })
})

describe('decoding rows against a schema', () => {
  const schema: TableSchema = {
    columns: [
      { name: 'n', kind: 'numerical', type: 'int', min: 0 },
      { name: 'c', kind: 'categorical', categories: ['a', 'b'] },
      { name: 'b', kind: 'boolean' },
      { name: 'd', kind: 'datetime', format: 'YYYY-MM-DD' },
    ],
  }

  it('reports every bad cell with its row, column, value and what was expected', () => {
    const r = decodeRows(
      [
        { n: '1.5', c: 'a', b: 'yes', d: '2020-01-01' },
        { n: -1, c: 'z', b: 'maybe', d: '2020-02-30' },
        { n: 'ten', c: 'b', b: true, d: '' },
      ],
      schema,
    )
    expect(E.isLeft(r)).toBe(true)
    if (E.isRight(r)) return
    expect(r.left.code).toBe('DATA_INVALID')
    expect(r.left.issues.map((i) => [i.row, i.column])).toEqual([
      [0, 'n'],
      [1, 'n'],
      [2, 'n'],
      [1, 'c'],
      [1, 'b'],
      [1, 'd'],
    ])
    expect(r.left.issues[0].message).toBe('expected an integer, got "1.5"')
    expect(r.left.issues[1].message).toBe("-1 is below the column's min 0")
    expect(r.left.issues[3].message).toBe('"z" is not one of the column\'s categories')
    expect(r.left.issues[5].message).toBe('"2020-02-30" is not a real date or time (it has the shape of a date in format YYYY-MM-DD)')
  })

  it('reports a key the schema does not know instead of dropping it', () => {
    const r = decodeRows([{ n: 1, c: 'a', b: false, d: null, extra: 3 }], schema)
    expect(E.isLeft(r) && r.left.issues[0].message).toBe('column "extra" is not in the schema')
  })

  it('stores missing values as NaN and −1', () => {
    const t = fromRows([{ n: null, c: '', b: undefined, d: '' }], schema)
    expect(t.columns.n).toEqual({ type: 'numeric', values: Float64Array.of(Number.NaN) })
    expect(t.columns.c).toEqual({ type: 'coded', codes: Int32Array.of(-1), dictionary: ['a', 'b'] })
    expect(t.columns.b).toEqual({ type: 'coded', codes: Int32Array.of(-1), dictionary: ['false', 'true'] })
  })
})

describe('table operations', () => {
  const raw = loadColumns('penguins')
  const { schema } = inferSchema(raw)
  const table = fromColumns(raw, schema)

  it('select keeps the named columns in order', () => {
    const s = select(table, ['Sex', 'Species'])
    expect(s.schema.columns.map((c) => c.name)).toEqual(['Sex', 'Species'])
    expect(s.columns.Sex).toBe(table.columns.Sex)
  })

  it('slice and concat give back the table', () => {
    const parts = [slice(table, 0, 100), slice(table, 100, 250), slice(table, 250)]
    expect(parts.map((p) => p.nRows)).toEqual([100, 150, 94])
    const whole = concat(parts)
    for (const c of schema.columns) expect(whole.columns[c.name]).toEqual(table.columns[c.name])
  })

  it('concat merges different dictionaries by value', () => {
    const a = fromRows([{ k: 'x' }, { k: 'y' }], { columns: [{ name: 'k', kind: 'categorical' }] })
    const b = fromRows([{ k: 'z' }, { k: 'x' }, { k: null }], { columns: [{ name: 'k', kind: 'categorical' }] })
    const c = concat([a, b])
    expect(columnToStrings(c, 'k')).toEqual(['x', 'y', 'z', 'x', ''])
  })

  it('take picks rows by index, with repeats', () => {
    const t = take(table, [3, 3, 0])
    expect(toRows(t)).toEqual([toRows(table)[3], toRows(table)[3], toRows(table)[0]])
    expect(() => take(table, [344])).toThrow(/Row index out of range/)
  })

  it('recode aligns a dictionary to another and marks unseen values', () => {
    const col = { type: 'coded' as const, codes: Int32Array.of(0, 1, -1, 2), dictionary: ['b', 'a', 'q'] }
    expect([...recode(col, ['a', 'b'])]).toEqual([1, 0, -1, -2])
  })

  it('createTable rejects columns of the wrong storage or length', () => {
    expect(() =>
      createTable(
        {
          columns: [
            { name: 'x', kind: 'numerical', type: 'float' },
            { name: 'y', kind: 'categorical' },
          ],
        },
        {
          x: { type: 'numeric', values: new Float64Array(3) },
          y: { type: 'coded', codes: Int32Array.of(0, 5), dictionary: ['a'] },
        },
      ),
    ).toThrow(/has 2 rows, expected 3[\s\S]*code 5 is outside the dictionary/)
  })

  it('summarize counts missing values and computes moments and top categories', () => {
    const s = summarize(table)
    const mass = s.find((c) => c.name === 'Body Mass (g)')!
    const sex = s.find((c) => c.name === 'Sex')!
    expect(mass.missing).toBe(2)
    expect(mass.kind === 'numerical' && Math.round(mass.mean)).toBe(4202) // Palmer penguins mean body mass 4201.75 g
    expect(sex.kind === 'categorical' && sex.missing).toBe(10)
    expect(sex.kind === 'categorical' && sex.top[0]).toEqual({ value: 'MALE', count: 168 })
  })
})
