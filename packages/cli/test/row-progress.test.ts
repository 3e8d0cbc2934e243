import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { formatDuration, progressLine, tableRowsProgress } from '../src/terminal/row-progress'
import { BIN, tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)

const expected = { customers: { rows: 1_000_000, exact: true }, orders: { rows: 2_300_000, exact: false } }

describe('the multi-table progress line', () => {
  it('shows rows per table (~ for estimates), the share done, the rate and ETA = elapsed × (1 − share) / share', () => {
    const done = new Map([
      ['customers', 100_000],
      ['orders', 230_000],
    ])
    // 330,000 of 3,300,000 rows (10 %) in 10 s: 33,000 rows/s, 90 s to go
    expect(progressLine('generating', expected, done, 10_000)).toBe(
      'generating customers 100,000/1,000,000 · orders 230,000/~2,300,000 · 10% · 33,000 rows/s · ETA 1m 30s',
    )
    expect(progressLine('generating', expected, new Map(), 0)).toBe('generating customers 0/1,000,000 · orders 0/~2,300,000')
  })

  it('keeps the share below 100 % when an estimated table outgrows its estimate', () => {
    const done = new Map([
      ['customers', 1_000_000],
      ['orders', 2_400_000],
    ])
    expect(progressLine('g', expected, done, 60_000)).toMatch(/ 99% · .* ETA 0s$/)
  })

  it('formats durations as seconds, minutes and seconds, or hours and minutes', () => {
    expect([formatDuration(0), formatDuration(42.4), formatDuration(65), formatDuration(3600 + 125)]).toEqual([
      '0s',
      '42s',
      '1m 05s',
      '1h 02m',
    ])
  })

  it('redraws in place at most every interval, cuts the line to the terminal width, and clears it on stop', () => {
    const writes: string[] = []
    let now = 0
    const p = tableRowsProgress({
      expected,
      interactive: true,
      write: (t) => writes.push(t),
      clock: () => now,
      columns: 75,
      intervalMs: 100,
    })
    p.advance('customers', 4096)
    now = 50
    p.advance('orders', 9000) // within the interval: not drawn
    now = 150
    p.advance('customers', 4096)
    p.stop()
    expect(writes).toHaveLength(3)
    for (const w of writes.slice(0, 2)) {
      expect(w.startsWith('\r\x1b[2K')).toBe(true)
      expect(w.length - 5).toBeLessThanOrEqual(75)
    }
    expect(writes[1]).toContain('customers 8,192/1,000,000 · orders 9,000/~2,300,000')
    expect(writes[1].endsWith('…')).toBe(true)
    expect(writes[2]).toBe('\r\x1b[2K')
  })

  it('draws nothing when stderr is not a terminal, or with --quiet', () => {
    for (const o of [{ interactive: false }, { interactive: true, quiet: true }]) {
      const writes: string[] = []
      const p = tableRowsProgress({ expected, ...o, write: (t) => writes.push(t), clock: () => 1e6 })
      p.advance('customers', 10)
      p.stop()
      expect(writes).toEqual([])
    }
  })
})

// `script` runs the CLI on a pseudo-terminal: the only way to see what a person at a terminal sees
const SCRIPT = '/usr/bin/script'
describe.skipIf(!existsSync(SCRIPT))('synthkit generate on a terminal', () => {
  const spec = join(tmp.dir, 'spec.yaml')
  writeFileSync(
    spec,
    `tables:
  customers:
    rows: 60000
    key: id
    fields: { id: { type: sequence }, name: { type: faker, method: person.fullName } }
  orders:
    parent: { table: customers, count: { type: poisson, lambda: 2 } }
    fields: { customer_id: { type: parent, field: id } }
`,
  )
  const onTerminal = (extra: string[]) => {
    const env = { ...process.env }
    delete env.CI
    const command = [process.execPath, BIN, 'generate', spec, '--out', join(tmp.dir, 'out'), '--seed', '1', ...extra].join(' ')
    const r = spawnSync(SCRIPT, ['-qec', command, '/dev/null'], { encoding: 'utf8', env, timeout: 60_000 })
    return { code: r.status, text: r.stdout }
  }

  it('draws rows per table with an ETA on stderr, then clears it for the summary', () => {
    const r = onTerminal(['--chunk-rows', '2000'])
    expect(r.code).toBe(0)
    expect(r.text).toMatch(/generating customers [\d,]+\/60,000 · orders [\d,]+\/~120,000 · \d+% · [\d,]+ rows\/s · ETA \d+/)
    expect(r.text).toMatch(/\r\x1b\[2Kgenerated [\d,]+ rows in 2 tables/)
  })

  it('prints nothing with --quiet', () => {
    const r = onTerminal(['--quiet'])
    expect(r.code).toBe(0)
    expect(r.text.trim()).toBe('')
  })
})
