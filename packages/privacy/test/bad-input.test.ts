import { type SynthkitError, createRng, fromColumns, parseTableSchema } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { anonymityReport, attributeInference, dcrValues, linkability, membershipInference, singlingOut } from '../src'

const schema = parseTableSchema({
  columns: [
    { name: 'age', kind: 'numerical', type: 'int' },
    { name: 'city', kind: 'categorical' },
  ],
})
const rows = (n: number, offset = 0) =>
  fromColumns(
    {
      age: Array.from({ length: n }, (_, i) => 20 + ((i + offset) % 50)),
      city: Array.from({ length: n }, (_, i) => ['Oslo', 'Lima', 'Pune'][(i + offset) % 3]),
    },
    schema,
  )

function thrown(f: () => unknown): SynthkitError {
  try {
    f()
  } catch (e) {
    return e as SynthkitError
  }
  throw new Error('expected a SynthkitError')
}

describe('bad input fails with a typed SynthkitError', () => {
  it('mismatched schemas list every problem', () => {
    const other = fromColumns(
      { age: ['a', 'b'], town: ['x', 'y'] },
      parseTableSchema({
        columns: [
          { name: 'age', kind: 'categorical' },
          { name: 'town', kind: 'categorical' },
        ],
      }),
    )
    const e = thrown(() => dcrValues(other, rows(10)))
    expect(e.code).toBe('SCHEMA_INVALID')
    expect(e.issues.map((i) => i.column).sort()).toEqual(['age', 'city', 'town'])
  })

  it('a holdout that overlaps the training rows is detected by row hashing', () => {
    const distinct = (n: number, offset: number) =>
      fromColumns(
        { age: Array.from({ length: n }, (_, i) => i + offset), city: Array.from({ length: n }, (_, i) => ['Oslo', 'Lima'][i % 2]) },
        schema,
      )
    const train = distinct(300, 0)
    const holdout = distinct(300, 150) // ages 150…449: the first 150 repeat training rows
    const e = thrown(() => membershipInference(train, holdout, rows(100, 7), { rng: createRng(1) }))
    expect(e.code).toBe('DATA_INVALID')
    expect(e.issues[0].path).toBe('holdout')
  })

  it('too few rows for the requested attacks', () => {
    const control = fromColumns(
      { age: Array.from({ length: 40 }, (_, i) => 1000 + i), city: Array.from({ length: 40 }, () => 'Oslo') },
      schema,
    )
    const e = thrown(() => linkability(rows(100), rows(100), control, { rng: createRng(1), nAttacks: 50 }))
    expect(e.code).toBe('DATA_INVALID')
    expect(e.issues).toEqual([{ path: 'control', message: '40 rows, but the attack needs at least 50' }])
    expect(thrown(() => membershipInference(rows(10), rows(10, 5), rows(10), { rng: createRng(1) })).code).toBe('DATA_INVALID')
  })

  it('a secret column not in the data', () => {
    const e = thrown(() => attributeInference(rows(50), rows(50), rows(50), { rng: createRng(1), secret: 'income', nAttacks: 10 }))
    expect(e.code).toBe('UNKNOWN_COLUMN')
    expect(e.issues[0].column).toBe('income')
  })

  it('invalid options are decoded and reported with their path; a missing rng is named', () => {
    const e = thrown(() => singlingOut(rows(50), rows(50), rows(50), { rng: createRng(1), nAttacks: -3, mode: 'bivariate' as never }))
    expect(e.code).toBe('OPTIONS_INVALID')
    expect(e.issues.map((i) => i.path).sort()).toEqual(['mode', 'nAttacks'])
    expect(thrown(() => singlingOut(rows(50), rows(50), rows(50), {} as never)).issues[0].path).toBe('rng')
  })

  it('k-anonymity without quasi-identifiers, or an unknown one', () => {
    expect(thrown(() => anonymityReport(rows(10))).code).toBe('OPTIONS_INVALID')
    expect(thrown(() => anonymityReport(rows(10), undefined, { quasiIdentifiers: ['zip'] })).code).toBe('SCHEMA_INVALID')
  })
})

describe('a control set that overlaps the training rows', () => {
  it('is rejected by every anonymeter attack', () => {
    const distinct = (n: number, offset: number) =>
      fromColumns(
        { age: Array.from({ length: n }, (_, i) => i + offset), city: Array.from({ length: n }, (_, i) => ['Oslo', 'Lima'][i % 2]) },
        schema,
      )
    const train = distinct(200, 0)
    const control = distinct(200, 100)
    for (const f of [
      () => singlingOut(train, rows(50), control, { rng: createRng(1), nAttacks: 10 }),
      () => linkability(train, rows(50), control, { rng: createRng(1), nAttacks: 10 }),
      () => attributeInference(train, rows(50), control, { rng: createRng(1), secret: 'city', nAttacks: 10 }),
    ]) {
      const e = thrown(f)
      expect(e.code).toBe('DATA_INVALID')
      expect(e.issues[0].path).toBe('control')
    }
  })
})
