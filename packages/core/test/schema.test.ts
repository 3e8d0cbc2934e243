import { describe, expect, it } from 'vitest'
import { either as E } from 'fp-ts'
import { decodeDatasetSchema, decodeTableSchema, isSynthkitError, parseTableSchema, type TableSchema } from '../src/index'

const full: TableSchema = {
  name: 'customers',
  primaryKey: 'id',
  columns: [
    { name: 'id', kind: 'id', pattern: 'C-[0-9]{6}' },
    { name: 'age', kind: 'numerical', type: 'int', min: 0, max: 120, sensitivity: 'quasi-identifier' },
    { name: 'income', kind: 'numerical', type: 'float', precision: 2, sensitivity: 'sensitive' },
    { name: 'grade', kind: 'categorical', categories: ['low', 'mid', 'high'], ordered: true },
    { name: 'active', kind: 'boolean', labels: ['No', 'Yes'] },
    { name: 'joined', kind: 'datetime', format: 'YYYY-MM-DD' },
    { name: 'email', kind: 'text', sensitivity: 'pii' },
  ],
  constraints: [
    { type: 'range', column: 'age', min: 18 },
    { type: 'inequality', low: 'age', high: 'income', strict: true },
    { type: 'expression', expression: 'age >= 18 or grade == "low"' },
    { type: 'unique', columns: ['id'] },
  ],
}

function issuesOf(input: unknown): string[] {
  const r = decodeTableSchema(input)
  if (E.isRight(r)) return []
  return r.left.issues.map((i) => `${i.path}: ${i.message}`)
}

describe('table schema codec', () => {
  it('round-trips a schema with every column kind through JSON exactly', () => {
    const decoded = parseTableSchema(JSON.parse(JSON.stringify(full)))
    expect(decoded).toEqual(full)
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(full))
  })

  it('names the field and the problem for a wrong kind', () => {
    expect(issuesOf({ columns: [{ name: 'a', kind: 'number' }] })).toEqual([
      'columns.0.kind: expected one of "numerical" | "categorical" | "boolean" | "datetime" | "id" | "text", got "number"',
    ])
  })

  it('reports every problem, not only the first', () => {
    const issues = issuesOf({
      columns: [
        { name: 3, kind: 'categorical' },
        { name: 'x', kind: 'numerical', type: 'double' },
        { name: 'x', kind: 'text', sensitivity: 'secret' },
      ],
    })
    expect(issues.length).toBeGreaterThanOrEqual(3)
    expect(issues.some((i) => i.startsWith('columns.0.name'))).toBe(true)
    expect(issues.some((i) => i.startsWith('columns.1.type'))).toBe(true)
    expect(issues.some((i) => i.startsWith('columns.2.sensitivity'))).toBe(true)
  })

  it('rejects unknown fields instead of ignoring typos', () => {
    expect(issuesOf({ columns: [{ name: 'a', kind: 'numerical', type: 'int', maximum: 3 }] })[0]).toMatch(
      /columns\.0\.maximum: unknown field "maximum"/,
    )
  })

  it('rejects duplicate column names, inverted bounds and an unknown primary key', () => {
    const issues = issuesOf({
      primaryKey: 'nope',
      columns: [
        { name: 'a', kind: 'numerical', type: 'int', min: 5, max: 1 },
        { name: 'a', kind: 'text' },
      ],
    })
    expect(issues).toEqual(
      expect.arrayContaining([
        'columns.0.min: min 5 is greater than max 1',
        'columns.1.name: duplicate column name "a" (also columns.0)',
        'primaryKey: unknown column "nope"',
      ]),
    )
  })

  it('rejects a constraint that names an unknown column', () => {
    expect(
      issuesOf({ columns: [{ name: 'a', kind: 'numerical', type: 'int' }], constraints: [{ type: 'inequality', low: 'a', high: 'b' }] }),
    ).toEqual(['constraints.0: inequality constraint names unknown column "b"'])
  })

  it('gives a SynthkitError with code SCHEMA_INVALID in the throwing form', () => {
    try {
      parseTableSchema({ columns: 'nope' })
      expect.unreachable()
    } catch (e) {
      expect(isSynthkitError(e)).toBe(true)
      expect((e as { code: string }).code).toBe('SCHEMA_INVALID')
      expect((e as Error).message).toMatch(/columns: expected/)
    }
  })
})

describe('dataset schema codec', () => {
  const dataset = {
    tables: {
      customers: { primaryKey: 'id', columns: [{ name: 'id', kind: 'id' }] },
      orders: {
        columns: [
          { name: 'order_id', kind: 'id' },
          { name: 'customer_id', kind: 'id' },
        ],
      },
    },
    relationships: [{ parent: { table: 'customers', column: 'id' }, child: { table: 'orders', column: 'customer_id' } }],
  }

  it('accepts parent-child relationships between known tables and round-trips', () => {
    const r = decodeDatasetSchema(JSON.parse(JSON.stringify(dataset)))
    expect(E.isRight(r) && r.right).toEqual(dataset)
  })

  it('rejects a relationship naming an unknown table or column', () => {
    const r = decodeDatasetSchema({
      ...dataset,
      relationships: [{ parent: { table: 'clients', column: 'id' }, child: { table: 'orders', column: 'cust' } }],
    })
    expect(E.isLeft(r) && r.left.issues.map((i) => i.path)).toEqual(['relationships.0.parent.table', 'relationships.0.child.column'])
  })
})
