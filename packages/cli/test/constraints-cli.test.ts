import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Constraint, checkConstraints, createRng } from '@synthkit/core'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultRegistry, loadTable } from '../src/index'
import { runMain, tempDir } from './helpers'

// A table with planted rules whose truth does not come from the code under test: airport determines state,
// garage area is 0 exactly when there is no garage, the two notes are blank on the same rows, built ≤ sold.
const tmp = tempDir()
afterAll(tmp.cleanup)
const out = (f: string) => join(tmp.dir, f)
const N = 1500
const AIRPORTS = Array.from({ length: 25 }, (_, i) => `AP${i}`)
const STATES = ['CA', 'NY', 'TX', 'WA', 'FL', 'IL']
const stateOf = (airport: string) => STATES[(Number(airport.slice(2)) * 7) % STATES.length]!

function plantedCsv(path: string, seed: number, broken: readonly number[] = []): void {
  const rng = createRng(seed)
  const lines = ['airport,state,garage,garage_area,note_a,note_b,built,sold,price']
  for (let i = 0; i < N; i++) {
    const airport = AIRPORTS[Math.floor(rng.next() * AIRPORTS.length)]!
    const garage = ['none', 'attached', 'detached'][Math.floor(rng.next() * 3)]!
    const blank = rng.next() < 0.1
    const built = 1900 + Math.floor(rng.next() * 100)
    const sold = built + Math.floor(rng.next() * 30)
    let state = stateOf(airport)
    // a broken row: the wrong state for its airport
    if (broken.includes(i)) state = STATES[(STATES.indexOf(state) + 1) % STATES.length]!
    const area = garage === 'none' ? 0 : 200 + Math.floor(rng.next() * 600)
    lines.push(
      [
        airport,
        state,
        garage,
        area,
        blank ? '' : Math.round(rng.next() * 100),
        blank ? '' : Math.round(rng.next() * 50),
        built,
        sold,
        Math.round(50_000 + rng.next() * 500_000),
      ].join(','),
    )
  }
  writeFileSync(path, `${lines.join('\n')}\n`)
}

const planted = out('planted.csv')
plantedCsv(planted, 1)

/** The same values, each column shuffled on its own (seeded): every rule between columns is gone. */
function shuffledCsv(path: string): void {
  const [header, ...rows] = readFileSync(planted, 'utf8').trim().split('\n')
  const cells = rows.map((r) => r.split(','))
  const rng = createRng(5)
  const cols = header!.split(',').map((_, j) => {
    const col = cells.map((r) => r[j]!)
    for (let i = col.length - 1; i > 0; i--) {
      const k = Math.floor(rng.next() * (i + 1))
      ;[col[i], col[k]] = [col[k]!, col[i]!]
    }
    return col
  })
  writeFileSync(path, `${[header, ...cells.map((_, i) => cols.map((c) => c[i]).join(','))].join('\n')}\n`)
}

interface Discovery {
  constraints: Constraint[]
  proposals: { kind: string; constraint: Constraint | null; holds: string; enforcedByDefault: boolean; violatingRows: number[] }[]
}

describe('synthkit constraints discover', () => {
  it('finds the planted rules as JSON, and nothing between columns once they are shuffled', async () => {
    const r = await runMain(['constraints', 'discover', planted])
    expect(r.code).toBe(0)
    const d = JSON.parse(r.stdout) as Discovery
    const types = d.constraints.map((c) => c.type)
    expect(d.constraints).toContainEqual(
      expect.objectContaining({ type: 'functionalDependency', determinant: ['airport'], dependent: 'state' }),
    )
    const fd = d.constraints.find((c) => c.type === 'functionalDependency' && c.dependent === 'state')
    // the learned mapping is the planted one
    expect(fd?.type === 'functionalDependency' && fd.mapping?.every(([a, s]) => s === stateOf(String(a)))).toBe(true)
    expect(d.constraints).toContainEqual({
      type: 'conditional',
      when: { column: 'garage', equals: 'none' },
      column: 'garage_area',
      then: 'zero',
    })
    expect(d.constraints).toContainEqual({ type: 'missingTogether', columns: ['note_a', 'note_b'] })
    expect(d.constraints).toContainEqual({ type: 'inequality', low: 'built', high: 'sold' })
    expect(types.every((t) => t !== 'positive' && t !== 'unique')).toBe(true)
    expect(r.stderr).toMatch(/would be enforced by synthkit fit/)

    shuffledCsv(out('shuffled.csv'))
    const s = await runMain(['constraints', 'discover', out('shuffled.csv')])
    expect(s.code).toBe(0)
    const multi = (JSON.parse(s.stdout) as Discovery).proposals.filter(
      (p) => !['positive', 'negative', 'bounds', 'unique'].includes(p.kind),
    )
    expect(multi).toEqual([])
  })

  it('reports a rule two rows break as "almost", naming those rows (counted from 1), and does not enforce it', async () => {
    plantedCsv(out('broken.csv'), 1, [99, 700])
    const r = await runMain(['constraints', 'discover', out('broken.csv'), '--out', out('broken.json')])
    expect(r.code).toBe(0)
    const d = JSON.parse(readFileSync(out('broken.json'), 'utf8')) as Discovery
    const fd = d.proposals.find(
      (p) => p.kind === 'functionalDependency' && p.constraint?.type === 'functionalDependency' && p.constraint.dependent === 'state',
    )
    expect(fd).toMatchObject({ holds: 'almost', violatingRows: [100, 701], enforcedByDefault: false })
    expect(d.constraints.some((c) => c.type === 'functionalDependency' && c.dependent === 'state')).toBe(false)
  })
})

describe('synthkit constraints check', () => {
  it('exit 0 when every row satisfies the constraints; exit 1 naming the constraint and rows otherwise', async () => {
    await runMain(['constraints', 'discover', planted, '--out', out('rules.json')])
    const ok = await runMain(['constraints', 'check', planted, '--constraints', out('rules.json')])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, validRate: 1, rows: N })
    plantedCsv(out('broken.csv'), 1, [99, 700])
    const bad = await runMain(['constraints', 'check', out('broken.csv'), '--constraints', out('rules.json')])
    expect(bad.code).toBe(1)
    const report = JSON.parse(bad.stdout) as {
      valid: boolean
      constraints: { name: string; failingCount: number; failingRows: number[] }[]
    }
    expect(report.valid).toBe(false)
    expect(report.constraints.filter((c) => c.failingCount > 0)).toEqual([
      expect.objectContaining({ name: 'functionalDependency(airport -> state)', failingCount: 2, failingRows: [100, 701] }),
    ])
    expect(bad.stderr).toContain('functionalDependency(airport -> state): 2 of 1500 rows violate it (rows 100, 701)')
  })

  it('a bad constraints file is an input error naming the field', async () => {
    writeFileSync(
      out('bad.json'),
      JSON.stringify([{ type: 'conditional', when: { column: 'garage', equals: 'none' }, column: 'garage_area', then: 'nil' }]),
    )
    const r = await runMain(['constraints', 'check', planted, '--constraints', out('bad.json')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/constraints\.0\.then/)
    writeFileSync(out('bad2.json'), JSON.stringify([{ type: 'missingTogether', columns: ['note_a', 'nope'] }]))
    const r2 = await runMain(['constraints', 'check', planted, '--constraints', out('bad2.json')])
    expect(r2.code).toBe(2)
    expect(r2.stderr).toMatch(/nope/)
  })
})

const enforcing = defaultRegistry.synthesizers.filter(
  (s) => s.capabilities.constraints && s.capabilities.input === 'table' && !s.capabilities.differentiallyPrivate,
)

describe('synthkit fit discovers and enforces; sample, evaluate and gate honour it', () => {
  it('covers every method that enforces constraints', () => {
    expect(enforcing.map((s) => s.method).sort()).toEqual(['bayesnet', 'copula'])
  })

  for (const s of enforcing) {
    it(`${s.method}: the model records each rule with its source; every sampled row satisfies every enforced rule`, async () => {
      const model = out(`${s.method}.model.json`)
      const fit = await runMain([
        'fit',
        '--data',
        planted,
        '--method',
        s.method,
        '--out',
        model,
        '--seed',
        '3',
        '--card',
        out(`${s.method}.card.md`),
      ])
      expect(fit.code).toBe(0)
      expect(fit.stderr).toMatch(/constraints: \d+ discovered in [\d.]+ s, 0 declared; \d+ enforced in sampling/)
      expect(fit.stderr).toContain('enforced  discovered  airport determines state')
      const file = JSON.parse(readFileSync(model, 'utf8'))
      expect(file.constraints.discovery).toBe('on')
      const enforced: Constraint[] = file.constraints.records
        .filter((r: { enforced: boolean }) => r.enforced)
        .map((r: { constraint: Constraint }) => r.constraint)
      expect(new Set(enforced.map((c) => c.type))).toEqual(
        new Set(['functionalDependency', 'conditional', 'missingTogether', 'inequality']),
      )
      expect(file.constraints.records.every((r: { source: string }) => r.source === 'discovered')).toBe(true)
      expect(readFileSync(out(`${s.method}.card.md`), 'utf8')).toContain('## Constraints')

      const synthetic = out(`${s.method}.csv`)
      expect((await runMain(['sample', '--model', model, '--rows', '5000', '--out', synthetic, '--seed', '4'])).code).toBe(0)
      const { table } = await loadTable(synthetic)
      const report = checkConstraints(table, enforced)
      expect(report.constraints.map((c) => [c.name, c.failingCount])).toEqual(enforced.map((_, i) => [report.constraints[i]!.name, 0]))
      expect(table.nRows).toBe(5000)

      const ev = await runMain([
        'evaluate',
        '--real',
        planted,
        '--synthetic',
        synthetic,
        '--model',
        model,
        '--json',
        out(`${s.method}.eval.json`),
      ])
      expect(ev.code).toBe(0)
      expect(ev.stdout).toMatch(/constraints \(the model file \(its enforced constraints\)\): \d+ checked, 0 broken by synthetic rows/)
      const json = JSON.parse(readFileSync(out(`${s.method}.eval.json`), 'utf8'))
      expect(json.diagnostic.constraints).toHaveLength(enforced.length)
      expect(
        json.diagnostic.constraints.every(
          (c: { syntheticValidRate: number; realValidRate: number }) => c.syntheticValidRate === 1 && c.realValidRate === 1,
        ),
      ).toBe(true)
      const gate = await runMain(['gate', '--real', planted, '--synthetic', synthetic, '--min-constraint-validity', '1'])
      expect(gate.code).toBe(0)
    }, 120_000)
  }

  it('--no-discover: nothing discovered or enforced, and the copula then breaks the dependency; gate fails on it', async () => {
    const model = out('off.model.json')
    const fit = await runMain(['fit', '--data', planted, '--out', model, '--seed', '3', '--no-discover'])
    expect(fit.code).toBe(0)
    expect(fit.stderr).toBe('')
    const file = JSON.parse(readFileSync(model, 'utf8'))
    expect(file.constraints).toEqual({ discovery: 'off (--no-discover)', excludedRows: 0, records: [] })
    expect((await runMain(['sample', '--model', model, '--rows', '3000', '--out', out('off.csv'), '--seed', '4'])).code).toBe(0)
    const gate = await runMain(['gate', '--real', planted, '--synthetic', out('off.csv'), '--min-constraint-validity', '1'])
    expect(gate.code).toBe(1)
    expect(gate.stderr).toMatch(/lowest constraint validity [\d.]+% is below 100\.0%/)
  }, 120_000)

  it('--constraints: declared rules are enforced, override a discovered one, and the violating training rows are left out', async () => {
    plantedCsv(out('broken.csv'), 1, [99, 700])
    writeFileSync(
      out('user.json'),
      JSON.stringify({ constraints: [{ type: 'functionalDependency', determinant: ['airport'], dependent: 'state' }] }),
    )
    const model = out('user.model.json')
    const fit = await runMain([
      'fit',
      '--data',
      out('broken.csv'),
      '--out',
      model,
      '--seed',
      '3',
      '--constraints',
      out('user.json'),
      '--card',
      out('user.card.md'),
    ])
    expect(fit.code).toBe(0)
    expect(fit.stderr).toContain('2 training rows left out for violating one')
    const file = JSON.parse(readFileSync(model, 'utf8'))
    const user = file.constraints.records.filter((r: { source: string }) => r.source === 'user')
    expect(user).toEqual([
      expect.objectContaining({ source: 'user', enforced: true, violations: 2, excludedRows: 2, violatingRows: [100, 701] }),
    ])
    // the learned mapping is the planted one: the two broken rows do not change it
    expect(user[0].constraint.mapping.every(([a, st]: [string, string]) => st === stateOf(a))).toBe(true)
    expect(file.constraints.excludedRows).toBe(2)
    expect(file.lineage.rows).toBe(N - 2)
    const discoveredFd = file.constraints.records.find(
      (r: { source: string; constraint: Constraint }) =>
        r.source === 'discovered' && r.constraint.type === 'functionalDependency' && r.constraint.dependent === 'state',
    )
    expect(discoveredFd).toMatchObject({ enforced: false, reason: 'overridden by a declared constraint' })
    const card = JSON.parse(readFileSync(out('user.card.json'), 'utf8'))
    expect(card.constraints.excludedRows).toBe(2)
    expect(card.constraints.list).toContainEqual(expect.objectContaining({ source: 'user', excludedRows: 2, violations: 2 }))
  }, 120_000)

  it('does not enforce a dependency on an id column (samplers generate ids afresh), and says why', async () => {
    const rng = createRng(8)
    const rows = ['account,tier,spend']
    for (let i = 0; i < 800; i++)
      rows.push(`A${Math.floor(i / 4)},${['bronze', 'silver', 'gold'][(Math.floor(i / 4) * 7) % 3]},${Math.round(rng.next() * 900)}`)
    writeFileSync(out('accounts.csv'), `${rows.join('\n')}\n`)
    const model = out('accounts.model.json')
    const fit = await runMain(['fit', '--data', out('accounts.csv'), '--id', 'account', '--out', model, '--seed', '1'])
    expect(fit.code).toBe(0)
    const records = JSON.parse(readFileSync(model, 'utf8')).constraints.records
    expect(records).toContainEqual(
      expect.objectContaining({
        source: 'discovered',
        enforced: false,
        constraint: expect.objectContaining({ type: 'functionalDependency', determinant: ['account'], dependent: 'tier' }),
        reason: expect.stringMatching(/id column/),
      }),
    )
    expect((await runMain(['sample', '--model', model, '--rows', '500', '--out', out('accounts.syn.csv'), '--seed', '2'])).code).toBe(0)
  }, 120_000)

  it('a differentially private fit skips discovery (it would read the data without noise)', async () => {
    const schema = out('dp.schema.json')
    expect((await runMain(['infer', '--data', planted, '--out', schema, '--with-categories'])).code).toBe(0)
    const args = ['fit', '--data', planted, '--schema', schema, '--method', 'privbayes', '--epsilon', '1', '--degree', '1', '--seed', '3']
    const fit = await runMain([...args, '--out', out('dp.model.json')])
    expect(fit.code).toBe(0)
    expect(JSON.parse(readFileSync(out('dp.model.json'), 'utf8')).constraints).toEqual({
      discovery: 'skipped: a differentially private fit (discovery reads the data without noise; declare rules with --constraints)',
      records: [],
    })
    // declared constraints still hold, without counts (they would be released without noise)
    writeFileSync(out('dp.rules.json'), JSON.stringify([{ type: 'inequality', low: 'built', high: 'sold' }]))
    const declared = await runMain([...args, '--out', out('dp2.model.json'), '--constraints', out('dp.rules.json')])
    expect(declared.code).toBe(0)
    expect(declared.stderr).toContain('enforced  declared    inequality(built <= sold)')
    expect(JSON.parse(readFileSync(out('dp2.model.json'), 'utf8')).constraints.records).toEqual([
      {
        constraint: { type: 'inequality', low: 'built', high: 'sold' },
        source: 'user',
        description: 'inequality(built <= sold)',
        enforced: true,
      },
    ])
  }, 120_000)
})

describe('synthkit constraints usage errors', () => {
  it('names the full subcommand in the hint', async () => {
    const r = await runMain(['constraints', 'check', planted])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('(see synthkit constraints check --help)')
  })
})
