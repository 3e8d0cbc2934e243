import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRng, slice } from '@synthkit/core'
import { shuffleColumns } from '@synthkit/metrics'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTable, writeTable } from '../src/index'
import { dataPath, referencePath } from '../../../testing/data'
import { lines, runCli, runMain, tempDir } from './helpers'

// Stand-ins with known properties, so the expected verdicts do not come from the code under test:
// `shuffled` keeps the values of its 20,000 rows (Column Shapes ≈ 1 against all 48,842) but breaks pair trends and copies (almost) no row;
// `copies` is a slice of the real rows (every row copied).
const tmp = tempDir()
const real = dataPath('adult')
const telco = dataPath('telco_churn')
const shuffled = join(tmp.dir, 'shuffled.csv')
const copies = join(tmp.dir, 'copies.parquet')
afterAll(tmp.cleanup)
beforeAll(async () => {
  const { table, schema } = await loadTable(real)
  await writeTable(shuffled, schema, [shuffleColumns(slice(table, 0, 20_000), createRng(3))])
  await writeTable(copies, schema, [slice(table, 100, 5100)])
})

// SDV's GaussianCopula output for telco_churn with SDMetrics 0.14's own scores of it: a known answer.
const sdvSynthetic = referencePath('sdmetrics/telco_churn.sdv-synthetic.csv')
const sdv = JSON.parse(readFileSync(referencePath('sdmetrics/telco_churn.sdv.json'), 'utf8')) as {
  quality: number
  properties: Record<string, number>
}

describe('synthkit evaluate', () => {
  it("scores SDV's synthetic telco_churn as SDMetrics does (known answer, 1e-6)", () => {
    const json = join(tmp.dir, 'sdv.json')
    const r = runCli(['evaluate', '--real', dataPath('telco_churn'), '--synthetic', sdvSynthetic, '--json', json])
    expect(r.code).toBe(0)
    const report = JSON.parse(readFileSync(json, 'utf8'))
    expect(report.quality.score).toBeCloseTo(sdv.quality, 6)
    expect(report.quality.properties[0].score).toBeCloseTo(sdv.properties['Column Shapes'], 6)
    expect(report.quality.properties[1].score).toBeCloseTo(sdv.properties['Column Pair Trends'], 6)
    expect(r.stdout).toContain(`Overall quality        ${(sdv.quality * 100).toFixed(1)}%`)
  })

  it('prints the scores and writes JSON, HTML and the card', () => {
    const out = (f: string) => join(tmp.dir, f)
    const r = runCli([
      'evaluate',
      '--real',
      real,
      '--synthetic',
      shuffled,
      '--json',
      out('r.json'),
      '--html',
      out('r.html'),
      '--card',
      out('card.md'),
      '--purpose',
      'e2e test',
    ])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Column Shapes\s+99\.\d%/)
    const json = JSON.parse(readFileSync(out('r.json'), 'utf8'))
    expect(json.quality.columnShapes).toHaveLength(15)
    expect(json.quality.properties[1].score).toBeLessThan(0.95) // the shuffle broke the pair trends
    expect(readFileSync(out('r.html'), 'utf8')).toMatch(/^<!doctype html>/)
    const card = JSON.parse(readFileSync(out('card.json'), 'utf8'))
    expect(card.purpose).toBe('e2e test')
    expect(card.real.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(card.real.rows).toBe(48_842)
    expect(card.synthetic.rows).toBe(20_000)
    expect(readFileSync(out('card.md'), 'utf8')).toContain('## Known limitations')
  })
})

describe('synthkit gate', () => {
  it("passes SDV's telco_churn output at --min-quality 0.90 (SDMetrics scores it 0.9328)", () => {
    const r = runCli([
      'gate',
      '--real',
      dataPath('telco_churn'),
      '--synthetic',
      sdvSynthetic,
      '--min-quality',
      '0.90',
      '--max-copy-rate',
      '0',
    ])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('gate passed: 2 checks')
  })

  it("fails SDV's telco_churn output at --min-quality 0.95, saying by how much", () => {
    const r = runCli(['gate', '--real', dataPath('telco_churn'), '--synthetic', sdvSynthetic, '--min-quality', '0.95'])
    expect(r.code).toBe(1)
    expect(lines(r.stderr)).toEqual([
      `synthkit: gate failed: overall quality ${(sdv.quality * 100).toFixed(1)}% is below 95.0% (--min-quality)`,
    ])
  })

  it('fails with exit 1 and names the threshold when the quality is too low', () => {
    const r = runCli(['gate', '--real', real, '--synthetic', shuffled, '--min-quality', '0.6', '--min-pair-trends', '0.99'])
    expect(r.code).toBe(1)
    expect(lines(r.stderr)).toEqual([
      expect.stringMatching(/^synthkit: gate failed: Column Pair Trends [\d.]+% is below 99\.0% \(--min-pair-trends\)$/),
    ])
    expect(r.stdout).toMatch(/Column Pair Trends.*FAIL/)
  })

  it('fails when synthetic rows copy real rows, read from Parquet', () => {
    const r = runCli(['gate', '--real', real, '--synthetic', copies, '--max-new-row-rate', '0'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/copied-row rate 100\.0% is above 0\.0%/)
  })

  it('refuses to run without a threshold, or with a threshold outside 0..1', async () => {
    const none = await runMain(['gate', '--real', real, '--synthetic', shuffled])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/at least one threshold/)
    const bad = await runMain(['gate', '--real', real, '--synthetic', shuffled, '--min-quality', '85'])
    expect(bad.code).toBe(2)
    expect(lines(bad.stderr)).toEqual([expect.stringMatching(/--min-quality.*expected a number between 0 and 1, got "85"/)])
  })
})

describe('synthkit card', () => {
  it('writes the Markdown card and its JSON twin', () => {
    const r = runCli([
      'card',
      '--real',
      real,
      '--synthetic',
      shuffled,
      '--out',
      join(tmp.dir, 'adult-card.json'),
      '--title',
      'Adult, shuffled',
    ])
    expect(r.code).toBe(0)
    const card = JSON.parse(readFileSync(join(tmp.dir, 'adult-card.json'), 'utf8'))
    expect(card.title).toBe('Adult, shuffled')
    expect(card.schema.columns.find((c: { name: string }) => c.name === 'native_country').details).toBe('41 categories in the real data')
    expect(readFileSync(join(tmp.dir, 'adult-card.md'), 'utf8')).toMatch(/^# Adult, shuffled/)
  })
})

describe('bad input to evaluate', () => {
  it('reports synthetic data that do not match the real schema, naming row, line and column', () => {
    const bad = join(tmp.dir, 'bad.csv')
    const text = readFileSync(shuffled, 'utf8').split('\n').slice(0, 6)
    const header = text[0].split(',')
    const ageAt = header.indexOf('age')
    const row = text[3].split(',')
    row[ageAt] = 'old'
    text[3] = row.join(',')
    writeFileSync(bad, `${text.join('\n')}\n`)
    const html = join(tmp.dir, 'bad-report.html')
    const r = runCli(['evaluate', '--real', real, '--synthetic', bad, '--html', html])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toEqual([
      expect.stringMatching(
        /bad\.csv does not match the schema of .*adult\.csv: row 3 \(line 4\), column "age": expected a number, got "old"/,
      ),
    ])
    expect(existsSync(html)).toBe(false)
  })

  it('reports a synthetic file that lacks a column', async () => {
    const missing = join(tmp.dir, 'missing-col.csv')
    writeFileSync(missing, 'age,workclass\n39,Private\n')
    const r = await runMain(['evaluate', '--real', real, '--synthetic', missing])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/missing-col\.csv does not match .*columns .*"fnlwgt".* missing from the data/)
  })

  it('refuses an unwritable report path before evaluating, leaving nothing behind', () => {
    const before = readdirSync(tmp.dir).sort()
    const r = runCli(['evaluate', '--real', real, '--synthetic', shuffled, '--html', join(tmp.dir, 'no', 'such', 'dir', 'r.html')])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toHaveLength(1)
    expect(r.stderr).toMatch(/cannot write .*r\.html: the folder .* does not exist/)
    expect(readdirSync(tmp.dir).sort()).toEqual(before)
  })

  it('reports a schema file that is not valid', async () => {
    const schema = join(tmp.dir, 'bad-schema.json')
    writeFileSync(schema, JSON.stringify({ columns: [{ name: 'age', kind: 'number' }] }))
    const r = await runMain(['evaluate', '--real', real, '--synthetic', shuffled, '--schema', schema])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/bad-schema\.json: invalid schema: columns\.0/)])
  })
})
