// gate --baseline against a previous release's card, and drift between two versions of the real data.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRng, shuffleInPlace } from '@synthkit/core'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { csvField } from '../src/index'
import { dataPath } from '../../../testing/data'
import { runMain, tempDir } from './helpers'

const tmp = tempDir('synthkit-gate-')
afterAll(tmp.cleanup)
const at = (f: string) => join(tmp.dir, f)

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parse(readFileSync(path, 'utf8')) as string[][]
  return { header, rows }
}
function writeCsv(path: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  writeFileSync(path, `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\n')}\n`)
  return path
}

describe('synthkit gate --baseline', () => {
  const real = dataPath('penguins')
  beforeAll(async () => {
    const fit = await runMain(['fit', '--data', real, '--out', at('m.json'), '--seed', '4'])
    if (fit.code !== 0) throw new Error(fit.stderr)
    await runMain(['sample', '--model', at('m.json'), '--rows', '344', '--seed', '9', '--out', at('good.csv')])
    const card = await runMain(['card', '--real', real, '--synthetic', at('good.csv'), '--model', at('m.json'), '--out', at('baseline.md')])
    if (card.code !== 0) throw new Error(card.stderr)
  })

  it('passes a candidate as good as the baseline (a new sample of the same model)', async () => {
    await runMain(['sample', '--model', at('m.json'), '--rows', '344', '--seed', '10', '--out', at('next.csv')])
    const r = await runMain(['gate', '--real', real, '--synthetic', at('next.csv'), '--baseline', at('baseline.json')])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/overall quality vs baseline \d+\.\d%/)
    expect(r.stdout).toMatch(/gate passed: \d+ checks/)
  })

  it('fails a deliberately degraded candidate: every column shuffled on its own breaks the pair trends', async () => {
    const { header, rows } = readCsv(at('good.csv'))
    const rng = createRng(1)
    const columns = header.map((_, j) =>
      shuffleInPlace(
        rng,
        rows.map((r) => r[j]),
      ),
    )
    const degraded = writeCsv(
      at('degraded.csv'),
      header,
      rows.map((_, i) => header.map((__, j) => columns[j][i])),
    )
    const r = await runMain(['gate', '--real', real, '--synthetic', degraded, '--baseline', at('baseline.json')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/gate failed: .*Column Pair Trends vs baseline [\d.]+% [\d.]+% is below [\d.]+% \(--max-quality-drop\)/)
    // a looser threshold lets the same candidate through: the threshold is what decides
    const loose = await runMain([
      'gate',
      '--real',
      real,
      '--synthetic',
      degraded,
      '--baseline',
      at('baseline.json'),
      '--max-quality-drop',
      '1',
    ])
    expect(loose.code).toBe(0)
  })

  it('fails when the schema changed: a column removed, and a column retyped', async () => {
    const { header, rows } = readCsv(real)
    const drop = header.indexOf('Sex')
    const keep = (r: readonly string[]) => r.filter((_, j) => j !== drop)
    const realLess = writeCsv(at('real-less.csv'), keep(header), rows.map(keep))
    const syn = readCsv(at('good.csv'))
    const synLess = writeCsv(at('syn-less.csv'), keep(syn.header), syn.rows.map(keep))
    const r = await runMain([
      'gate',
      '--real',
      realLess,
      '--synthetic',
      synLess,
      '--baseline',
      at('baseline.json'),
      '--max-quality-drop',
      '1',
    ])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('schema changed since the baseline: column "Sex" (categorical) removed')
    expect(r.stderr).toMatch(/the schema changed since the baseline/)
    const mass = header.indexOf('Body Mass (g)')
    const words = (rs: string[][]) => rs.map((row) => row.map((v, j) => (j === mass && v !== '' ? `w${v}` : v)))
    const retypedReal = writeCsv(at('real-retyped.csv'), header, words(rows))
    const retypedSyn = writeCsv(at('syn-retyped.csv'), syn.header, words(syn.rows))
    const t = await runMain([
      'gate',
      '--real',
      retypedReal,
      '--synthetic',
      retypedSyn,
      '--baseline',
      at('baseline.json'),
      '--max-quality-drop',
      '1',
    ])
    expect(t.code).toBe(1)
    expect(t.stdout).toMatch(/column "Body Mass \(g\)" retyped: numerical → (categorical|text)/)
  })
})

describe('synthkit gate --baseline with constraints', () => {
  it('fails when constraint validity drops below the baseline card’s', async () => {
    const real = dataPath('penguins')
    await runMain(['infer', '--data', real, '--out', at('schema.json')])
    const schema = JSON.parse(readFileSync(at('schema.json'), 'utf8'))
    // in every real penguin the beak is longer than it is deep
    schema.constraints = [{ type: 'inequality', low: 'Beak Depth (mm)', high: 'Beak Length (mm)' }]
    writeFileSync(at('schema.json'), JSON.stringify(schema))
    const fit = await runMain(['fit', '--data', real, '--schema', at('schema.json'), '--out', at('c.json'), '--seed', '3'])
    // stderr carries the constraint summary of the fit, never an error or a warning
    expect(fit.stderr).not.toMatch(/error|warning/i)
    await runMain(['sample', '--model', at('c.json'), '--rows', '344', '--seed', '1', '--out', at('c.csv')])
    const args = ['--real', real, '--synthetic', at('c.csv'), '--schema', at('schema.json')]
    expect((await runMain(['card', ...args, '--out', at('c-base.md')])).code).toBe(0)
    expect(JSON.parse(readFileSync(at('c-base.json'), 'utf8')).diagnostic.constraintValidity).toBe(1)
    // swap length and depth in every tenth row: 10 % of the rows now break the inequality
    const { header, rows } = readCsv(at('c.csv'))
    const [d, l] = [header.indexOf('Beak Depth (mm)'), header.indexOf('Beak Length (mm)')]
    const broken = rows.map((r, i) =>
      i % 10 === 0 && r[d] !== '' && r[l] !== '' ? r.map((v, j) => (j === d ? r[l] : j === l ? r[d] : v)) : r,
    )
    const candidate = writeCsv(at('c-broken.csv'), header, broken)
    const gate = (synthetic: string) =>
      runMain([
        'gate',
        '--real',
        real,
        '--synthetic',
        synthetic,
        '--schema',
        at('schema.json'),
        '--baseline',
        at('c-base.json'),
        '--max-quality-drop',
        '1',
      ])
    expect((await gate(at('c.csv'))).code).toBe(0)
    const r = await gate(candidate)
    expect(r.code).toBe(1)
    const swapped = broken.filter((row, i) => row !== rows[i]).length
    const validity = (100 * (1 - swapped / rows.length)).toFixed(1)
    expect(r.stderr).toContain(`constraint validity vs baseline 100.0% ${validity}% is below 99.0% (--max-validity-drop)`)
  })
})

describe('synthkit drift', () => {
  // telco_churn has 7,043 rows: two random halves of ~3,500 rows. Under one distribution the KS statistic of two
  // samples of n = 3,521 exceeds 0.05 with probability ≈ 2·exp(−2·(0.05/√(2/n))²) ≈ 3·10⁻⁴ per column (Kolmogorov's
  // limit), so "every drift < 0.05" is a safe bound at a fixed seed; a shift of a whole category or of 20 months of
  // tenure moves the distribution far more.
  const telco = dataPath('telco_churn')
  const { header, rows } = readCsv(telco)
  const order = shuffleInPlace(
    createRng(7),
    Int32Array.from({ length: rows.length }, (_, i) => i),
  )
  const half = rows.length >> 1
  const a = writeCsv(
    at('v1.csv'),
    header,
    [...order.slice(0, half)].map((i) => rows[i]),
  )
  const bRows = [...order.slice(half)].map((i) => rows[i])
  const b = writeCsv(at('v2.csv'), header, bRows)

  it('finds near-zero drift between two random halves of a real dataset', async () => {
    const r = await runMain(['drift', '--from', a, '--to', b, '--json', at('drift.json')])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const { columns } = JSON.parse(readFileSync(at('drift.json'), 'utf8'))
    expect(columns.length).toBeGreaterThanOrEqual(15)
    for (const c of columns)
      if (c.drift !== null) expect({ column: c.column, small: c.drift < 0.05 }).toEqual({ column: c.column, small: true })
  })

  it('finds the drift of a shifted version, per column, and fails past the threshold', async () => {
    const tenure = header.indexOf('tenure')
    const contract = header.indexOf('contract')
    const shifted = bRows.map((r) =>
      r.map((v, j) => (j === tenure ? String(Number(v) + 20) : j === contract && v === 'Month-to-month' ? 'Two year' : v)),
    )
    const c = writeCsv(at('v2-shifted.csv'), header, shifted)
    const r = await runMain(['drift', '--from', a, '--to', c, '--json', at('drift2.json')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/drift above 0\.1 in 2 columns: tenure [\d.]+, contract [\d.]+ \(--max-drift\)/)
    const byName = Object.fromEntries(
      JSON.parse(readFileSync(at('drift2.json'), 'utf8')).columns.map((d: { column: string }) => [d.column, d]),
    )
    expect(byName.tenure).toMatchObject({ metric: 'KSComplement' })
    expect(byName.tenure.drift).toBeGreaterThan(0.2)
    expect(byName.contract).toMatchObject({ metric: 'TVComplement' })
    // TV distance of the shift is the share of month-to-month contracts (about 55% in telco_churn)
    expect(byName.contract.drift).toBeGreaterThan(0.45)
    expect(byName.female.drift).toBeLessThan(0.05)
    expect((await runMain(['drift', '--from', a, '--to', c, '--max-drift', '0.99'])).code).toBe(0)
  })

  it('reports added and removed columns as a schema change', async () => {
    const less = writeCsv(
      at('v2-less.csv'),
      [...header.filter((h) => h !== 'female'), 'region'],
      bRows.map((r) => [...r.filter((_, j) => header[j] !== 'female'), r[0] === 'Yes' ? 'north' : 'south']),
    )
    const r = await runMain(['drift', '--from', a, '--to', less])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('schema changed: column "female" (categorical) removed')
    expect(r.stdout).toContain('schema changed: column "region" (categorical) added')
  })
})
