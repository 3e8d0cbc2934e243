// Registers the expression parser, as a program's `import '@synthkit/core/expression'` does (not a global setup:
// loading mathjs costs about a second per test file).
import '../src/expression-parser'
import { either as E } from 'fp-ts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ColumnData,
  type ConstraintProposal,
  type Table,
  type TableSchema,
  Constraint,
  checkConstraints,
  createRng,
  createTable,
  discoverConstraints,
  fromColumns,
  inferSchema,
  isSynthkitError,
  shuffleInPlace,
  take,
} from '../src/index'
import { DATASETS, type DatasetName, loadColumns } from '../../../testing/data'

const tables = new Map<string, Table>()
function realTable(name: DatasetName): Table {
  let t = tables.get(name)
  if (!t) {
    const cols = loadColumns(name)
    t = fromColumns(cols, inferSchema(cols).schema)
    tables.set(name, t)
  }
  return t
}

/** Every column permuted on its own with a seeded RNG: any relation between columns is destroyed. */
function shuffled(table: Table, seed: number): Table {
  const rng = createRng(seed)
  const columns: Record<string, ColumnData> = {}
  for (const c of table.schema.columns)
    columns[c.name] = take(
      table,
      shuffleInPlace(
        rng,
        Int32Array.from({ length: table.nRows }, (_, i) => i),
      ),
    ).columns[c.name]!
  return createTable(table.schema, columns)
}

const multi = (ps: readonly ConstraintProposal[]) => ps.filter((p) => !p.singleColumn)
function find(
  ps: readonly ConstraintProposal[],
  kind: ConstraintProposal['kind'],
  columns: readonly string[],
): ConstraintProposal | undefined {
  return ps.find((p) => p.kind === kind && p.columns.length === columns.length && p.columns.every((c, i) => c === columns[i]))
}
function numbers(t: Table, name: string): Float64Array {
  const c = t.columns[name]!
  if (c.type !== 'numeric') throw new Error(name)
  return c.values
}

describe('known relations of the shared datasets (checked against the CSV by hand-written counts)', () => {
  it('diamonds: x, y, z ≥ 0 (some are 0), price > 0, carat > 0; z ≤ x and z ≤ y with their 2 violating rows', () => {
    const t = realTable('diamonds')
    const { proposals } = discoverConstraints(t)
    for (const c of ['x', 'y', 'z']) expect(find(proposals, 'positive', [c])?.constraint).toEqual({ type: 'positive', column: c })
    for (const c of ['price', 'carat'])
      expect(find(proposals, 'positive', [c])?.constraint).toEqual({ type: 'positive', column: c, strict: true })
    const x = numbers(t, 'x')
    const y = numbers(t, 'y')
    const z = numbers(t, 'z')
    for (const [other, values] of [
      ['x', x],
      ['y', y],
    ] as const) {
      const p = find(proposals, 'order', ['z', other])!
      const rows = Array.from({ length: t.nRows }, (_, i) => i).filter((i) => z[i]! > values[i]!)
      expect(rows.length).toBe(2)
      expect(p).toMatchObject({
        holds: 'almost',
        violations: 2,
        violatingRows: rows,
        support: t.nRows,
        constraint: { type: 'inequality', low: 'z', high: other },
      })
    }
  })

  it('telco: monthly_charges ≤ total_charges when both are present (total is missing exactly for tenure 0)', () => {
    const t = realTable('telco_churn')
    const { proposals } = discoverConstraints(t)
    const total = numbers(t, 'total_charges')
    const monthly = numbers(t, 'monthly_charges')
    const tenure = numbers(t, 'tenure')
    const both = Array.from(total).filter((v) => v === v).length
    expect(both).toBe(7032)
    // equal on 613 rows (tenure 1), so not strict
    expect(Array.from(total).filter((v, i) => v === monthly[i]).length).toBe(613)
    expect(find(proposals, 'order', ['monthly_charges', 'total_charges'])).toMatchObject({
      holds: 'all',
      violations: 0,
      support: both,
      constraint: { type: 'inequality', low: 'monthly_charges', high: 'total_charges' },
    })
    const missingRows = Array.from(total).flatMap((v, i) => (v === v ? [] : [i]))
    expect(missingRows.every((i) => tenure[i] === 0)).toBe(true)
    expect(find(proposals, 'conditional', ['tenure', 'total_charges'])).toMatchObject({
      holds: 'all',
      support: 11,
      constraint: { type: 'conditional', when: { column: 'tenure', equals: 0 }, column: 'total_charges', then: 'missing' },
    })
    expect(find(proposals, 'functionalDependency', ['multiple_lines', 'phone_service'])?.holds).toBe('all')
  })

  it('adult: education ↔ education_num both ways; Husband → Male and Wife → Female with their 1 + 3 exceptions', () => {
    const t = realTable('adult')
    const { proposals } = discoverConstraints(t)
    expect(find(proposals, 'functionalDependency', ['education', 'education_num'])?.holds).toBe('all')
    expect(find(proposals, 'functionalDependency', ['education_num', 'education'])?.holds).toBe('all')
    const cols = loadColumns('adult')
    const exceptions = cols.relationship.flatMap((r, i) =>
      (r === 'Husband' && cols.sex[i] === 'Female') || (r === 'Wife' && cols.sex[i] === 'Male') ? [i] : [],
    )
    expect(exceptions.length).toBe(4)
    expect(find(proposals, 'fixedCombinations', ['relationship', 'sex'])).toMatchObject({
      holds: 'almost',
      violations: 4,
      violatingRows: exceptions,
    })
  })

  it('seattle_weather: temp_min < temp_max on every day (never equal); date is a key', () => {
    const t = realTable('seattle_weather')
    const { proposals } = discoverConstraints(t)
    expect(find(proposals, 'order', ['temp_min', 'temp_max'])).toMatchObject({
      holds: 'all',
      violations: 0,
      support: 1461,
      constraint: { type: 'inequality', low: 'temp_min', high: 'temp_max', strict: true },
    })
    expect(find(proposals, 'unique', ['date'])?.constraint).toEqual({ type: 'unique', columns: ['date'] })
  })

  it('penguins: each island has its own species mix (Chinstrap only on Dream, Gentoo only on Biscoe)', () => {
    const { proposals } = discoverConstraints(realTable('penguins'))
    const p = find(proposals, 'fixedCombinations', ['Species', 'Island'])!
    expect(p.holds).toBe('all')
    const combos = p.constraint!.type === 'fixedCombinations' ? p.constraint!.combinations!.map((c) => c.join('/')) : []
    expect(combos.filter((c) => c.startsWith('Chinstrap'))).toEqual(['Chinstrap/Dream'])
    expect(combos.filter((c) => c.startsWith('Gentoo'))).toEqual(['Gentoo/Biscoe'])
  })
})

describe('every proposal is a valid constraint that fails exactly its reported rows', () => {
  for (const name of DATASETS) {
    it(name, () => {
      const t = realTable(name)
      const { proposals } = discoverConstraints(t)
      for (const p of proposals) {
        if (p.constraint === null) continue
        expect(E.isRight(Constraint.decode(p.constraint))).toBe(true)
        const r = checkConstraints(t, [p.constraint]).constraints[0]!
        expect({ d: p.description, failing: r.failingCount }).toEqual({ d: p.description, failing: p.violations })
        expect([...r.failingRows].slice(0, p.violatingRows.length)).toEqual([...p.violatingRows])
        expect(p.holds).toBe(p.violations === 0 ? 'all' : 'almost')
        expect(JSON.parse(JSON.stringify(p))).toEqual(p)
        expect(p.violations).toBeLessThanOrEqual(0.002 * p.support)
      }
    })
  }
})

describe('nothing is discovered on column-shuffled data (beyond single-column signs, caps and keys)', () => {
  for (const name of DATASETS) {
    it(name, () => {
      const t = realTable(name)
      for (const seed of [1, 2]) {
        const r = discoverConstraints(shuffled(t, seed))
        expect(multi(r.proposals).map((p) => p.description)).toEqual([])
        // The single-column proposals are those of the original table: shuffling cannot change a column.
        expect(r.proposals.map((p) => p.description)).toEqual(
          discoverConstraints(t)
            .proposals.filter((p) => p.singleColumn)
            .map((p) => p.description),
        )
      }
    })
  }

  it('the significance rule is what keeps them out: with minScore 0 shuffled data does yield proposals', () => {
    const r = discoverConstraints(shuffled(realTable('adult'), 1), { minScore: 0 })
    expect(multi(r.proposals).length).toBeGreaterThan(0)
  })

  it('small random tables with independent columns promote no coincidence (fast-check)', () => {
    const schema: TableSchema = {
      columns: [
        { name: 'a', kind: 'numerical', type: 'int' },
        { name: 'b', kind: 'numerical', type: 'int' },
        { name: 'c', kind: 'numerical', type: 'float' },
        { name: 'k', kind: 'categorical' },
        { name: 'l', kind: 'categorical' },
      ],
    }
    const column = <T>(arb: fc.Arbitrary<T>, n: number) => fc.array(arb, { minLength: n, maxLength: n })
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 60 }).chain((n) =>
          fc.record({
            a: column(fc.option(fc.integer({ min: 0, max: 9 }), { freq: 8 }), n),
            b: column(fc.integer({ min: 0, max: 9 }), n),
            c: column(fc.double({ min: -5, max: 5, noNaN: true }), n),
            k: column(fc.constantFrom('p', 'q', 'r'), n),
            l: column(fc.option(fc.constantFrom('x', 'y'), { freq: 6 }), n),
          }),
        ),
        (cols) => {
          const r = discoverConstraints(fromColumns(cols, schema))
          expect(multi(r.proposals).map((p) => p.description)).toEqual([])
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('planted relations on real rows (diamonds, first 4,000)', () => {
  const base = take(
    realTable('diamonds'),
    Int32Array.from({ length: 4000 }, (_, i) => i),
  )
  const x = numbers(base, 'x')
  const y = numbers(base, 'y')
  const carat = numbers(base, 'carat')
  const price = numbers(base, 'price')
  const cut = base.columns.cut!
  const rng = createRng(11)
  const blank = Array.from({ length: base.nRows }, () => rng.next() < 0.05)
  const fair = cut.type === 'coded' ? cut.dictionary.indexOf('Fair') : -1
  const extra = {
    // total = x + y (2 decimals each, so exact up to float rounding)
    total: { type: 'numeric', values: Float64Array.from(x, (v, i) => Math.round((v + y[i]!) * 100) / 100) },
    // a unit change: price in thousands
    price_k: { type: 'numeric', values: Float64Array.from(price, (v) => v / 1000) },
    // a conditional zero: no bonus for Fair cuts
    bonus: {
      type: 'numeric',
      values: Float64Array.from(carat, (v, i) => (cut.type === 'coded' && cut.codes[i] === fair ? 0 : Math.round(v * 1000))),
    },
    // two notes missing on the same 5% of rows
    note_a: { type: 'numeric', values: Float64Array.from(carat, (v, i) => (blank[i] ? Number.NaN : v * 2)) },
    note_b: { type: 'numeric', values: Float64Array.from(price, (v, i) => (blank[i] ? Number.NaN : (v % 97) + 1)) },
  } satisfies Record<string, ColumnData>
  // an entity key repeated on 4 rows each, with an attribute that is constant per entity
  const tiers = ['bronze', 'silver', 'gold']
  const entity: ColumnData = { type: 'string', values: Array.from({ length: base.nRows }, (_, i) => `E${Math.floor(i / 4)}`) }
  const tier: ColumnData = {
    type: 'coded',
    dictionary: tiers,
    codes: Int32Array.from({ length: base.nRows }, (_, i) => Math.floor((Math.floor(i / 4) * 7919) % 3)),
  }
  const schema: TableSchema = {
    columns: [
      ...base.schema.columns,
      ...Object.keys(extra).map((name) => ({
        name,
        kind: 'numerical' as const,
        type: 'float' as const,
        precision: name === 'price_k' ? 3 : 2,
      })),
      { name: 'entity', kind: 'id' },
      { name: 'tier', kind: 'categorical' },
    ],
  }
  const planted = createTable(schema, { ...base.columns, ...extra, entity, tier })

  it('finds each planted relation, holding on every row', () => {
    const { proposals } = discoverConstraints(planted)
    expect(find(proposals, 'linear', ['total', 'x', 'y'])).toMatchObject({ holds: 'all', support: 4000 })
    expect(find(proposals, 'ratio', ['price', 'price_k'])).toMatchObject({
      holds: 'all',
      description: 'price = 1000 × price_k (4000 rows, 0 violations)',
    })
    expect(find(proposals, 'conditional', ['cut', 'bonus'])).toMatchObject({
      holds: 'all',
      constraint: { type: 'conditional', when: { column: 'cut', equals: 'Fair' }, column: 'bonus', then: 'zero' },
    })
    expect(find(proposals, 'missingTogether', ['note_a', 'note_b'])).toMatchObject({
      holds: 'all',
      support: 4000,
      constraint: { type: 'missingTogether', columns: ['note_a', 'note_b'] },
    })
    const key = find(proposals, 'functionalDependency', ['entity', 'tier'])!
    expect(key).toMatchObject({ holds: 'all', constraint: { type: 'functionalDependency', determinant: ['entity'], dependent: 'tier' } })
    // one mapping row per entity, each with the tier planted for it
    const mapping = key.constraint?.type === 'functionalDependency' ? (key.constraint.mapping ?? []) : []
    expect(mapping.length).toBe(1000)
    expect(mapping.every(([e, t]) => t === tiers[(Number(String(e).slice(1)) * 7919) % 3])).toBe(true)
    // the entity key determines nothing else, and is not unique
    expect(proposals.filter((p) => p.columns[0] === 'entity').map((p) => p.columns[1])).toEqual(['tier'])
    expect(find(proposals, 'unique', ['entity'])).toBeUndefined()
  })

  it('gives each planted proposal as a constraint that fails exactly its reported rows', () => {
    for (const p of discoverConstraints(planted).proposals) {
      if (p.constraint === null) continue
      const r = checkConstraints(planted, [p.constraint]).constraints[0]!
      expect({ d: p.description, failing: r.failingCount }).toEqual({ d: p.description, failing: p.violations })
    }
  })

  it('reports a relation one row breaks as almost, with that row', () => {
    const total = Float64Array.from(extra.total.values)
    total[1234] += 0.05
    const broken = createTable(schema, { ...planted.columns, total: { type: 'numeric', values: total } })
    expect(find(discoverConstraints(broken).proposals, 'linear', ['total', 'x', 'y'])).toMatchObject({
      holds: 'almost',
      violations: 1,
      violatingRows: [1234],
    })
  })

  it('finds none of them once the columns are shuffled', () => {
    expect(multi(discoverConstraints(shuffled(planted, 5)).proposals).map((p) => p.description)).toEqual([])
  })
})

describe('planted relations of other shapes', () => {
  it('a difference d = x − y is reported as x = y + d, and a datetime order as date < reported', () => {
    const w = realTable('seattle_weather')
    const date = numbers(w, 'date')
    const wind = numbers(w, 'wind')
    const tmax = numbers(w, 'temp_max')
    const tmin = numbers(w, 'temp_min')
    const schema: TableSchema = {
      columns: [
        ...w.schema.columns,
        { name: 'range', kind: 'numerical', type: 'float', precision: 1 },
        { name: 'reported', kind: 'datetime' },
      ],
    }
    const t = createTable(schema, {
      ...w.columns,
      range: { type: 'numeric', values: Float64Array.from(tmax, (v, i) => Math.round((v - tmin[i]!) * 10) / 10) },
      reported: { type: 'numeric', values: Float64Array.from(date, (v, i) => v + Math.round((1 + wind[i]!) * 86_400_000)) },
    })
    const { proposals } = discoverConstraints(t)
    expect(find(proposals, 'linear', ['temp_max', 'temp_min', 'range'])).toMatchObject({ holds: 'all', support: 1461 })
    expect(find(proposals, 'order', ['date', 'reported'])).toMatchObject({
      holds: 'all',
      constraint: { type: 'inequality', low: 'date', high: 'reported', strict: true },
    })
    expect(multi(discoverConstraints(shuffled(t, 3)).proposals)).toEqual([])
  })
})

describe('options', () => {
  const t = fromColumns({ a: [1, 2, 3] }, { columns: [{ name: 'a', kind: 'numerical', type: 'int' }] })
  it('returns no proposal for an empty table or one below the minimum support, without failing', () => {
    const schema: TableSchema = {
      columns: [
        { name: 'a', kind: 'numerical', type: 'float' },
        { name: 'b', kind: 'numerical', type: 'float' },
        { name: 'k', kind: 'categorical' },
      ],
    }
    expect(discoverConstraints(fromColumns({ a: [], b: [], k: [] }, schema)).proposals).toEqual([])
    expect(discoverConstraints(fromColumns({ a: [1, null], b: [2, 3], k: ['x', null] }, schema)).proposals).toEqual([])
  })
  it('rejects bad options with OPTIONS_INVALID and unknown columns with UNKNOWN_COLUMN, naming each', () => {
    for (const [options, code, path] of [
      [{ maxViolationRate: 0.7 }, 'OPTIONS_INVALID', 'maxViolationRate'],
      [{ minSupport: -1 }, 'OPTIONS_INVALID', 'minSupport'],
      [{ bogus: 1 }, 'OPTIONS_INVALID', 'bogus'],
      [{ columns: ['a', 'nope'] }, 'UNKNOWN_COLUMN', 'columns.1'],
    ] as const) {
      let err: unknown
      try {
        discoverConstraints(t, options as never)
      } catch (e) {
        err = e
      }
      expect(isSynthkitError(err) && err.code).toBe(code)
      expect((err as { issues: { path: string }[] }).issues.map((i) => i.path).join()).toContain(path)
    }
  })
})
