import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, describe, expect, it } from 'vitest'
import { lines, runCli, tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)

describe('synthkit demo', () => {
  it('runs the whole pipeline on the bundled data and writes the synthetic CSV, report and card', () => {
    const r = runCli(['demo'], { cwd: tmp.dir, timeoutMs: 140_000 })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const out = lines(r.stdout)
    expect(out[0]).toMatch(/^1\/5 schema\s+7,043 rows × 20 columns/)
    expect(out.find((l) => l.startsWith('4/5 evaluate'))).toMatch(/quality \d+\.\d%/)
    const dir = join(tmp.dir, 'synthkit-demo')
    for (const f of ['synthetic.csv', 'report.html', 'card.md', 'card.json', 'model.json', 'schema.json'])
      expect(existsSync(join(dir, f))).toBe(true)
    const records: string[][] = parse(readFileSync(join(dir, 'synthetic.csv'), 'utf8'))
    expect(records).toHaveLength(7044)
    const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8'))
    expect(card.purpose).toMatch(/Demonstration/)
    expect(card.seed).toBe(42)
    expect(card.generator.method).toBe('copula')
    expect(card.quality.score).toBeGreaterThan(0.8)
    expect(card.real.sha256).toMatch(/^[0-9a-f]{64}$/)
    const report = readFileSync(join(dir, 'report.html'), 'utf8')
    expect(report).toContain('synthkit demo: telco churn')
    // the attacks on the held-out fifth: their section, with the DCR histogram and the ROC curves
    expect(report).toContain('<section id="privacy">')
    expect(report).toContain('"description":"Membership inference ROC curves"')
  }, 150_000) // the whole demo with the attacks in a child process, while other packages test in parallel
})
