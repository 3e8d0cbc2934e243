// The bad-input table: each case must give a clear typed error or a correct result, never a crash or a hang.
// Registers the expression parser, as a program's `import '@synthkit/core/expression'` does (not a global setup:
// loading mathjs costs about a second per test file).
import '../src/expression-parser'
import { describe, expect, it } from 'vitest'
import { either as E } from 'fp-ts'
import {
  columnSpec,
  createRng,
  createTable,
  decodeColumns,
  decodeDatasetSchema,
  decodeRows,
  decodeTableSchema,
  fitEqualWidthDiscretizer,
  fitFrequencyEncoder,
  frequencyDecode,
  frequencyEncode,
  fromColumns,
  fromRows,
  inferSchema,
  inferSchemaE,
  isSynthkitError,
  summarize,
  take,
  toRows,
  type ErrorCode,
  type TableSchema,
  checkConstraints,
  compileExpression,
  planConstraintTransforms,
  sampleWithRejection,
  type Constraint,
} from '../src/index'

function codeOf(f: () => unknown): ErrorCode | 'no error' | 'untyped error' {
  try {
    const r = f()
    if (r && typeof r === 'object' && '_tag' in r)
      return (r as E.Either<{ code: ErrorCode }, unknown>)._tag === 'Left' ? (r as E.Left<{ code: ErrorCode }>).left.code : 'no error'
    return 'no error'
  } catch (e) {
    return isSynthkitError(e) ? e.code : 'untyped error'
  }
}

function firstIssue(r: E.Either<{ issues: readonly { path: string; message: string }[] }, unknown>): string {
  return E.isLeft(r) ? `${r.left.issues[0].path}: ${r.left.issues[0].message}` : 'no error'
}

const num: TableSchema = { columns: [{ name: 'x', kind: 'numerical', type: 'float' }] }

describe('malformed schemas give SCHEMA_INVALID with a path', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a string instead of an object', 'columns: []', /expected an object|expected/],
    ['columns is not an array', { columns: { a: 1 } }, /^columns: expected/],
    ['a column without a name', { columns: [{ kind: 'text' }] }, /^columns\.0\.name: expected a non-empty string/],
    ['an unknown kind', { columns: [{ name: 'a', kind: 'float' }] }, /^columns\.0\.kind: expected one of/],
    [
      'a numerical column without its type',
      { columns: [{ name: 'a', kind: 'numerical' }] },
      /^columns\.0\.type: expected one of "int" \| "float"/,
    ],
    [
      'a NaN bound (from a JS object)',
      { columns: [{ name: 'a', kind: 'numerical', type: 'int', min: Number.NaN }] },
      /^columns\.0\.min: expected a finite number, got NaN/,
    ],
    [
      'an unknown constraint type',
      { columns: [{ name: 'a', kind: 'text' }], constraints: [{ type: 'between', column: 'a' }] },
      /^constraints\.0\.type: expected one of "range"/,
    ],
    [
      'a constraint on an unknown column',
      { columns: [{ name: 'a', kind: 'text' }], constraints: [{ type: 'positive', column: 'b' }] },
      /unknown column "b"/,
    ],
    [
      'an ordered categorical without categories',
      { columns: [{ name: 'a', kind: 'categorical', ordered: true }] },
      /needs its categories listed/,
    ],
  ]
  for (const [what, input, pattern] of cases) {
    it(`rejects ${what}`, () => {
      const r = decodeTableSchema(input)
      expect(E.isLeft(r) && r.left.code).toBe('SCHEMA_INVALID')
      expect(firstIssue(r)).toMatch(pattern)
    })
  }

  it('rejects a dataset relationship to an unknown table', () => {
    expect(
      firstIssue(
        decodeDatasetSchema({
          tables: { a: { columns: [{ name: 'id', kind: 'id' }] } },
          relationships: [{ parent: { table: 'a', column: 'id' }, child: { table: 'b', column: 'a_id' } }],
        }),
      ),
    ).toBe('relationships.0.child.table: unknown table "b"')
  })
})

describe('bad cells give DATA_INVALID naming row and column', () => {
  const cases: [string, unknown, string][] = [
    ['text in a numerical column', 'abc', 'expected a number, got "abc"'],
    ['an object in a numerical column', { v: 1 }, 'expected a number, got an object'],
    ['Infinity', Infinity, 'expected a finite number, got Infinity'],
    ['the string "NaN"', 'NaN', 'expected a number, got "NaN"'],
    ['the string "Infinity"', 'Infinity', 'expected a finite number, got "Infinity"'],
    ['a boolean', true, 'expected a number, got true'],
  ]
  for (const [what, value, message] of cases) {
    it(`reports ${what}`, () => {
      const r = decodeRows([{ x: 1 }, { x: value }], num)
      expect(E.isLeft(r) && r.left.issues[0]).toMatchObject({ row: 1, column: 'x', message })
    })
  }

  it('treats a NaN number as missing (it is the missing marker), not as an error', () => {
    const t = fromRows([{ x: Number.NaN }, { x: 2 }], num)
    expect(Number.isNaN((t.columns.x as { values: Float64Array }).values[0])).toBe(true)
  })

  it('reports an impossible date and a wrong date format', () => {
    const r = decodeRows([{ d: '2021-02-29' }, { d: '03/04/2021' }], { columns: [{ name: 'd', kind: 'datetime', format: 'YYYY-MM-DD' }] })
    expect(E.isLeft(r) && r.left.issues.map((i) => i.row)).toEqual([0, 1])
  })

  it('reports rows that are not objects', () => {
    const r = decodeRows([null as never, [1] as never], num)
    expect(E.isLeft(r) && r.left.issues.map((i) => i.message)).toEqual([
      'expected a row object, got null',
      'expected a row object, got an array',
    ])
  })

  it('reports columns of unequal length and missing columns', () => {
    const r = decodeColumns(
      { x: ['1', '2'], y: ['a'] },
      {
        columns: [
          { name: 'x', kind: 'numerical', type: 'int' },
          { name: 'y', kind: 'categorical' },
          { name: 'z', kind: 'text' },
        ],
      },
    )
    expect(E.isLeft(r) && r.left.issues.map((i) => i.message)).toEqual([
      'column "z" is missing from the data',
      'column "y" has 1 values, expected 2',
    ])
  })

  it('lists the first 1,000 of many bad cells and counts the rest', () => {
    const r = decodeColumns({ x: Array.from({ length: 5000 }, () => 'bad') }, num)
    expect(E.isLeft(r) && r.left.issues.length).toBe(1000)
    expect(E.isLeft(r) && r.left.message).toMatch(/5000 problems, the first 1000 listed/)
  })
})

describe('degenerate but valid data gives correct results', () => {
  it('an empty table decodes to zero rows; inferring a schema from nothing is a typed error', () => {
    const t = fromRows([], num)
    expect(t.nRows).toBe(0)
    expect(toRows(t)).toEqual([])
    expect(codeOf(() => inferSchemaE([]))).toBe('EMPTY_TABLE')
  })

  it('a single row infers, decodes and summarizes', () => {
    const rows = [{ a: 1.5, b: 'x' }]
    const { schema } = inferSchema(rows)
    const s = summarize(fromRows(rows, schema))
    expect(s[0]).toMatchObject({ kind: 'numerical', mean: 1.5, missing: 0 })
    expect(Number.isNaN((s[0] as { std: number }).std)).toBe(true)
  })

  it('a constant column: categorical by inference, and discretizers still work', () => {
    const raw = { c: Array.from({ length: 100 }, () => '7'), v: Array.from({ length: 100 }, (_, i) => String(i)) }
    const { schema } = inferSchema(raw)
    expect(schema.columns[0].kind).toBe('categorical')
    const values = new Float64Array(100).fill(7)
    const d = fitEqualWidthDiscretizer(values, 5)
    expect(d.edges).toEqual([7, 7, 7, 7, 7, 7])
  })

  it('an all-missing column: empty categorical by inference, a missing-only frequency encoder', () => {
    const raw = { a: ['', '', ''], b: ['1', '2', '3'] }
    const inferred = inferSchema(raw)
    expect(inferred.columns[0].reason).toMatch(/all 3 values are missing/)
    const t = fromColumns(raw, inferred.schema)
    expect(fitFrequencyEncoder(t.columns.a as never).order).toEqual([-1])
  })

  it('50,000 distinct categories decode and encode in linear time', () => {
    const n = 50_000
    const rng = createRng(1)
    const raw = { k: Array.from({ length: n }, (_, i) => `cat-${i}`), g: Array.from({ length: n }, () => `g${rng.nextUint32() % 60_000}`) }
    const t = fromColumns(raw, {
      columns: [
        { name: 'k', kind: 'categorical' },
        { name: 'g', kind: 'categorical' },
      ],
    })
    const col = t.columns.g as { type: 'coded'; codes: Int32Array; dictionary: string[] }
    expect(t.columns.k.type === 'coded' && t.columns.k.dictionary.length).toBe(n)
    const enc = fitFrequencyEncoder(col)
    expect([...frequencyDecode(enc, frequencyEncode(enc, col.codes, rng))]).toEqual([...col.codes])
    expect(inferSchema(raw).schema.columns.map((c) => c.kind)).toEqual(['id', 'text'])
  })

  it('unicode and awkward column names round-trip (emoji, CJK, RTL, __proto__, constructor)', () => {
    const names = ['🎉 party', '年龄', 'שם', '__proto__', 'constructor', 'a.b', '']
    const rows = [Object.fromEntries(names.slice(0, 6).map((n, i) => [n, i]))]
    const parsed = JSON.parse(JSON.stringify(rows)) as Record<string, unknown>[]
    const { schema } = inferSchema(parsed)
    expect(schema.columns.map((c) => c.name)).toEqual(names.slice(0, 6))
    const t = fromRows(parsed, schema)
    expect(JSON.stringify(toRows(t))).toBe(JSON.stringify(parsed))
    expect(codeOf(() => columnSpec(schema, 'toString'))).toBe('UNKNOWN_COLUMN')
    expect(codeOf(() => decodeTableSchema({ columns: [{ name: '', kind: 'text' }] }))).toBe('SCHEMA_INVALID')
  })

  it('a row missing the key "constructor" reads as missing, not as Object.prototype.constructor', () => {
    const t = fromRows([{}], { columns: [{ name: 'constructor', kind: 'numerical', type: 'int' }] })
    expect(Number.isNaN((t.columns['constructor'] as unknown as { values: Float64Array }).values[0])).toBe(true)
  })

  it('typed errors for invalid indices, seeds and column storage', () => {
    const t = fromRows([{ x: 1 }], num)
    expect(codeOf(() => take(t, [-1]))).toBe('OPTIONS_INVALID')
    expect(codeOf(() => createRng(Number.NaN))).toBe('OPTIONS_INVALID')
    expect(codeOf(() => createTable(num, { x: { type: 'string', values: ['1'] } }))).toBe('DATA_INVALID')
  })
})

describe('bad constraints give a typed error naming the constraint', () => {
  const schema: TableSchema = {
    columns: [
      { name: 'x', kind: 'numerical', type: 'float' },
      { name: 'c', kind: 'categorical' },
    ],
  }
  const t = fromRows(
    [
      { x: 1, c: 'a' },
      { x: -1, c: 'b' },
    ],
    schema,
  )
  const cases: [string, Constraint[], ErrorCode, RegExp][] = [
    [
      'a constraint on an unknown column',
      [{ type: 'positive', column: 'y' }],
      'UNKNOWN_COLUMN',
      /Constraint 0 positive\(y >= 0\) names unknown column "y"/,
    ],
    [
      'a numeric constraint on a categorical',
      [{ type: 'range', column: 'c', min: 0, max: 1 }],
      'CONSTRAINT_INVALID',
      /column "c" is categorical/,
    ],
    ['a range with neither bound', [{ type: 'range', column: 'x' }], 'CONSTRAINT_INVALID', /needs min, max or both/],
    ['an empty range', [{ type: 'range', column: 'x', min: 3, max: 1 }], 'CONSTRAINT_UNSATISFIABLE', /leave an empty range/],
    ['a catastrophic-backtracking regex', [{ type: 'regex', column: 'c', pattern: '(a+)+b' }], 'CONSTRAINT_INVALID', /nested quantifier/],
    ['an invalid regex', [{ type: 'regex', column: 'c', pattern: '(' }], 'CONSTRAINT_INVALID', /not a valid regular expression/],
    ['fixed combinations not learned yet', [{ type: 'fixedCombinations', columns: ['x', 'c'] }], 'CONSTRAINT_INVALID', /learnConstraints/],
    [
      'an expression that escapes to a JS global',
      [{ type: 'expression', expression: 'x.constructor.constructor("return process")()' }],
      'EXPRESSION_INVALID',
      /syntax error|property access/,
    ],
    [
      'an expression comparing a category to a number',
      [{ type: 'expression', expression: 'c == 1' }],
      'EXPRESSION_INVALID',
      /quote the value/,
    ],
  ]
  for (const [what, constraints, code, pattern] of cases) {
    it(`rejects ${what}`, () => {
      expect(codeOf(() => checkConstraints(t, constraints))).toBe(code)
      expect(() => checkConstraints(t, constraints)).toThrow(pattern)
    })
  }

  it('contradictory constraints fail before any sampling, naming both', () => {
    const contradictory: Constraint[] = [
      { type: 'positive', column: 'x', strict: true },
      { type: 'range', column: 'x', max: 0 },
    ]
    expect(codeOf(() => planConstraintTransforms(schema, contradictory))).toBe('CONSTRAINT_UNSATISFIABLE')
    let calls = 0
    expect(() =>
      sampleWithRejection(
        (n) => {
          calls++
          return take(t, new Array(n).fill(0))
        },
        5,
        contradictory,
      ),
    ).toThrow(/Constraints 0 positive\(x > 0\) and 1 range\(x <= 0\) admit no value/)
    expect(calls).toBe(0)
  })

  it('an empty expression and a non-boolean text expression are refused', () => {
    expect(codeOf(() => compileExpression('   ', schema))).toBe('EXPRESSION_INVALID')
    expect(codeOf(() => compileExpression('"abc"', schema))).toBe('EXPRESSION_INVALID')
  })
})
