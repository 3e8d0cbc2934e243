import { describe, expect, it } from 'vitest'
import { loadColumns } from '../../../testing/data'
import { inferSchema, inferSchemaE } from '../src/index'
import { either as E } from 'fp-ts'

const kinds = (raw: Record<string, string[]>) =>
  Object.fromEntries(inferSchema(raw).schema.columns.map((c) => [c.name, c.kind === 'numerical' ? `numerical:${c.type}` : c.kind]))

describe('inferSchema on the real datasets', () => {
  it('telco_churn: every column as expected (0/1 flags and Yes/No answers are categorical, as in SDV)', () => {
    expect(kinds(loadColumns('telco_churn'))).toEqual({
      churn: 'categorical',
      female: 'categorical',
      senior_citizen: 'categorical',
      partner: 'categorical',
      dependents: 'categorical',
      tenure: 'numerical:int',
      phone_service: 'categorical',
      multiple_lines: 'categorical',
      internet_service: 'categorical',
      online_security: 'categorical',
      online_backup: 'categorical',
      device_protection: 'categorical',
      tech_support: 'categorical',
      streaming_tv: 'categorical',
      streaming_movies: 'categorical',
      contract: 'categorical',
      paperless_billing: 'categorical',
      payment_method: 'categorical',
      monthly_charges: 'numerical:float',
      total_charges: 'numerical:float',
    })
    const monthly = inferSchema(loadColumns('telco_churn')).schema.columns.find((c) => c.name === 'monthly_charges')
    expect(monthly).toEqual({ name: 'monthly_charges', kind: 'numerical', type: 'float', precision: 2 })
  })

  it('diamonds: every column as expected, with decimal precision', () => {
    const { schema, columns } = inferSchema(loadColumns('diamonds'))
    expect(kinds(loadColumns('diamonds'))).toEqual({
      carat: 'numerical:float',
      cut: 'categorical',
      color: 'categorical',
      clarity: 'categorical',
      depth: 'numerical:float',
      table: 'numerical:float',
      price: 'numerical:int',
      x: 'numerical:float',
      y: 'numerical:float',
      z: 'numerical:float',
    })
    expect(
      schema.columns
        .filter((c) => c.kind === 'numerical' && c.type === 'float')
        .map((c) => [c.name, (c as { precision?: number }).precision]),
    ).toEqual([
      ['carat', 2],
      ['depth', 1],
      ['table', 1],
      ['x', 2],
      ['y', 2],
      ['z', 2],
    ])
    expect(columns.every((c) => c.reason.length > 10)).toBe(true)
  })

  it('adult: integers stay numerical, text with few values is categorical, missing values are noted', () => {
    const { columns } = inferSchema(loadColumns('adult'))
    const byName = Object.fromEntries(columns.map((c) => [c.name, c]))
    expect(byName.age.spec).toEqual({ name: 'age', kind: 'numerical', type: 'int' })
    expect(byName.native_country.spec.kind).toBe('categorical')
    expect(byName.native_country.reason).toMatch(/41 distinct values.*857 missing/)
    expect(byName.income.spec.kind).toBe('categorical')
  })

  it('seattle_weather: ISO dates are datetimes with their format', () => {
    const { schema } = inferSchema(loadColumns('seattle_weather'))
    expect(schema.columns[0]).toEqual({ name: 'date', kind: 'datetime', format: 'YYYY-MM-DD' })
    expect(schema.columns.find((c) => c.name === 'weather')!.kind).toBe('categorical')
  })

  it('penguins and flights_200k: numbers with missing values and large integer columns', () => {
    expect(kinds(loadColumns('penguins'))).toMatchObject({
      Species: 'categorical',
      'Body Mass (g)': 'numerical:int',
      'Beak Length (mm)': 'numerical:float',
      Sex: 'categorical',
    })
    expect(kinds(loadColumns('flights_200k'))).toEqual({ delay: 'numerical:int', distance: 'numerical:int', time: 'numerical:float' })
  })
})

describe('inferSchema rules', () => {
  it('tags e-mail, phone and name-like columns as pii and unique keys as id', () => {
    const n = 80
    const raw = {
      customer_id: Array.from({ length: n }, (_, i) => String(1000 + i)),
      email: Array.from({ length: n }, (_, i) => `user${i}@example.org`),
      phone: Array.from({ length: n }, (_, i) => `+1 555 010 ${String(i).padStart(4, '0')}`),
      // Person-like values (capitalised words, no digits): the header alone no longer makes a column pii.
      full_name: Array.from(
        { length: n },
        (_, i) =>
          `${['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Gus', 'Hana'][i % 8]} ${['Lopez', 'Okafor', 'Smith', 'Tanaka', 'Novak', 'Ruiz', 'Berg', 'Moreau', 'Singh', 'Kim'][Math.floor(i / 8)]}`,
      ),
      code: Array.from({ length: n }, (_, i) => `K${i}x`),
      flag: Array.from({ length: n }, (_, i) => (i % 2 ? 'true' : 'false')),
    }
    const { schema, columns } = inferSchema(raw)
    expect(schema.columns).toEqual([
      // unique integer keys keep their digit form in synthetic output
      { name: 'customer_id', kind: 'id', pattern: '\\d{4}' },
      { name: 'email', kind: 'text', sensitivity: 'pii' },
      { name: 'phone', kind: 'text', sensitivity: 'pii' },
      { name: 'full_name', kind: 'text', sensitivity: 'pii' },
      { name: 'code', kind: 'id' },
      { name: 'flag', kind: 'boolean' },
    ])
    expect(columns[1].reason).toMatch(/e-mail/)
  })

  it('lets the user override any column, replacing fields of another kind', () => {
    const raw = loadColumns('diamonds', 200)
    const { schema, columns } = inferSchema(raw, {
      overrides: { price: { kind: 'numerical', type: 'float', min: 0 }, carat: { kind: 'categorical' }, cut: { sensitivity: 'sensitive' } },
    })
    expect(schema.columns.find((c) => c.name === 'price')).toEqual({ name: 'price', kind: 'numerical', type: 'float', min: 0 })
    expect(schema.columns.find((c) => c.name === 'carat')).toEqual({ name: 'carat', kind: 'categorical' })
    expect(schema.columns.find((c) => c.name === 'cut')).toEqual({ name: 'cut', kind: 'categorical', sensitivity: 'sensitive' })
    expect(columns.find((c) => c.name === 'price')!.reason).toMatch(/overridden/)
  })

  it('rejects overrides of unknown columns and invalid overrides with typed errors', () => {
    const raw = { a: ['1', '2'] }
    const r1 = inferSchemaE(raw, { overrides: { b: { kind: 'text' } } })
    expect(E.isLeft(r1) && r1.left.code).toBe('UNKNOWN_COLUMN')
    const r2 = inferSchemaE(raw, { overrides: { a: { kind: 'numerical', type: 'decimal' } as never } })
    expect(E.isLeft(r2) && r2.left.issues[0].path).toBe('columns.0.type')
  })
})
