import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import { decodeScenario, generateScenario, parseScenario } from '../src/index'
import { synthkitErrorOf } from './helpers'

const customers = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  tables: { customers: { rows: 10, fields, ...extra } },
})

/** Decodes, expecting failure; returns the issues as "path: message" lines. */
function problems(input: unknown): string[] {
  const r = decodeScenario(input)
  if (E.isRight(r)) throw new Error('expected the scenario to be rejected')
  expect(r.left.code).toBe('SCHEMA_INVALID')
  return r.left.issues.map((i) => `${i.path}: ${i.message}`)
}

describe('bad scenarios fail before generating, naming the path', () => {
  it('rejects an unknown generator type', () => {
    expect(problems(customers({ x: { type: 'gaussian' } }))).toEqual([
      expect.stringMatching(/^tables\.customers\.fields\.x\.type: expected one of "sequence"/),
    ])
  })

  it('rejects an unknown faker method, including prototype names and property paths', () => {
    for (const method of [
      'person.fooName',
      'constructor',
      '__proto__',
      'person.constructor',
      'helpers.fake',
      'person.__proto__.toString',
    ]) {
      expect(problems(customers({ x: { type: 'faker', method } }))).toEqual([
        expect.stringContaining(`tables.customers.fields.x.method: unknown faker method ${JSON.stringify(method)}`),
      ])
    }
  })

  it('rejects an unknown locale, at the scenario, table and field level', () => {
    expect(problems({ locale: 'xx_YY', ...customers({ x: { type: 'faker', method: 'person.firstName' } }) })).toEqual([
      'locale: unknown locale "xx_YY"',
    ])
    expect(problems(customers({ x: { type: 'faker', method: 'person.firstName', locale: 'klingon' } }))).toEqual([
      'tables.customers.fields.x.locale: unknown locale "klingon"',
    ])
    expect(problems(customers({ x: { type: 'faker', method: 'person.firstName' } }, { locale: '__proto__' }))).toContain(
      'tables.customers.locale: unknown locale "__proto__"',
    )
  })

  it('rejects a method the locale cannot give rather than falling back silently', () => {
    expect(problems({ locale: 'ja', ...customers({ x: { type: 'faker', method: 'location.streetAddress' } }) })[0]).toMatch(
      /^tables\.customers\.fields\.x\.method: location\.streetAddress is not available/,
    )
  })

  it('rejects a cycle between tables (parents and references)', () => {
    const spec = {
      tables: {
        a: { parent: { table: 'c', count: { type: 'fixed', value: 1 } }, fields: { id: { type: 'sequence' } }, key: 'id' },
        b: { parent: { table: 'a', count: { type: 'fixed', value: 1 } }, fields: { id: { type: 'sequence' } }, key: 'id' },
        c: { rows: 5, fields: { id: { type: 'sequence' }, ref: { type: 'reference', table: 'b', field: 'id' } }, key: 'id' },
      },
    }
    expect(problems(spec)).toEqual(['tables.a: cycle between tables: a → c → b → a'])
  })

  it('rejects references to a missing table or field, and parent fields without a parent', () => {
    const spec = {
      tables: {
        a: { rows: 5, key: 'id', fields: { id: { type: 'sequence' }, p: { type: 'parent', field: 'id' } } },
        b: { parent: { table: 'nope', count: { type: 'fixed', value: 1 } }, fields: { x: { type: 'sequence' } } },
        c: {
          parent: { table: 'a', count: { type: 'fixed', value: 1 } },
          fields: {
            x: { type: 'parent', field: 'idd' },
            r: { type: 'reference', table: 'a', field: 'name' },
            s: { type: 'reference', table: 'zz', field: 'id' },
          },
        },
      },
    }
    expect(problems(spec)).toEqual([
      'tables.b.parent.table: unknown table "nope"',
      'tables.c.fields.s.table: unknown table "zz"',
      'tables.a.fields.p.field: a parent field needs the table to have a parent (tables.<name>.parent)',
      'tables.c.fields.x.field: unknown field "idd" in parent table "a"',
      'tables.c.fields.r.field: unknown field "name" in table "a"',
    ])
  })

  it('rejects impossible cardinalities and bounds', () => {
    const spec = {
      tables: {
        a: {
          rows: 5,
          key: 'id',
          fields: {
            id: { type: 'sequence' },
            x: { type: 'normal', mean: 0, sd: -1, min: 3, max: 1 },
            d: { type: 'date', min: 0, max: -10 },
          },
        },
        b: { parent: { table: 'a', count: { type: 'integer', min: 5, max: 2 } }, fields: { x: { type: 'sequence' } } },
        c: { parent: { table: 'a', count: { type: 'poisson', lambda: -1, min: 4, max: 3 } }, fields: { x: { type: 'sequence' } } },
        d: { parent: { table: 'a', count: { type: 'choice', values: [1, 2], weights: [1] } }, fields: { x: { type: 'sequence' } } },
      },
    }
    expect(problems(spec)).toEqual([
      'tables.b.parent.count.min: cardinality min 5 is greater than max 2',
      'tables.c.parent.count.min: cardinality min 4 is greater than max 3',
      'tables.c.parent.count.lambda: lambda must be ≥ 0, got -1',
      'tables.d.parent.count.weights: 1 weights for 2 values',
      'tables.a.fields.x.sd: sd must be > 0, got -1',
      'tables.a.fields.x.min: min 3 is greater than max 1',
      'tables.a.fields.d.min: min is after max: the date range is empty',
    ])
  })

  it('rejects uniqueness over fewer values than rows, also after scaling', () => {
    expect(problems(customers({ tier: { type: 'choice', values: ['a', 'b', 'c'], unique: true } }))).toEqual([
      'tables.customers.fields.tier.unique: 10 unique values are needed (rows) but the generator can give at most 3',
    ])
    expect(problems(customers({ code: { type: 'pattern', pattern: '#', unique: true } }, { rows: 11 }))[0]).toMatch(
      /11 unique values .* at most 10$/,
    )
    expect(problems(customers({ n: { type: 'integer', min: 1, max: 9, unique: true } }))[0]).toMatch(/at most 9$/)
    const ok = customers({ code: { type: 'pattern', pattern: '##', unique: true } })
    expect(E.isRight(decodeScenario(ok))).toBe(true)
    const e = synthkitErrorOf(() => generateScenario(parseScenario(ok), { seed: 1, scale: 20 }))
    expect(e.issues[0]!.path).toBe('tables.customers.fields.code.unique')
    // children: expected rows = parents × mean count
    const child = {
      tables: {
        p: { rows: 100, key: 'id', fields: { id: { type: 'sequence' } } },
        c: {
          parent: { table: 'p', count: { type: 'fixed', value: 3 } },
          fields: { s: { type: 'faker', method: 'person.prefix', unique: true } },
        },
      },
    }
    expect(problems(child)[0]).toMatch(/^tables\.c\.fields\.s\.unique: 300 unique values are needed \(expected rows\)/)
  })

  it('rejects expression escape attempts and unknown names', () => {
    for (const expression of [
      'constructor',
      '__proto__',
      'import("fs")',
      'x.constructor',
      'f(x) = 1',
      'x["constructor"]',
      'evaluate("1")',
      '{a: 1}',
      'later + 1',
    ]) {
      const issues = problems(
        customers({
          x: { type: 'integer', min: 0, max: 5 },
          y: { type: 'expression', expression },
          later: { type: 'integer', min: 0, max: 1 },
        }),
      )
      expect(issues, expression).toHaveLength(1)
      expect(issues[0], expression).toMatch(/^tables\.customers\.fields\.y\.expression: /)
    }
  })

  it('rejects edge cases that contradict the field', () => {
    const spec = {
      tables: {
        a: {
          rows: 5,
          key: 'id',
          fields: {
            id: { type: 'sequence' },
            e: { type: 'faker', method: 'internet.email', unique: true },
            n: { type: 'integer', min: 0, max: 9 },
          },
        },
        b: {
          parent: { table: 'a', count: { type: 'fixed', value: 1 } },
          fields: { a_id: { type: 'parent', field: 'id' }, n: { type: 'integer', min: 1, max: 5 } },
          edgeCases: [
            { rule: 'missing', field: 'a_id', rate: 0.1 },
            { rule: 'long', field: 'n', rate: 0.1 },
            { rule: 'boundary', field: 'n', rate: 0.1, values: [0, 3] },
            { rule: 'missing', field: 'zz', rate: 0.1 },
          ],
        },
      },
    }
    const spec2 = {
      tables: {
        a: {
          ...spec.tables.a,
          edgeCases: [
            { rule: 'duplicate', field: 'e', rate: 0.5 },
            { rule: 'missing', field: 'id', rate: 1.5 },
          ],
        },
      },
    }
    expect(problems(spec)).toEqual([
      'tables.b.edgeCases.0.field: "a_id" carries a key of table "a": edge cases would break the relationship',
      'tables.b.edgeCases.1.rule: long needs a text field, "n" is numerical',
      "tables.b.edgeCases.2.values.0: 0 lies outside the field's declared [1, 5]",
      'tables.b.edgeCases.3.field: unknown field "zz"',
    ])
    expect(problems(spec2)).toEqual(['tables.a.edgeCases.1.rate: expected a rate in [0, 1], got 1.5'])
  })

  it('rejects typos in keys, bad YAML and duplicate YAML keys', () => {
    expect(problems(customers({ x: { type: 'sequence', strat: 1 } }))).toEqual([
      expect.stringMatching(/^tables\.customers\.fields\.x\.strat: unknown field "strat"/),
    ])
    expect(problems('tables: [unclosed')[0]).toMatch(/^: not valid YAML\/JSON/)
    expect(problems('tables:\n  a:\n    rows: 1\n    rows: 2\n    fields: {}\n')[0]).toMatch(/not valid YAML\/JSON/)
  })

  it('a key must be unique and present; rows xor parent', () => {
    expect(
      problems({ tables: { a: { rows: 3, key: 'x', fields: { x: { type: 'integer', min: 0, max: 9 } } }, b: { fields: {} } } }),
    ).toEqual(['tables.b.rows: a table without a parent needs rows', 'tables.a.key: the key "x" must be a sequence or a unique field'])
  })

  it('reports a generation-time impossibility as CONSTRAINT_UNSATISFIABLE with the path', () => {
    const spec = parseScenario(customers({ x: { type: 'normal', mean: 0, sd: 1, min: 40, max: 41 } }))
    const e = synthkitErrorOf(() => generateScenario(spec, { seed: 1 }).collect())
    expect(e.code).toBe('CONSTRAINT_UNSATISFIABLE')
    expect(e.issues[0]!.path).toBe('tables.customers.fields.x')
  })

  it('needs a seed or an rng (never the clock)', () => {
    const spec = parseScenario(customers({ x: { type: 'sequence' } }))
    expect(synthkitErrorOf(() => generateScenario(spec, {})).issues[0]!.path).toBe('seed')
  })
})
