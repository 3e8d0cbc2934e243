// Registers the expression parser, as a program's `import '@synthkit/core/expression'` does (not a global setup:
// loading mathjs costs about a second per test file).
import '../src/expression-parser'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { create, all } from 'mathjs'
import {
  type Constraint,
  type Table,
  type TableSchema,
  applyConstraintTransforms,
  checkConstraints,
  compileExpression,
  createRng,
  createTable,
  fromColumns,
  inferSchema,
  invertConstraintTransforms,
  isSynthkitError,
  learnConstraints,
  planConstraintTransforms,
  sampleWithRejection,
  sampleWithRejectionStats,
  standardNormal,
  take,
  toRows,
  validRowMask,
} from '../src/index'
import { loadColumns } from '../../../testing/data'

function realTable(name: 'telco_churn' | 'diamonds' | 'penguins'): Table {
  const cols = loadColumns(name)
  return fromColumns(cols, inferSchema(cols).schema)
}

function failingRowsOf(table: Table, con: Constraint): number[] {
  return [...checkConstraints(table, [con]).constraints[0]!.failingRows]
}

describe('checkConstraints on the real datasets agrees with a direct reading of the CSV', () => {
  it('diamonds: x, y, z > 0 fails exactly the rows with a zero dimension', () => {
    const raw = loadColumns('diamonds')
    const t = realTable('diamonds')
    for (const column of ['x', 'y', 'z']) {
      const expected = raw[column]!.flatMap((v, i) => (Number(v) > 0 ? [] : [i]))
      const check = checkConstraints(t, [{ type: 'positive', column, strict: true }]).constraints[0]!
      expect([...check.failingRows]).toEqual(expected)
      expect(check.validRate).toBeCloseTo(1 - expected.length / t.nRows, 12)
    }
    expect(failingRowsOf(t, { type: 'positive', column: 'z' }).length).toBe(0)
  })

  it('telco: monthly_charges <= total_charges holds wherever total_charges is present', () => {
    const raw = loadColumns('telco_churn')
    const t = realTable('telco_churn')
    const report = checkConstraints(t, [{ type: 'inequality', low: 'monthly_charges', high: 'total_charges' }])
    const expected = raw['total_charges']!.flatMap((v, i) => (v !== '' && Number(v) < Number(raw['monthly_charges']![i]) ? [i] : []))
    expect([...report.constraints[0]!.failingRows]).toEqual(expected)
    expect(report.constraints[0]!.name).toBe('inequality(monthly_charges <= total_charges)')
  })

  it('a sandboxed expression over a categorical and numbers matches a row-by-row reading', () => {
    const raw = loadColumns('diamonds')
    const t = realTable('diamonds')
    const con: Constraint = { type: 'expression', expression: 'cut == "Ideal" and price > 1000 or depth < 60' }
    const expected = raw['cut']!.flatMap((cut, i) =>
      (cut === 'Ideal' && Number(raw['price']![i]) > 1000) || Number(raw['depth']![i]) < 60 ? [] : [i],
    )
    expect(failingRowsOf(t, con)).toEqual(expected)
  })

  it('unique flags repeats after the first occurrence; fixed combinations learned from penguins hold on penguins', () => {
    const t = realTable('penguins')
    const raw = loadColumns('penguins')
    const unique = checkConstraints(t, [{ type: 'unique', columns: ['Species', 'Island'] }]).constraints[0]!
    const firsts = new Set<string>()
    const expected: number[] = []
    raw['Species']!.forEach((s, i) => {
      const k = `${s}|${raw['Island']![i]}`
      if (s === '' || raw['Island']![i] === '') return
      if (firsts.has(k)) expected.push(i)
      else firsts.add(k)
    })
    expect([...unique.failingRows]).toEqual(expected)
    const learned = learnConstraints(t, [{ type: 'fixedCombinations', columns: ['Species', 'Island'] }])
    expect(learned[0]!.type === 'fixedCombinations' && learned[0]!.combinations!.length).toBe(firsts.size)
    expect(checkConstraints(t, learned).allValid).toBe(true)
    // Gentoo penguins live on Biscoe only: a Gentoo on Dream breaks the learned combinations.
    const gentoo = raw['Species']!.indexOf('Gentoo')
    const dream = raw['Island']!.indexOf('Dream')
    const moved = fromColumns({ ...raw, Island: raw['Island']!.map((v, i) => (i === gentoo ? raw['Island']![dream]! : v)) }, t.schema)
    expect([...checkConstraints(moved, learned).constraints[0]!.failingRows]).toEqual([gentoo])
  })
})

// ---------- property: vectorised checks agree with a direct row-by-row evaluation ----------

const schema: TableSchema = {
  columns: [
    { name: 'a', kind: 'numerical', type: 'float' },
    { name: 'b', kind: 'numerical', type: 'int' },
    { name: 'c', kind: 'categorical' },
    { name: 'd', kind: 'boolean' },
    { name: 'e', kind: 'text' },
  ],
}
type Row = { a: number | null; b: number | null; c: string | null; d: boolean | null; e: string | null }
const rowArb: fc.Arbitrary<Row> = fc.record({
  a: fc.option(fc.constantFrom(-2, -1, -0.5, 0, 0.5, 1, 2, 3), { nil: null }),
  b: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
  c: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: null }),
  d: fc.option(fc.boolean(), { nil: null }),
  e: fc.option(fc.constantFrom('ab', 'abc', 'b1', 'zz'), { nil: null }),
})
const constraintArb: fc.Arbitrary<Constraint> = fc.oneof(
  fc
    .record({
      type: fc.constant('range' as const),
      column: fc.constantFrom('a', 'b'),
      min: fc.integer({ min: -2, max: 0 }),
      max: fc.integer({ min: 0, max: 2 }),
      strict: fc.boolean(),
    })
    .filter((c) => !(c.strict && c.min === c.max)),
  fc
    .record({
      type: fc.constant('inequality' as const),
      low: fc.constantFrom('a', 'b'),
      high: fc.constantFrom('a', 'b'),
      strict: fc.boolean(),
    })
    .filter((c) => !(c.low === c.high && c.strict)),
  fc.record({ type: fc.constantFrom('positive' as const, 'negative' as const), column: fc.constantFrom('a', 'b'), strict: fc.boolean() }),
  fc.record({ type: fc.constant('unique' as const), columns: fc.subarray(['a', 'b', 'c', 'd', 'e'], { minLength: 1 }) }),
  fc.record({
    type: fc.constant('regex' as const),
    column: fc.constantFrom('c', 'e'),
    pattern: fc.constantFrom('a.*', 'x|y', '[a-z]+', 'b\\d'),
  }),
  fc.record({
    type: fc.constant('fixedCombinations' as const),
    columns: fc.constant(['c', 'd'] as string[]),
    combinations: fc.array(fc.tuple(fc.option(fc.constantFrom('x', 'y', 'z'), { nil: null }), fc.option(fc.boolean(), { nil: null })), {
      maxLength: 6,
    }),
  }),
)

/** The reference: each constraint read literally, one row at a time, from plain JS rows. */
function holds(con: Constraint, row: Row, earlier: Row[]): boolean {
  const num = (k: string) => row[k as keyof Row] as number | null
  const strict = 'strict' in con && con.strict === true
  switch (con.type) {
    case 'range': {
      const v = num(con.column)
      if (v === null) return true
      return strict ? v > con.min! && v < con.max! : v >= con.min! && v <= con.max!
    }
    case 'inequality': {
      const lo = num(con.low)
      const hi = num(con.high)
      if (lo === null || hi === null) return true
      return strict ? lo < hi : lo <= hi
    }
    case 'positive':
    case 'negative': {
      const v = num(con.column)
      if (v === null) return true
      const s = con.type === 'positive' ? v : -v
      return strict ? s > 0 : s >= 0
    }
    case 'unique': {
      const key = (r: Row) => con.columns.map((c) => r[c as keyof Row])
      const k = key(row)
      if (k.some((v) => v === null)) return true
      return !earlier.some((r) => JSON.stringify(key(r)) === JSON.stringify(k))
    }
    case 'regex': {
      const v = row[con.column as keyof Row] as string | null
      return v === null || new RegExp(`^(?:${con.pattern})$`).test(v)
    }
    case 'fixedCombinations':
      return con.combinations!.some((combo) => combo[0] === row.c && combo[1] === row.d)
    default:
      throw new Error('not generated')
  }
}

describe('property: checkConstraints agrees with row-by-row evaluation', () => {
  it('for random tables (with missing values) and random constraints', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 0, maxLength: 40 }),
        fc.array(constraintArb, { minLength: 1, maxLength: 4 }),
        (rows, constraints) => {
          const t = createTableFromRows(rows)
          const report = checkConstraints(t, constraints)
          const mask = validRowMask(t, constraints)
          constraints.forEach((con, k) => {
            const expected = rows.flatMap((r, i) => (holds(con, r, rows.slice(0, i)) ? [] : [i]))
            expect([...report.constraints[k]!.failingRows]).toEqual(expected)
          })
          const allValid = rows.map((r, i) => constraints.every((con) => holds(con, r, rows.slice(0, i))))
          expect([...mask]).toEqual(allValid.map((v) => (v ? 1 : 0)))
        },
      ),
      { numRuns: 300, seed: 20261123 },
    )
  })
})

function createTableFromRows(rows: Row[]): Table {
  return createTable(schema, {
    a: { type: 'numeric', values: Float64Array.from(rows, (r) => r.a ?? NaN) },
    b: { type: 'numeric', values: Float64Array.from(rows, (r) => r.b ?? NaN) },
    c: {
      type: 'coded',
      dictionary: ['x', 'y', 'z'],
      codes: Int32Array.from(rows, (r) => (r.c === null ? -1 : ['x', 'y', 'z'].indexOf(r.c))),
    },
    d: { type: 'coded', dictionary: ['false', 'true'], codes: Int32Array.from(rows, (r) => (r.d === null ? -1 : r.d ? 1 : 0)) },
    e: { type: 'string', values: rows.map((r) => r.e) },
  })
}

// ---------- expressions: our evaluator against mathjs' own, as an oracle, on random numeric expressions ----------

const oracle = create(all, { relTol: Number.MIN_VALUE, absTol: 0, predictable: true })
const exprArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 'b', 'd', '0', '1', '2.5', '-3', 'true', 'false', 'pi'),
    fc
      .tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '<', '<=', '>', '>=', '==', '!=', 'and', 'or', 'xor'), tie('e'))
      .map(([x, op, y]) => `(${x} ${op} ${y})`),
    fc
      .tuple(fc.constantFrom('-', 'not ', 'abs', 'sign'), tie('e'))
      .map(([f, x]) => (f === '-' || f === 'not ' ? `${f}(${x})` : `${f}(${x})`)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, x, y]) => `(${c} ? ${x} : ${y})`),
    fc.tuple(fc.constantFrom('min', 'max'), tie('e'), tie('e')).map(([f, x, y]) => `${f}(${x}, ${y})`),
  ),
})).e

describe('property: expressions evaluate like mathjs (exact comparisons), vectorised', () => {
  it('on random expressions over numbers, booleans and missing values', () => {
    fc.assert(
      fc.property(exprArb, fc.array(rowArb, { minLength: 1, maxLength: 12 }), (expr, rows) => {
        const t = createTableFromRows(rows)
        const ours = compileExpression(expr, schema).evaluateNumbers(t)
        rows.forEach((r, i) => {
          const scope = { a: r.a ?? NaN, b: r.b ?? NaN, d: r.d === null ? NaN : r.d ? 1 : 0 }
          const v = oracle.evaluate(expr, scope) as number | boolean
          const expected = typeof v === 'boolean' ? (v ? 1 : 0) : v
          expect(Object.is(ours[i], expected) || ours[i] === expected || (Number.isNaN(ours[i]!) && Number.isNaN(expected))).toBe(true)
        })
      }),
      { numRuns: 400, seed: 7 },
    )
  })

  it('supports col("…") for awkward names, isMissing, date() and categorical comparisons', () => {
    const s: TableSchema = {
      columns: [
        { name: 'monthly charges', kind: 'numerical', type: 'float' },
        { name: 'when', kind: 'datetime' },
        { name: 'status', kind: 'categorical' },
      ],
    }
    const t = fromColumns(
      { 'monthly charges': ['10', '', '30'], when: ['2024-01-01', '2024-06-01', ''], status: ['minor', 'adult', ''] },
      s,
    )
    const f = compileExpression('isMissing(col("monthly charges")) or col("monthly charges") > 20 or status == "minor"', s)
    expect([...f.evaluate(t)]).toEqual([1, 1, 1])
    expect([...compileExpression('when >= date("2024-03-01")', s).evaluate(t)]).toEqual([0, 1, 0])
    expect([...compileExpression('status != "minor"', s).evaluate(t)]).toEqual([0, 1, 1])
    expect(f.columns).toEqual(['monthly charges', 'status'])
    // mod takes the sign of the divisor (as mathjs); floor/ceil/round as Math; these use mathjs' tolerance-based
    // rounding in mathjs itself, so they are checked here by known answers rather than against the oracle.
    const one = (e: string) => compileExpression(e, s).evaluateNumbers(t)[0]
    expect(['-7 % 3', '7 % -3', '7 % 0', 'floor(-2.5)', 'ceil(-2.5)', 'round(2.5)', '2 ^ 10', 'max(1, 5, 3)'].map(one)).toEqual([
      2, -2, 7, -3, -2, 3, 1024, 5,
    ])
  })
})

describe('the expression sandbox', () => {
  const s: TableSchema = {
    columns: [
      { name: 'x', kind: 'numerical', type: 'float' },
      { name: 'name', kind: 'text' },
    ],
  }
  const attacks: [string, RegExp][] = [
    ['import({ pi: 3 }, { override: true })', /unknown function "import"/],
    ['import("fs")', /unknown function "import"/],
    ['createUnit("foo")', /unknown function "createUnit"/],
    ['evaluate("1 + 1")', /unknown function "evaluate"/],
    ['parse("x")', /unknown function "parse"/],
    ['compile("x").evaluate()', /property access|unknown function/],
    ['x.constructor', /property access/],
    ['name["constructor"]', /property access|indexing/],
    ['x.constructor("return process")()', /syntax error|property access/],
    ['cos.constructor("return this")()', /syntax error|property access/],
    ['f(y) = y', /function definition/],
    ['x = 1', /assignment/],
    ['[1, 2][1]', /matrices|indexing|property access/],
    ['{ a: 1 }.a', /objects|property access/],
    ['1:3', /ranges/],
    ['x > 1; x < 2', /several statements/],
    ['constructor', /unknown column "constructor"/],
    ['__proto__ == 1', /unknown column "__proto__"/],
    ['process.exit(1)', /property access|not allowed/],
    ['globalThis', /unknown column "globalThis"/],
    ['Function("return 1")()', /syntax error|unknown function/],
    ['Function("return 1")', /unknown function "Function"/],
    ['typeof x', /syntax error|unknown column|not allowed/],
    ['(() => 1)()', /syntax error/],
    ['x > 1e999', /not finite/],
    [`${'('.repeat(3000)}1${')'.repeat(3000)}`, /longer than 4000 characters/],
    [`${'('.repeat(150)}1${')'.repeat(150)} > x`, /nested deeper than 100 levels/],
    // deep enough to overflow the parser's stack: refused before parsing, with the position of the first bad bracket
    [`${'('.repeat(1900)}x${')'.repeat(1900)} > 0`, /brackets nested deeper than 100 levels \(at character 101\)/],
    [`${'abs('.repeat(150)}x${')'.repeat(150)} > 0`, /brackets nested deeper than 100 levels \(at character 404\)/],
    ['name > "a"', /only == and !=/],
    ['name == 1', /quote the value/],
  ]
  it('a flat 600-term sum is one level deep, not "nested deeper than 100", and adds up', () => {
    const compiled = compileExpression(Array.from({ length: 600 }, () => 'x').join(' + '), s)
    const t = createTable(s, { x: { type: 'numeric', values: Float64Array.of(1, 2.5) }, name: { type: 'string', values: ['a', 'b'] } })
    expect(Array.from(compiled.evaluateNumbers(t))).toEqual([600, 1500])
    // a product chain too; a chain of two different operators still counts its levels
    expect(() => compileExpression(Array.from({ length: 300 }, () => 'x').join(' * '), s)).not.toThrow()
    expect(() => compileExpression(Array.from({ length: 300 }, () => 'x').join(' - '), s)).toThrow(/nested deeper than 100/)
  })

  for (const [text, pattern] of attacks) {
    it(`refuses ${text.length > 50 ? `${text.slice(0, 30)}… (${text.length} chars)` : text}`, () => {
      let err: unknown
      try {
        compileExpression(text, s)
      } catch (e) {
        err = e
      }
      expect(isSynthkitError(err)).toBe(true)
      expect((err as { code: string }).code).toMatch(/EXPRESSION_INVALID|UNKNOWN_COLUMN/)
      expect((err as Error).message).toMatch(pattern)
    })
  }

  it('leaves the application’s own mathjs untouched', async () => {
    const mathjs = await import('mathjs')
    expect(mathjs.evaluate('1 + 2')).toBe(3)
  })
})

// ---------- reversible transforms ----------

describe('constraint transforms', () => {
  it('telco: monthly <= total and positive charges: apply then invert gives the data back', () => {
    const t = realTable('telco_churn')
    const constraints: Constraint[] = [
      { type: 'inequality', low: 'monthly_charges', high: 'total_charges' },
      { type: 'positive', column: 'monthly_charges', strict: true },
      { type: 'range', column: 'tenure', min: 0, max: 72 },
    ]
    const plan = planConstraintTransforms(t.schema, constraints, t)
    expect(plan.steps.map((s) => `${s.kind}:${s.column}`).sort()).toEqual([
      'distance:monthly_charges',
      'distance:total_charges',
      'logit:tenure',
    ])
    // total_charges is restored after monthly_charges, its origin.
    expect(plan.steps.findIndex((s) => s.column === 'monthly_charges')).toBeLessThan(
      plan.steps.findIndex((s) => s.column === 'total_charges'),
    )
    const forward = applyConstraintTransforms(t, plan)
    const back = invertConstraintTransforms(forward, plan, t.schema)
    for (const name of ['monthly_charges', 'total_charges', 'tenure']) {
      const a = (t.columns[name] as { values: Float64Array }).values
      const b = (back.columns[name] as { values: Float64Array }).values
      // the rows that do not come back (missing where the value was, or off by more than 1e-9 relative), checked once
      const wrong: string[] = []
      for (let i = 0; i < a.length; i++) {
        const ok = Number.isNaN(a[i]!) ? Number.isNaN(b[i]!) : Math.abs(a[i]! - b[i]!) <= 1e-9 * Math.max(1, Math.abs(a[i]!))
        if (!ok) wrong.push(`${name} row ${i}: ${a[i]} → ${b[i]}`)
      }
      expect(wrong).toEqual([])
    }
  })

  it('property: any values in the transformed space invert to rows that satisfy the constraints', () => {
    const s: TableSchema = {
      columns: [
        { name: 'a', kind: 'numerical', type: 'float' },
        { name: 'b', kind: 'numerical', type: 'float' },
        { name: 'c', kind: 'numerical', type: 'int' },
        { name: 'r', kind: 'numerical', type: 'float' },
      ],
    }
    const constraints: Constraint[] = [
      { type: 'inequality', low: 'a', high: 'b' },
      { type: 'inequality', low: 'b', high: 'c' },
      { type: 'range', column: 'r', min: -1, max: 4 },
    ]
    const plan = planConstraintTransforms(s, constraints)
    expect(plan.residual).toEqual([])
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -50, max: 50, noNaN: true }),
            fc.double({ min: -5, max: 5, noNaN: true }),
            fc.double({ min: -5, max: 5, noNaN: true }),
            fc.double({ min: -40, max: 40, noNaN: true }),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        (rows) => {
          const z = createTable(plan.transformedSchema, {
            a: { type: 'numeric', values: Float64Array.from(rows, (r) => r[0]) },
            b: { type: 'numeric', values: Float64Array.from(rows, (r) => r[1]) },
            c: { type: 'numeric', values: Float64Array.from(rows, (r) => r[2]) },
            r: { type: 'numeric', values: Float64Array.from(rows, (r) => r[3]) },
          })
          const x = invertConstraintTransforms(z, plan, s)
          expect(checkConstraints(x, constraints).allValid).toBe(true)
          const c = (x.columns['c'] as { values: Float64Array }).values
          expect([...c].every((v) => Number.isInteger(v))).toBe(true)
        },
      ),
      { numRuns: 200, seed: 3 },
    )
  })

  it('refuses to encode data that violates a transformed constraint, naming it and counting rows', () => {
    const t = realTable('diamonds')
    const plan = planConstraintTransforms(t.schema, [{ type: 'positive', column: 'x', strict: true }], t)
    expect(() => applyConstraintTransforms(t, plan)).toThrow(/violates constraint 0 positive\(x > 0\) on 8 of 53940 rows/)
  })

  it('leaves unique, regex, expression and cyclic inequalities to rejection', () => {
    const plan = planConstraintTransforms(schema, [
      { type: 'unique', columns: ['e'] },
      { type: 'inequality', low: 'a', high: 'b' },
      { type: 'inequality', low: 'b', high: 'a' },
      { type: 'expression', expression: 'a + b > 0' },
    ])
    expect(plan.steps.length).toBe(1)
    expect(plan.residual).toEqual([0, 1, 3])
  })
})

// ---------- bounded rejection ----------

function normalDraw(seed: number): (n: number) => Table {
  const rng = createRng(seed)
  const s: TableSchema = {
    columns: [
      { name: 'x', kind: 'numerical', type: 'float' },
      { name: 'k', kind: 'categorical' },
    ],
  }
  return (n) =>
    createTable(s, {
      x: { type: 'numeric', values: Float64Array.from({ length: n }, () => standardNormal(rng)) },
      k: { type: 'coded', dictionary: ['p', 'q', 'r'], codes: Int32Array.from({ length: n }, () => Math.floor(rng.next() * 3)) },
    })
}

describe('sampleWithRejection', () => {
  it('keeps exactly n rows that all satisfy the constraints, at the expected acceptance rate', () => {
    const constraints: Constraint[] = [
      { type: 'positive', column: 'x', strict: true },
      { type: 'expression', expression: 'k != "r"' },
    ]
    const { table, stats } = sampleWithRejectionStats(normalDraw(1), 20_000, constraints)
    expect(table.nRows).toBe(20_000)
    expect(checkConstraints(table, constraints).allValid).toBe(true)
    // P(x > 0) · P(k ≠ r) = 1/2 · 2/3; binomial sd over ≥ 30k draws is < 0.003.
    expect(stats.accepted / stats.drawn).toBeCloseTo(1 / 3, 1)
    expect(Math.abs(stats.validRates[0]! - 0.5)).toBeLessThan(0.01)
  })

  it('enforces uniqueness across batches and fails clearly when the keys run out', () => {
    const t = sampleWithRejection(normalDraw(2), 3, [{ type: 'unique', columns: ['k'] }])
    expect(new Set(toRows(t).map((r) => r['k'])).size).toBe(3)
    expect(() => sampleWithRejection(normalDraw(2), 4, [{ type: 'unique', columns: ['k'] }])).toThrow(
      /Could not sample 4 rows .*constraint 0 unique\(k\) rejects the most/,
    )
  })

  it('names the constraint and the achieved acceptance rate when the model cannot satisfy it', () => {
    let err: unknown
    try {
      sampleWithRejection(normalDraw(3), 100, [{ type: 'range', column: 'x', min: 6, max: 7 }])
    } catch (e) {
      err = e
    }
    expect(isSynthkitError(err) && err.code).toBe('CONSTRAINT_UNSATISFIABLE')
    expect((err as Error).message).toMatch(/acceptance rate 0\.00% after \d+ candidates .* constraint 0 range\(6 <= x <= 7\)/)
  })

  it('rejects contradictory constraints up front, naming them', () => {
    const draw = normalDraw(4)
    expect(() =>
      sampleWithRejection(draw, 10, [
        { type: 'range', column: 'x', min: 2 },
        { type: 'negative', column: 'x' },
      ]),
    ).toThrow(/Constraints 0 range\(2 <= x\) and 1 negative\(x <= 0\) admit no value of "x"/)
    expect(() =>
      planConstraintTransforms(schema, [
        { type: 'inequality', low: 'a', high: 'b', strict: true },
        { type: 'inequality', low: 'b', high: 'a' },
      ]),
    ).toThrow(/strict cycle/)
  })

  it('is deterministic for a seeded draw', () => {
    const a = sampleWithRejection(normalDraw(9), 500, [{ type: 'positive', column: 'x' }])
    const b = sampleWithRejection(normalDraw(9), 500, [{ type: 'positive', column: 'x' }])
    expect(toRows(a)).toEqual(toRows(b))
    expect([...(a.columns['x'] as { values: Float64Array }).values].every((v) => v >= 0)).toBe(true)
    const c = sampleWithRejection(normalDraw(10), 500, [{ type: 'positive', column: 'x' }])
    expect(toRows(c)).not.toEqual(toRows(a))
  })

  it('checks foreign keys against the referenced table from the context', () => {
    const parent = fromColumns({ id: ['a', 'b'] }, { columns: [{ name: 'id', kind: 'id' }] })
    const child = fromColumns({ pid: ['a', 'c', '', 'b'] }, { columns: [{ name: 'pid', kind: 'id' }] })
    const con: Constraint = { type: 'foreignKey', column: 'pid', references: { table: 'users', column: 'id' } }
    expect([...checkConstraints(child, [con], { tables: { users: parent } }).constraints[0]!.failingRows]).toEqual([1])
    expect(() => checkConstraints(child, [con])).toThrow(/referenced table "users" was not given/)
    expect(take(child, [0]).nRows).toBe(1)
  })
})
