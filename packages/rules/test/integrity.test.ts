import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Table, checkConstraints, columnToStrings } from '@synthkit/core'
import { generateScenario, parseScenario } from '../src/index'
import { binomialInterval, chiSquareP, histogram, poissonExpected } from './helpers'

const shop = parseScenario(readFileSync(new URL('../examples/shop.yaml', import.meta.url), 'utf8'))

/** Per relationship: orphans (child keys absent from the parent) and whether the parent key repeats. */
function integrity(
  tables: Record<string, Table>,
  rel: { parent: { table: string; column: string }; child: { table: string; column: string } },
) {
  const parent = tables[rel.parent.table]!
  const child = tables[rel.child.table]!
  const keys = new Set<string>()
  let repeated = 0
  for (const k of columnToStrings(parent, rel.parent.column)) {
    if (keys.has(k)) repeated++
    keys.add(k)
  }
  let orphans = 0
  let missing = 0
  for (const k of columnToStrings(child, rel.child.column)) {
    if (k === '') missing++
    else if (!keys.has(k)) orphans++
  }
  return { orphans, missing, repeated }
}

function counts(child: Table, column: string, parent: Table, key: string): Int32Array {
  const index = new Map<number | string, number>()
  const pv = parent.columns[key]!
  for (let i = 0; i < parent.nRows; i++)
    index.set(pv.type === 'numeric' ? pv.values[i]! : (pv as unknown as { values: string[] }).values[i]!, i)
  const out = new Int32Array(parent.nRows)
  const cv = child.columns[column]!
  for (let i = 0; i < child.nRows; i++)
    out[index.get(cv.type === 'numeric' ? cv.values[i]! : (cv as unknown as { values: string[] }).values[i]!)!]!++
  return out
}

describe('referential integrity', () => {
  it('every relationship of the example scenario has no orphan, no missing and no repeated key, and every declared constraint holds', () => {
    const out = generateScenario(shop, { seed: 42, scale: 3 })
    const { tables } = out.collect()
    expect(out.schema.relationships).toHaveLength(3)
    for (const rel of out.schema.relationships!) expect(integrity(tables, rel)).toEqual({ orphans: 0, missing: 0, repeated: 0 })
    for (const t of Object.values(tables)) {
      const report = checkConstraints(t, t.schema.constraints ?? [], { tables })
      expect(report.constraints.length).toBeGreaterThan(0)
      expect(report.constraints.filter((c) => c.failingCount > 0)).toEqual([])
    }
  })

  it('the integrity check finds an orphan when one child key is changed (the check can fail)', () => {
    const { tables } = generateScenario(shop, { seed: 1 }).collect()
    const orders = tables.orders!
    const ids = (orders.columns.customer_id as { values: Float64Array }).values
    ids[0] = 10_000_000
    expect(
      integrity(tables, { parent: { table: 'customers', column: 'id' }, child: { table: 'orders', column: 'customer_id' } }).orphans,
    ).toBe(1)
  })

  it('holds for random hierarchies, cardinalities, sizes and seeds (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 4 }),
        fc.double({ min: 0, max: 6, noNaN: true }),
        fc.integer(),
        (roots, lo, extra, lambda, seed) => {
          const spec = parseScenario({
            tables: {
              a: { rows: roots, key: 'id', fields: { id: { type: 'sequence', start: 10, step: 3 }, w: { type: 'exponential', rate: 1 } } },
              b: {
                parent: { table: 'a', count: { type: 'integer', min: lo, max: lo + extra } },
                key: 'k',
                fields: { k: { type: 'pattern', pattern: '??-########', unique: true }, a_id: { type: 'parent', field: 'id' } },
              },
              c: {
                parent: { table: 'b', count: { type: 'poisson', lambda } },
                fields: { b_k: { type: 'parent', field: 'k' }, a_ref: { type: 'reference', table: 'a', field: 'id', weight: 'w' } },
              },
            },
          })
          const out = generateScenario(spec, { seed, chunkRows: 97 })
          const { tables } = out.collect()
          for (const rel of out.schema.relationships!) {
            if (tables[rel.parent.table]!.nRows === 0) continue
            expect(integrity(tables, rel)).toEqual({ orphans: 0, missing: 0, repeated: 0 })
          }
          const perParent = counts(tables.b!, 'a_id', tables.a!, 'id')
          for (const k of perParent) expect(k >= lo && k <= lo + extra).toBe(true)
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('cardinality distributions', () => {
  // 20 000 parents. Chi-square at α = 0.001; power: the same test rejects Poisson(2.5) for data drawn from
  // Poisson(2.3) (checked below), and a uniform 1–5 against a 1–6 range, so a wrong parameter cannot pass.
  const spec = parseScenario({
    tables: {
      patients: { rows: 20_000, key: 'id', fields: { id: { type: 'sequence' } } },
      visits: {
        parent: { table: 'patients', count: { type: 'poisson', lambda: 2.3 } },
        fields: { patient: { type: 'parent', field: 'id' } },
      },
      orders: { rows: 20_000, key: 'id', fields: { id: { type: 'sequence' } } },
      items: {
        parent: { table: 'orders', count: { type: 'integer', min: 1, max: 5 } },
        fields: { order: { type: 'parent', field: 'id' } },
      },
    },
  })
  const { tables } = generateScenario(spec, { seed: 2024, chunkRows: 5000 }).collect()

  it('Poisson(2.3) visits per patient pass a chi-square test, and Poisson(2.5) is rejected', () => {
    const h = histogram(counts(tables.visits!, 'patient', tables.patients!, 'id'), 8)
    expect(chiSquareP(h, poissonExpected(2.3, 8, 20_000))).toBeGreaterThan(0.001)
    expect(chiSquareP(h, poissonExpected(2.5, 8, 20_000))).toBeLessThan(1e-6)
  })

  it('every order has 1 to 5 items, uniformly (chi-square), and a 1–6 uniform is rejected', () => {
    const c = counts(tables.items!, 'order', tables.orders!, 'id')
    expect(Math.min(...c)).toBe(1)
    expect(Math.max(...c)).toBe(5)
    const h = histogram(c, 6).slice(1, 6)
    expect(chiSquareP(h, [4000, 4000, 4000, 4000, 4000])).toBeGreaterThan(0.001)
    const h6 = histogram(c, 7).slice(1, 7)
    expect(chiSquareP(h6, new Array(6).fill(20_000 / 6))).toBeLessThan(1e-6)
  })

  it('announces the expected rows: exact for roots, within 4 standard errors of the generated rows for children', () => {
    const out = generateScenario(spec, { seed: 2024, chunkRows: 5000, scale: 0.5 })
    expect(out.expectedRows.patients).toEqual({ rows: 10_000, exact: true })
    expect(out.expectedRows.orders).toEqual({ rows: 10_000, exact: true })
    // 10,000 parents: Poisson(2.3) children sum to mean 23,000, sd √23,000 ≈ 152; uniform 1–5: 30,000, sd √20,000 ≈ 141
    expect(out.expectedRows.visits).toEqual({ rows: 23_000, exact: false })
    expect(out.expectedRows.items).toEqual({ rows: 30_000, exact: false })
    const got = out.collect().tables
    expect(Math.abs(got.visits!.nRows - 23_000)).toBeLessThan(4 * Math.sqrt(23_000))
    expect(Math.abs(got.items!.nRows - 30_000)).toBeLessThan(4 * Math.sqrt(20_000))
  })

  it('truncated Poisson counts stay within [min, max]', () => {
    const s = parseScenario({
      tables: {
        p: { rows: 3000, key: 'id', fields: { id: { type: 'sequence' } } },
        c: {
          parent: { table: 'p', count: { type: 'poisson', lambda: 4, min: 2, max: 5 } },
          fields: { p: { type: 'parent', field: 'id' } },
        },
      },
    })
    const t = generateScenario(s, { seed: 3 }).collect().tables
    const c = counts(t.c!, 'p', t.p!, 'id')
    expect(Math.min(...c)).toBe(2)
    expect(Math.max(...c)).toBe(5)
  })
})

describe('edge cases on purpose', () => {
  const n = 20_000
  const spec = parseScenario({
    tables: {
      people: {
        rows: n,
        key: 'id',
        fields: {
          id: { type: 'sequence' },
          name: { type: 'faker', method: 'person.fullName' },
          note: { type: 'faker', method: 'lorem.word' },
          city: { type: 'faker', method: 'location.city', missing: 0.05 },
          age: { type: 'integer', min: 18, max: 90 },
          score: { type: 'normal', mean: 0, sd: 1 },
          tag: { type: 'choice', values: ['a', 'b', 'c'] },
        },
        edgeCases: [
          { rule: 'boundary', field: 'age', rate: 0.02 },
          { rule: 'long', field: 'note', rate: 0.01, length: 5000 },
          { rule: 'nonAscii', field: 'name', rate: 0.03 },
          { rule: 'duplicate', field: 'tag', rate: 0.1 },
          { rule: 'missing', field: 'score', rate: 0.2 },
        ],
      },
    },
  })
  const { tables, injections } = generateScenario(spec, { seed: 11, chunkRows: 3000 }).collect()
  const t = tables.people!
  const log = (path: string) => injections.people!.find((e) => e.path === path)!

  it('injects each rule at its rate (within the 99.9 % binomial interval)', () => {
    for (const [path, rate] of [
      ['tables.people.fields.city.missing', 0.05],
      ['tables.people.edgeCases.0', 0.02],
      ['tables.people.edgeCases.1', 0.01],
      ['tables.people.edgeCases.2', 0.03],
      ['tables.people.edgeCases.4', 0.2],
    ] as const) {
      const [lo, hi] = binomialInterval(n, rate)
      const k = log(path).rows.length
      expect(k, path).toBeGreaterThan(lo)
      expect(k, path).toBeLessThan(hi)
    }
    // Duplicates skip the first row of each 4096-row block (it has no earlier row).
    const blocks = Math.ceil(n / 4096)
    const [lo, hi] = binomialInterval(n - blocks, 0.1)
    expect(log('tables.people.edgeCases.3').rows.length).toBeGreaterThan(lo)
    expect(log('tables.people.edgeCases.3').rows.length).toBeLessThan(hi)
  })

  it('logs exactly the rows that were changed', () => {
    const city = t.columns.city as unknown as { values: (string | null)[] }
    const missingRows = city.values.flatMap((v, i) => (v === null ? [i] : []))
    expect(log('tables.people.fields.city.missing').rows).toEqual(missingRows)
    const score = (t.columns.score as { values: Float64Array }).values
    expect(log('tables.people.edgeCases.4').rows).toEqual(Array.from(score).flatMap((v, i) => (Number.isNaN(v) ? [i] : [])))
    const age = (t.columns.age as { values: Float64Array }).values
    for (const r of log('tables.people.edgeCases.0').rows) expect([18, 90]).toContain(age[r])
    const note = t.columns.note as unknown as { values: string[] }
    expect(log('tables.people.edgeCases.1').rows).toEqual(note.values.flatMap((v, i) => (v.length === 5000 ? [i] : [])))
    const name = t.columns.name as unknown as { values: string[] }
    expect(log('tables.people.edgeCases.2').rows).toEqual(name.values.flatMap((v, i) => (/[^\x00-\x7f]/.test(v) ? [i] : [])))
  })

  it('duplicates copy an earlier row of the same block', () => {
    const tag = t.columns.tag as { codes: Int32Array }
    for (const r of log('tables.people.edgeCases.3').rows) {
      const blockStart = r - (r % 4096)
      expect(r).toBeGreaterThan(blockStart)
    }
    expect(tag.codes.every((c) => c >= 0 && c < 3)).toBe(true)
  })

  it('boundary values without a declared range use 0; for text the empty string', () => {
    const s = parseScenario({
      tables: {
        t: {
          rows: 4000,
          fields: { x: { type: 'normal', mean: 5, sd: 1 }, s: { type: 'faker', method: 'word.noun' } },
          edgeCases: [
            { rule: 'boundary', field: 'x', rate: 0.1 },
            { rule: 'boundary', field: 's', rate: 0.1 },
          ],
        },
      },
    })
    const { tables: tt, injections: inj } = generateScenario(s, { seed: 5 }).collect()
    const x = (tt.t!.columns.x as { values: Float64Array }).values
    const str = (tt.t!.columns.s as unknown as { values: string[] }).values
    expect(inj.t![0]!.rows.every((r) => x[r] === 0)).toBe(true)
    expect(inj.t![1]!.rows.every((r) => str[r] === '')).toBe(true)
    expect(inj.t![0]!.rows.length).toBeGreaterThan(300)
  })
})
