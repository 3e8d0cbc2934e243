import { type Table, type TableSchema, createRng, createTable, fromRows, isSynthkitError, toRows } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { decodeCopulaModel, fitCopula, parseCopulaModel, sampleCopula } from '../src/index'
import { loadTable } from './helpers'

function errorOf(f: () => unknown): { code: string; paths: string[]; message: string } | null {
  try {
    f()
  } catch (e) {
    if (isSynthkitError(e)) return { code: e.code, paths: e.issues.map((i) => i.path), message: e.message }
    throw e
  }
  return null
}

const noNaNRows = (t: Table, names: string[]) =>
  names.every((n) => {
    const c = t.columns[n]
    return c.type !== 'numeric' || c.values.every((v) => !Number.isNaN(v))
  })

describe('bad and degenerate input', () => {
  it('an empty table is refused with EMPTY_TABLE', () => {
    const schema: TableSchema = { columns: [{ name: 'a', kind: 'numerical', type: 'float' }] }
    expect(errorOf(() => fitCopula(fromRows([], schema)))?.code).toBe('EMPTY_TABLE')
    expect(errorOf(() => fitCopula({ schema: { columns: [] }, nRows: 3, columns: {} }))?.code).toBe('EMPTY_TABLE')
  })

  it('sampling 0 rows gives an empty table in the schema, also with constraints', () => {
    const t = loadTable('telco_churn')
    const model = fitCopula(t, { constraints: [{ type: 'inequality', low: 'monthly_charges', high: 'total_charges' }] })
    const s = sampleCopula(model, 0, createRng(1))
    expect(s.nRows).toBe(0)
    expect(s.schema.columns.map((c) => c.name)).toEqual(t.schema.columns.map((c) => c.name))
  })

  it('a constant column is sampled as that constant, next to a varying one', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ k: 7, v: i * 1.5 }))
    const t = fromRows(rows, {
      columns: [
        { name: 'k', kind: 'numerical', type: 'int' },
        { name: 'v', kind: 'numerical', type: 'float' },
      ],
    })
    const s = sampleCopula(fitCopula(t), 200, createRng(1))
    const k = s.columns.k
    expect(k.type === 'numeric' && k.values.every((x) => x === 7)).toBe(true)
    expect(noNaNRows(s, ['k', 'v'])).toBe(true)
  })

  it('an all-missing column stays missing and does not disturb the others', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ gone: null, v: i, c: i % 2 ? 'a' : 'b' }))
    const schema: TableSchema = {
      columns: [
        { name: 'gone', kind: 'numerical', type: 'float' },
        { name: 'v', kind: 'numerical', type: 'int' },
        { name: 'c', kind: 'categorical' },
      ],
    }
    const model = fitCopula(fromRows(rows, schema))
    expect(model.dimensions.map((d) => d.column)).toEqual(['v', 'c'])
    const s = sampleCopula(model, 100, createRng(2))
    const gone = s.columns.gone
    expect(gone.type === 'numeric' && gone.values.every((x) => Number.isNaN(x))).toBe(true)
    expect(noNaNRows(s, ['v'])).toBe(true)
  })

  it('a single-category column always gives that category', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ c: 'only', v: i }))
    const s = sampleCopula(
      fitCopula(
        fromRows(rows, {
          columns: [
            { name: 'c', kind: 'categorical' },
            { name: 'v', kind: 'numerical', type: 'int' },
          ],
        }),
      ),
      100,
      createRng(3),
    )
    const c = s.columns.c
    expect(c.type === 'coded' && c.codes.every((x) => c.dictionary[x] === 'only')).toBe(true)
  })

  it('a one-row table gives that row back (ids regenerated), without NaN', () => {
    const schema: TableSchema = {
      columns: [
        { name: 'id', kind: 'id' },
        { name: 'x', kind: 'numerical', type: 'float' },
        { name: 'c', kind: 'categorical' },
        { name: 'd', kind: 'datetime', format: 'YYYY-MM-DD' },
      ],
    }
    const t = fromRows([{ id: 'abc', x: 2.5, c: 'q', d: '2020-02-29' }], schema)
    const rows = toRows(sampleCopula(fitCopula(t), 3, createRng(4)))
    expect(rows).toEqual([1, 2, 3].map((i) => ({ id: `id-00000${i}`, x: 2.5, c: 'q', d: '2020-02-29' })))
  })

  it('10,000 categories fit and sample quickly with every share close to the data', () => {
    const n = 40_000
    const codes = Int32Array.from({ length: n }, (_, i) => i % 10_000)
    const dictionary = Array.from({ length: 10_000 }, (_, i) => `cat${i}`)
    const values = Float64Array.from({ length: n }, (_, i) => (i % 10_000) / 100 + (i % 7))
    const t = createTable(
      {
        columns: [
          { name: 'c', kind: 'categorical' },
          { name: 'v', kind: 'numerical', type: 'float' },
        ],
      },
      { c: { type: 'coded', codes, dictionary }, v: { type: 'numeric', values } },
    )
    const model = fitCopula(t)
    const s = sampleCopula(model, n, createRng(5))
    const c = s.columns.c
    if (c.type !== 'coded') throw new Error('coded')
    const counts = new Int32Array(10_000)
    for (const x of c.codes) counts[x]++
    // 4 rows per category in expectation. Independent draws would give Poisson-like counts (variance ≈ 4); the
    // per-block stratification (a category's stratum is hit at most once per 4,096-row block) gives less.
    let mean = 0
    for (const k of counts) mean += k / counts.length
    let variance = 0
    for (const k of counts) variance += (k - mean) ** 2 / counts.length
    expect(mean).toBeCloseTo(4, 9)
    expect(variance).toBeLessThan(3)
    expect(Math.max(...counts)).toBeLessThanOrEqual(12)
  })

  it('bad options name the field: unknown family, a family on a categorical column, an unknown column', () => {
    const t = loadTable('penguins')
    expect(errorOf(() => fitCopula(t, { marginals: 'cauchy' as never }))).toMatchObject({ code: 'OPTIONS_INVALID', paths: ['marginals'] })
    expect(errorOf(() => fitCopula(t, { marginals: { Species: 'normal' } }))).toMatchObject({
      code: 'OPTIONS_INVALID',
      paths: ['marginals.Species'],
    })
    expect(errorOf(() => fitCopula(t, { marginals: { nope: 'normal' } }))).toMatchObject({
      code: 'OPTIONS_INVALID',
      paths: ['marginals.nope'],
    })
    expect(errorOf(() => fitCopula(t, { marginals: { 'Body Mass (g)': 'lognormal' } }))).toBeNull()
  })

  it('a schema that does not match the table, and a constraint on an unknown column, are typed errors', () => {
    const t = loadTable('penguins')
    const schema: TableSchema = { columns: [{ name: 'Species', kind: 'numerical', type: 'float' }] }
    expect(errorOf(() => fitCopula(t, { schema }))).toMatchObject({ code: 'DATA_INVALID', paths: ['Species'] })
    expect(errorOf(() => fitCopula(t, { constraints: [{ type: 'positive', column: 'weight' }] }))?.code).toBe('UNKNOWN_COLUMN')
  })

  it('a family that cannot fit the column is refused rather than silently replaced', () => {
    const t = fromRows(
      Array.from({ length: 20 }, (_, i) => ({ v: i - 10 })),
      { columns: [{ name: 'v', kind: 'numerical', type: 'int' }] },
    )
    expect(errorOf(() => fitCopula(t, { marginals: 'lognormal' }))?.code).toBe('OPTIONS_INVALID')
  })

  it('a tampered model is refused with MODEL_INVALID naming the field', () => {
    const json = JSON.parse(JSON.stringify(fitCopula(loadTable('penguins'))))
    expect(decodeCopulaModel(json)._tag).toBe('Right')
    const bad = structuredClone(json)
    bad.correlation[0][1] = 2
    expect(errorOf(() => parseCopulaModel(bad))).toMatchObject({ code: 'MODEL_INVALID' })
    for (const version of [1, 3, '2']) {
      expect(errorOf(() => parseCopulaModel({ ...json, version }))?.paths).toContain('version')
    }
    const badFamily = structuredClone(json)
    const numeric = badFamily.columns.findIndex((c: { kind: string }) => c.kind === 'numeric')
    badFamily.columns[numeric].marginal = { family: 'cauchy' }
    expect(errorOf(() => parseCopulaModel(badFamily))?.paths.some((p) => p.startsWith(`columns.${numeric}.marginal`))).toBe(true)
    expect(errorOf(() => parseCopulaModel('not a model'))?.code).toBe('MODEL_INVALID')
  })
})

describe('models and arguments sampling must not trust (issue: tampered files produced wrong data)', () => {
  const base = JSON.parse(JSON.stringify(fitCopula(loadTable('seattle_weather'))))
  const numericIndex = base.columns.findIndex((c: { kind: string; time: unknown }) => c.kind === 'numeric' && c.time === null)
  const dateIndex = base.columns.findIndex((c: { kind: string; time: unknown }) => c.kind === 'numeric' && c.time !== null)
  const tampered = (edit: (m: typeof base) => void) => {
    const m = structuredClone(base)
    edit(m)
    return m
  }
  const cases: [string, (m: typeof base) => void, string][] = [
    [
      'a correlation that is not positive definite',
      (m) => {
        for (let i = 0; i < m.correlation.length; i++)
          for (let j = 0; j < m.correlation.length; j++) if (i !== j) m.correlation[i][j] = -0.99
      },
      'correlation',
    ],
    [
      'output bounds with min > max',
      (m) => {
        m.columns[numericIndex].output.min = 10
        m.columns[numericIndex].output.max = 1
      },
      `columns.${numericIndex}.output.min`,
    ],
    [
      'a datetime unit of 0',
      (m) => {
        m.columns[dateIndex].time.unit = 0
      },
      `columns.${dateIndex}.time.unit`,
    ],
    [
      'a precision of 400',
      (m) => {
        m.columns[numericIndex].output.precision = 400
      },
      `columns.${numericIndex}.output.precision`,
    ],
    [
      'a numeric model on a categorical column',
      (m) => {
        const cat = m.columns.findIndex((c: { kind: string }) => c.kind === 'category')
        m.columns[cat] = { ...m.columns[numericIndex], name: m.columns[cat].name }
      },
      'kind',
    ],
  ]
  for (const [what, edit, path] of cases) {
    it(`refuses ${what}, naming ${path}, in parseCopulaModel and in sampleCopula`, () => {
      const m = tampered(edit)
      const decoded = errorOf(() => parseCopulaModel(m))
      expect(decoded?.code).toBe('MODEL_INVALID')
      expect(decoded?.paths.some((p) => p.includes(path))).toBe(true)
      expect(errorOf(() => sampleCopula(m, 10, createRng(1)))?.code).toBe('MODEL_INVALID')
    })
  }

  it('refuses a model object with a NaN correlation before any linear algebra', () => {
    const m = tampered((x) => {
      x.correlation[0][1] = Number.NaN
      x.correlation[1][0] = Number.NaN
    })
    expect(errorOf(() => sampleCopula(m, 5, createRng(1)))).toMatchObject({ code: 'MODEL_INVALID' })
  })

  it('sampling without a generator is a typed error, not a TypeError', () => {
    expect(errorOf(() => sampleCopula(base, 5, undefined as never))).toMatchObject({ code: 'OPTIONS_INVALID', paths: ['rng'] })
  })

  it('a column named __proto__ is fitted and sampled like any other', () => {
    const schema: TableSchema = {
      columns: [
        { name: '__proto__', kind: 'numerical', type: 'float' },
        { name: 'constructor', kind: 'categorical' },
      ],
    }
    const rows = Array.from({ length: 50 }, (_, i) =>
      Object.defineProperty({ constructor: i % 2 ? 'a' : 'b' }, '__proto__', { value: i / 3, enumerable: true }),
    )
    const t = fromRows(rows, schema)
    const s = sampleCopula(fitCopula(t), 20, createRng(2))
    expect(s.schema.columns.map((c) => c.name)).toEqual(['__proto__', 'constructor'])
    // biome-ignore lint/suspicious/noProto: the point of the test is a column with this name
    expect(s.columns['__proto__'].type).toBe('numeric')
  })
})

describe('columns that are not learned and special kinds', () => {
  it('pii columns are filled by labelled placeholders, or by the generator hook', () => {
    const schema: TableSchema = {
      columns: [
        { name: 'email', kind: 'text', sensitivity: 'pii' },
        { name: 'age', kind: 'numerical', type: 'int' },
      ],
    }
    const t = fromRows(
      Array.from({ length: 30 }, (_, i) => ({ email: `person${i}@example.com`, age: 20 + i })),
      schema,
    )
    const s = sampleCopula(fitCopula(t), 5, createRng(1))
    expect(s.columns.email).toEqual({ type: 'string', values: ['pii-000001', 'pii-000002', 'pii-000003', 'pii-000004', 'pii-000005'] })
    const model = fitCopula(t)
    const hooked = sampleCopula(model, 2, createRng(1), { values: (_c, i) => `user${i}@synthetic.test` })
    expect(hooked.columns.email).toEqual({ type: 'string', values: ['user0@synthetic.test', 'user1@synthetic.test'] })
    // the hook is a sampling option, never hidden on the model: a JSON round-trip samples the same rows
    const again = sampleCopula(JSON.parse(JSON.stringify(model)), 2, createRng(1), { values: (_c, i) => `user${i}@synthetic.test` })
    expect(again).toEqual(hooked)
  })

  it('datetimes keep their format and stay inside the observed range (seattle_weather)', () => {
    const real = loadTable('seattle_weather')
    const rows = toRows(sampleCopula(fitCopula(real), 500, createRng(2)))
    for (const r of rows) {
      expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(r.date! >= '2012-01-01' && r.date! <= '2015-12-31').toBe(true)
    }
  })

  it('missingness is correlated with other columns through the missing indicator', () => {
    // b is missing exactly when a is large
    const n = 4000
    const rng = createRng(3)
    const a = Float64Array.from({ length: n }, () => rng.next() * 10)
    const b = Float64Array.from(a, (x) => (x > 7 ? Number.NaN : x * 2 + rng.next()))
    const t = createTable(
      {
        columns: [
          { name: 'a', kind: 'numerical', type: 'float' },
          { name: 'b', kind: 'numerical', type: 'float' },
        ],
      },
      { a: { type: 'numeric', values: a }, b: { type: 'numeric', values: b } },
    )
    const s = sampleCopula(fitCopula(t), n, createRng(4))
    const sa = s.columns.a.type === 'numeric' ? s.columns.a.values : a
    const sb = s.columns.b.type === 'numeric' ? s.columns.b.values : b
    let highMissing = 0
    let high = 0
    let lowMissing = 0
    let low = 0
    for (let i = 0; i < n; i++) {
      if (sa[i] > 7) high++, (highMissing += Number.isNaN(sb[i]) ? 1 : 0)
      else low++, (lowMissing += Number.isNaN(sb[i]) ? 1 : 0)
    }
    expect(highMissing / high).toBeGreaterThan(0.7)
    expect(lowMissing / low).toBeLessThan(0.1)
  })

  it('integers are rounded and floats keep the learned precision', () => {
    const real = loadTable('penguins')
    const s = sampleCopula(fitCopula(real), 1000, createRng(5))
    const flipper = s.columns['Flipper Length (mm)']
    const beak = s.columns['Beak Length (mm)']
    expect(flipper.type === 'numeric' && flipper.values.every((v) => Number.isNaN(v) || Number.isInteger(v))).toBe(true)
    expect(beak.type === 'numeric' && beak.values.every((v) => Number.isNaN(v) || Math.round(v * 10) / 10 === v)).toBe(true)
  })

  it('enforceMinMax: false lets values leave the observed range (default keeps them inside)', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ v: i % 2 ? 0 : 100 }))
    const t = fromRows(rows, { columns: [{ name: 'v', kind: 'numerical', type: 'float' }] })
    const normal = fitCopula(t, { marginals: 'normal', enforceMinMax: false })
    const s = sampleCopula(normal, 2000, createRng(6))
    const v = s.columns.v.type === 'numeric' ? s.columns.v.values : new Float64Array()
    expect(v.some((x) => x < 0 || x > 100)).toBe(true)
    const clipped = sampleCopula(fitCopula(t, { marginals: 'normal' }), 2000, createRng(6))
    const w = clipped.columns.v.type === 'numeric' ? clipped.columns.v.values : new Float64Array()
    expect(w.every((x) => x >= 0 && x <= 100)).toBe(true)
  })
})
