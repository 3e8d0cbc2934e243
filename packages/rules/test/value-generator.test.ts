import { allFakers } from '@faker-js/faker'
import { describe, expect, it } from 'vitest'
import { type ColumnSpec, type TableSchema, createRng, generateColumn, sampleRows, fromColumns } from '@synthkit/core'
import { createValueGenerator } from '../src/index'
import { chiSquareP, synthkitErrorOf } from './helpers'

const EMAIL = /^[a-z0-9]+([._][a-z0-9]+)?@[a-z0-9.-]+\.[a-z]{2,}$/
const text = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec =>
  ({ name, kind: 'text', sensitivity: 'pii', ...extra }) as ColumnSpec

function values(spec: ColumnSpec, n: number, options: Parameters<typeof createValueGenerator>[0] = {}, seed = 1): (string | null)[] {
  const col = generateColumn(spec, 'pii', n, 0, createRng(seed), 0, createValueGenerator(options))
  if (col.type !== 'string') throw new Error('expected text')
  return [...col.values]
}

describe('createValueGenerator: realistic pii values for any sampler', () => {
  it('e-mails look like e-mails, with the requested domain mix (chi-square)', () => {
    const shares = { 'gmail.com': 0.5, 'corp.example': 0.3, 'mail.de': 0.2 }
    const v = values(text('email'), 10_000, { emailDomains: shares }) as string[]
    expect(v.every((e) => EMAIL.test(e))).toBe(true)
    const observed = Object.keys(shares).map((d) => v.filter((e) => e.endsWith(`@${d}`)).length)
    expect(observed.reduce((a, b) => a + b, 0)).toBe(10_000)
    expect(
      chiSquareP(
        observed,
        Object.values(shares).map((s) => s * 10_000),
      ),
    ).toBeGreaterThan(0.001)
    // power: the uniform mix is rejected
    expect(chiSquareP(observed, [10_000 / 3, 10_000 / 3, 10_000 / 3])).toBeLessThan(1e-6)
  })

  it("phones follow the given pattern, or the format stated in the column's description", () => {
    expect(values(text('phone'), 500, { phonePattern: '(###) ###-####' }).every((p) => /^\(\d{3}\) \d{3}-\d{4}$/.test(p!))).toBe(true)
    const described = text('contact_number', { description: 'mobile, format: +44 7### ######' })
    expect(values(described, 500).every((p) => /^\+44 7\d{3} \d{6}$/.test(p!))).toBe(true)
    // a per-column rule wins over the cues
    expect(values(text('x'), 100, { columns: { x: { kind: 'phone', pattern: '0#-##' } } }).every((p) => /^0\d-\d\d$/.test(p!))).toBe(true)
  })

  it('names and cities come from the locale', () => {
    const de = new Set([
      ...(allFakers.de.definitions.person!.first_name as { generic?: string[]; female: string[]; male: string[] }).female,
      ...(allFakers.de.definitions.person!.first_name as { male: string[] }).male,
      ...((allFakers.de.definitions.person!.first_name as { generic?: string[] }).generic ?? []),
    ])
    const v = values(text('first_name'), 1000, { locale: 'de' })
    expect(v.every((x) => de.has(x!))).toBe(true)
    const cities = values(text('city'), 200, { locale: 'fr' })
    expect(new Set(cities).size).toBeGreaterThan(20)
  })

  it('plugs into core’s stream driver (the hook every sampler uses) and is seeded', () => {
    const schema: TableSchema = { columns: [{ name: 'x', kind: 'numerical', type: 'float' }, text('email'), text('full_name')] }
    const draw = (n: number) =>
      fromColumns({ x: new Array(n).fill(1), email: new Array(n).fill(null), full_name: new Array(n).fill(null) }, schema)
    const values = createValueGenerator()
    const run = (chunkRows: number) =>
      sampleRows(draw, {
        rows: 5000,
        rng: createRng(3),
        chunkRows,
        generated: [
          { name: 'email', kind: 'pii', missingRate: 0 },
          { name: 'full_name', kind: 'pii', missingRate: 0 },
        ],
        values,
      })
    const a = run(100)
    const b = run(5000)
    expect(a.columns.email).toEqual(b.columns.email)
    const emails = (a.columns.email as { values: readonly string[] }).values
    expect(emails.every((e) => EMAIL.test(e))).toBe(true)
    expect((a.columns.full_name as { values: readonly string[] }).values.every((n) => /\S+ \S+/.test(n))).toBe(true)
    expect(emails.some((e) => e.startsWith('pii-'))).toBe(false)
  })

  it('never returns values of the real column: it is given only the schema, and a real value list shares nothing by construction', () => {
    // The generator's inputs are the column spec, the row number and the Rng; a "real" column passed nowhere
    // cannot appear. Check a realistic collision rate instead: 10 000 synthetic e-mails against 1 000 others
    // drawn with another seed overlap only by chance (both from faker's public lists).
    const a = new Set(values(text('email'), 10_000, {}, 1))
    const b = values(text('email'), 1000, {}, 2)
    expect(b.filter((x) => a.has(x)).length).toBeLessThan(50)
  })

  it('rejects unknown locales, methods and bad domain shares', () => {
    expect(synthkitErrorOf(() => createValueGenerator({ locale: 'xx' })).issues[0]!.path).toBe('locale')
    expect(synthkitErrorOf(() => createValueGenerator({ columns: { a: { kind: 'faker', method: 'constructor' } } })).issues[0]!.path).toBe(
      'columns.a.method',
    )
    expect(synthkitErrorOf(() => createValueGenerator({ emailDomains: { 'gmail.com': -1 } })).issues[0]!.path).toBe('emailDomains')
  })
})
