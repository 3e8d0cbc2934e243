import { either as E } from 'fp-ts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ColumnData,
  type Constraint,
  type Rng,
  type Table,
  type TableSchema,
  Constraint as ConstraintCodec,
  checkConstraints,
  createRng,
  createTable,
  discoverConstraints,
  fromColumns,
  isSynthkitError,
  learnConstraints,
  repairConstraints,
  sampleRows,
  sampleWithRejectionStats,
  shuffleInPlace,
  take,
} from '../src/index'

const failing = (t: Table, c: Constraint) => Array.from(checkConstraints(t, [c]).constraints[0]!.failingRows)

function thrown(f: () => unknown): { code: string; message: string; paths: string[] } {
  try {
    f()
  } catch (e) {
    if (isSynthkitError(e)) return { code: e.code, message: e.message, paths: e.issues.map((i) => i.path) }
    throw e
  }
  throw new Error('expected a SynthkitError')
}

describe('relational constraints: known answers', () => {
  const schema: TableSchema = {
    columns: [
      { name: 'airport', kind: 'categorical' },
      { name: 'state', kind: 'categorical' },
      { name: 'garage', kind: 'categorical' },
      { name: 'area', kind: 'numerical', type: 'float' },
      { name: 'year', kind: 'numerical', type: 'int' },
    ],
  }
  const t = fromColumns(
    {
      airport: ['A', 'A', 'A', 'B', null, 'B', 'C'],
      state: ['x', 'x', 'y', 'y', 'z', null, 'x'],
      garage: ['none', 'att', 'none', 'att', null, 'none', 'att'],
      area: [0, 10, 5, null, 3, null, 8],
      year: [null, 1990, null, 2000, 2001, 1995, 1999],
    },
    schema,
  )

  it('functionalDependency without a mapping: the first row of each determinant value fixes the dependent', () => {
    expect(failing(t, { type: 'functionalDependency', determinant: ['airport'], dependent: 'state' })).toEqual([2])
  })

  it('functionalDependency with a mapping: listed values must carry the listed dependent; missing cells hold', () => {
    const c: Constraint = {
      type: 'functionalDependency',
      determinant: ['airport'],
      dependent: 'state',
      mapping: [
        ['A', 'y'],
        ['B', 'y'],
      ],
    }
    expect(failing(t, c)).toEqual([0, 1])
    // the general path (two determinant columns) agrees with the categorical fast path
    const two: Constraint = { type: 'functionalDependency', determinant: ['airport', 'garage'], dependent: 'state' }
    expect(failing(t, two)).toEqual([2])
  })

  it('learnConstraints maps each determinant value to its most frequent dependent', () => {
    const [learned] = learnConstraints(t, [{ type: 'functionalDependency', determinant: ['airport'], dependent: 'state' }])
    expect(learned).toEqual({
      type: 'functionalDependency',
      determinant: ['airport'],
      dependent: 'state',
      mapping: [
        ['A', 'x'],
        ['B', 'y'],
        ['C', 'x'],
      ],
    })
    expect(failing(t, learned!)).toEqual([2])
  })

  it('conditional: the target is 0, missing, or either where the condition holds', () => {
    const when = { column: 'garage', equals: 'none' }
    expect(failing(t, { type: 'conditional', when, column: 'area', then: 'zero' })).toEqual([2, 5])
    expect(failing(t, { type: 'conditional', when, column: 'area', then: 'zeroOrMissing' })).toEqual([2])
    expect(failing(t, { type: 'conditional', when, column: 'year', then: 'missing' })).toEqual([5])
    expect(failing(t, { type: 'conditional', when: { column: 'garage', isMissing: true }, column: 'area', then: 'zero' })).toEqual([4])
    expect(failing(t, { type: 'conditional', when: { column: 'year', equals: 1990 }, column: 'state', then: 'missing' })).toEqual([1])
  })

  it('missingTogether: a row fails when some but not all of the columns are missing', () => {
    expect(failing(t, { type: 'missingTogether', columns: ['area', 'year'] })).toEqual([0, 2, 3, 5])
    expect(failing(t, { type: 'missingTogether', columns: ['airport', 'garage'] })).toEqual([])
  })

  it("fixed combinations: a value that allows one partner sets it; others take a donor row's value, or are left to rejection", () => {
    const s2: TableSchema = {
      columns: [
        { name: 'internet', kind: 'categorical' },
        { name: 'backup', kind: 'categorical' },
      ],
    }
    const u = fromColumns(
      {
        internet: ['No', 'No', 'DSL', 'DSL', null, 'Fiber', 'DSL', 'DSL'],
        backup: ['Yes', 'NIS', 'NIS', 'Yes', 'Yes', 'NIS', 'No', 'NIS'],
      },
      s2,
    )
    const c: Constraint = {
      type: 'fixedCombinations',
      columns: ['internet', 'backup'],
      combinations: [
        ['No', 'NIS'],
        ['DSL', 'Yes'],
        ['DSL', 'No'],
        ['Fiber', 'Yes'],
        ['Fiber', 'No'],
        [null, 'Yes'],
      ],
    }
    expect(failing(u, c)).toEqual([0, 2, 5, 7])
    const fixed = repairConstraints(u, [c])
    const backup = fixed.columns.backup!
    // row 0: No allows only NIS; rows 2 and 7 (DSL): the next DSL row with an allowed pair (3, then 6 … cyclically 3);
    // row 5: the only Fiber row has no donor, so rejection will drop it
    expect(backup.type === 'coded' && Array.from(backup.codes, (k) => backup.dictionary[k])).toEqual([
      'NIS',
      'NIS',
      'Yes',
      'Yes',
      'Yes',
      'NIS',
      'No',
      'Yes',
    ])
    expect(failing(fixed, c)).toEqual([5])
  })

  it('names the field of every bad constraint (codec and table checks)', () => {
    const decoded = ConstraintCodec.decode({ type: 'conditional', when: { column: 'garage' }, column: 'area', then: 'zero' })
    expect(E.isLeft(decoded)).toBe(true)
    const bad = ConstraintCodec.decode({ type: 'missingTogether', columns: ['a', 3] })
    expect(E.isLeft(bad) && JSON.stringify(bad.left)).toContain('columns')
    const cases: [Constraint, string, RegExp][] = [
      [{ type: 'conditional', when: { column: 'garage', equals: 'none' }, column: 'state', then: 'zero' }, 'CONSTRAINT_INVALID', /then/],
      [
        { type: 'conditional', when: { column: 'area', equals: 'big' }, column: 'year', then: 'zero' },
        'CONSTRAINT_INVALID',
        /when\.equals/,
      ],
      [{ type: 'conditional', when: { column: 'area', equals: 0 }, column: 'area', then: 'zero' }, 'CONSTRAINT_INVALID', /different/],
      [{ type: 'missingTogether', columns: ['area'] }, 'CONSTRAINT_INVALID', /two columns/],
      [{ type: 'missingTogether', columns: ['area', 'nope'] }, 'UNKNOWN_COLUMN', /nope/],
      [{ type: 'functionalDependency', determinant: ['state'], dependent: 'state' }, 'CONSTRAINT_INVALID', /itself/],
      [{ type: 'functionalDependency', determinant: [], dependent: 'state' }, 'CONSTRAINT_INVALID', /determinant/],
      [
        { type: 'functionalDependency', determinant: ['airport'], dependent: 'state', mapping: [['A', 'x', 'y']] },
        'CONSTRAINT_INVALID',
        /mapping row 0 has 3 values/,
      ],
      [
        {
          type: 'functionalDependency',
          determinant: ['airport'],
          dependent: 'state',
          mapping: [
            ['A', 'x'],
            ['A', 'y'],
          ],
        },
        'CONSTRAINT_INVALID',
        /mapping row 1/,
      ],
    ]
    for (const [c, code, message] of cases) {
      const e = thrown(() => checkConstraints(t, [c]))
      expect({ c, code: e.code, paths: e.paths }).toEqual({ c, code, paths: ['constraints.0'] })
      expect(e.message).toMatch(message)
    }
  })
})

/** A table with three planted relations and noise: dep = f(det), v = 0 where cond = 'z', m1/m2 missing together. */
function planted(seed: number, n: number, k: number): Table {
  const rng = createRng(seed)
  // f takes at least two values (d0 → 0, d1 → 1): a constant f plants no dependency at all (dep would be a constant
  // column), which the first draws of a run could otherwise produce (k = 4: all four draws equal with probability 1/64)
  const f = Array.from({ length: k }, (_, i) => (i < 2 ? i : Math.floor(rng.next() * 4)))
  const det = Array.from({ length: n }, () => `d${Math.floor(rng.next() * k)}`)
  const cond = Array.from({ length: n }, () => ['z', 'p', 'q'][Math.floor(rng.next() * 3)]!)
  const blank = Array.from({ length: n }, () => rng.next() < 0.15)
  return fromColumns(
    {
      det,
      dep: det.map((d) => `g${f[Number(d.slice(1))]}`),
      cond,
      v: cond.map((c) => (c === 'z' ? 0 : 1 + Math.round(rng.next() * 1000))),
      m1: blank.map((b) => (b ? null : Math.round(rng.next() * 100))),
      m2: blank.map((b) => (b ? null : rng.next() < 0.5 ? 'u' : 'w')),
      noise: Array.from({ length: n }, () => Math.round(rng.next() * 50)),
    },
    {
      columns: [
        { name: 'det', kind: 'categorical' },
        { name: 'dep', kind: 'categorical' },
        { name: 'cond', kind: 'categorical' },
        { name: 'v', kind: 'numerical', type: 'int' },
        { name: 'm1', kind: 'numerical', type: 'int' },
        { name: 'm2', kind: 'categorical' },
        { name: 'noise', kind: 'numerical', type: 'int' },
      ],
    },
  )
}

function shuffledColumns(table: Table, seed: number): Table {
  const rng = createRng(seed)
  const columns: Record<string, ColumnData> = {}
  for (const c of table.schema.columns) {
    const order = shuffleInPlace(
      rng,
      Int32Array.from({ length: table.nRows }, (_, i) => i),
    )
    columns[c.name] = take(table, order).columns[c.name]!
  }
  return createTable(table.schema, columns)
}

const RELATIONAL = new Set(['functionalDependency', 'conditional', 'missingTogether'])
const typeOf = (t: Table) => discoverConstraints(t).proposals.flatMap((p) => (p.constraint && RELATIONAL.has(p.constraint.type) ? [p] : []))

describe('discovery of the relational constraints (fast-check)', () => {
  const arb = fc.record({
    seed: fc.integer({ min: 0, max: 1e6 }),
    n: fc.integer({ min: 300, max: 1200 }),
    k: fc.integer({ min: 4, max: 30 }),
  })

  it('finds each planted relation, and every proposal holds on the table it came from as reported', () => {
    fc.assert(
      fc.property(arb, ({ seed, n, k }) => {
        const t = planted(seed, n, k)
        const { proposals } = discoverConstraints(t)
        for (const p of proposals) {
          if (p.constraint === null) continue
          const r = checkConstraints(t, [p.constraint]).constraints[0]!
          expect({ d: p.description, failing: r.failingCount }).toEqual({ d: p.description, failing: p.violations })
          if (p.holds === 'all') expect(r.validRate).toBe(1)
        }
        const has = (pred: (c: Constraint) => boolean) => proposals.some((p) => p.constraint !== null && pred(p.constraint))
        expect(has((c) => c.type === 'functionalDependency' && c.determinant[0] === 'det' && c.dependent === 'dep')).toBe(true)
        expect(
          has((c) => c.type === 'conditional' && c.column === 'v' && c.then === 'zero' && 'equals' in c.when && c.when.equals === 'z'),
        ).toBe(true)
        expect(has((c) => c.type === 'missingTogether' && c.columns.includes('m1') && c.columns.includes('m2'))).toBe(true)
      }),
      { numRuns: 25 },
    )
  })

  it('finds none of them once the columns are shuffled', () => {
    fc.assert(
      fc.property(arb, ({ seed, n, k }) => {
        expect(typeOf(shuffledColumns(planted(seed, n, k), seed + 1)).map((p) => p.description)).toEqual([])
      }),
      { numRuns: 25 },
    )
  })

  it('does not promote a pattern of tiny support: two columns missing on the same 3 of 100,000 rows', () => {
    const n = 100_000
    const a = Array.from({ length: n }, (_, i) => (i % 40_000 === 7 ? null : i % 13))
    const b = Array.from({ length: n }, (_, i) => (i % 40_000 === 7 ? null : i % 17))
    const t = fromColumns({ a, b }, { columns: ['a', 'b'].map((name) => ({ name, kind: 'numerical' as const, type: 'int' as const })) })
    expect(typeOf(t).filter((p) => p.kind === 'missingTogether')).toEqual([])
  })
})

describe('enforcement: a sampler that ignores the relations still yields rows that satisfy them', () => {
  const real = planted(3, 2000, 12)
  const constraints = learnConstraints(
    real,
    typeOf(real).map((p) => p.constraint!),
  )
  // Independent columns: each drawn from its own marginal, so every relation is broken on most rows.
  const draw = (n: number, rng: Rng): Table => {
    const idx = () => Math.floor(rng.next() * real.nRows)
    const rows = Array.from({ length: n }, () => real.schema.columns.map(() => idx()))
    const columns: Record<string, ColumnData> = {}
    real.schema.columns.forEach((c, j) => {
      columns[c.name] = take(
        real,
        rows.map((r) => r[j]!),
      ).columns[c.name]!
    })
    return createTable(real.schema, columns)
  }

  it('states the three relations it enforces', () => {
    expect(new Set(constraints.map((c) => c.type))).toEqual(new Set(['conditional', 'functionalDependency', 'missingTogether']))
  })

  it('by construction: almost every candidate is kept, and every kept row satisfies every constraint', () => {
    const rng = createRng(9)
    const { table, stats } = sampleWithRejectionStats((n) => draw(n, rng), 5000, constraints)
    expect(table.nRows).toBe(5000)
    expect(checkConstraints(table, constraints).allValid).toBe(true)
    // Rejection alone keeps ≈ 1/4 (dependent) × 0.74 (missing together) ≈ 18 % of independent rows; construction
    // leaves only leader-present/follower-missing rows (≈ 0.85 × 0.15 ≈ 13 %) to reject.
    expect(stats.accepted / stats.drawn).toBeGreaterThan(0.8)
  })

  it('through the shared stream driver, for every chunk size', () => {
    const a = sampleRows(draw, { rows: 6000, rng: createRng(4), constraints })
    expect(checkConstraints(a, constraints).allValid).toBe(true)
    expect(a.nRows).toBe(6000)
  })

  it('repair maps a broken row into the constraint and leaves the input untouched', () => {
    const broken = draw(1000, createRng(2))
    const before = checkConstraints(broken, constraints)
    expect(before.constraints.every((c) => c.failingCount > 50)).toBe(true)
    // functional dependency and conditional zero are fixed on every row; missing-together on every row whose
    // leader (first column) is missing: what is left are the rows with the leader present and a follower missing
    const leftOver = (c: Constraint) => {
      if (c.type !== 'missingTogether') return 0
      const [lead, ...rest] = c.columns.map((name) => broken.columns[name]!)
      const missing = (col: ColumnData, i: number) =>
        col.type === 'numeric' ? Number.isNaN(col.values[i]!) : col.type === 'coded' ? col.codes[i]! < 0 : col.values[i] === null
      let k = 0
      for (let i = 0; i < broken.nRows; i++) if (!missing(lead!, i) && rest.some((f) => missing(f, i))) k++
      return k
    }
    // each constraint repaired on its own
    expect(constraints.map((c) => checkConstraints(repairConstraints(broken, [c]), [c]).constraints[0]!.failingCount)).toEqual(
      constraints.map(leftOver),
    )
    expect(constraints.some((c) => leftOver(c) > 0)).toBe(true)
    // all together: the conditionals "m1 missing when m2 is" (both ways) finish what missing-together leaves
    expect(checkConstraints(repairConstraints(broken, constraints), constraints).allValid).toBe(true)
    expect(checkConstraints(broken, constraints).constraints.map((c) => c.failingCount)).toEqual(
      before.constraints.map((c) => c.failingCount),
    )
  })

  it('never moves a column fixed by conditions: such candidates are rejected instead', () => {
    const fd = constraints.find((c) => c.type === 'functionalDependency')!
    const rng = createRng(12)
    // a draw conditioned on dep = g1 (every candidate carries it), the other columns as before
    const conditioned = (n: number) => {
      const t = draw(n, rng)
      const dep = t.columns.dep!
      if (dep.type !== 'coded') throw new Error('dep is categorical')
      const g1 = dep.dictionary.indexOf('g1')
      return createTable(t.schema, { ...t.columns, dep: { ...dep, codes: new Int32Array(n).fill(g1) } })
    }
    const { table } = sampleWithRejectionStats(conditioned, 2000, [fd], { fixedColumns: ['dep'] })
    const dep = table.columns.dep!
    expect(dep.type === 'coded' && dep.codes.every((c) => dep.dictionary[c] === 'g1')).toBe(true)
    expect(checkConstraints(table, [fd]).allValid).toBe(true)
    // without fixedColumns the repair moves dep off the condition
    const free = sampleWithRejectionStats(conditioned, 2000, [fd]).table.columns.dep!
    expect(free.type === 'coded' && free.codes.some((c) => free.dictionary[c] !== 'g1')).toBe(true)
  })
})
