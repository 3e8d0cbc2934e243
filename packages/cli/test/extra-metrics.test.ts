import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRng } from '@synthkit/core'
import { detection, fairness, mlEfficacy, pmse } from '@synthkit/metrics'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { loadTable } from '../src/index'
import { runMain, tempDir } from './helpers'

const { dir, cleanup } = tempDir('synthkit-extra-metrics-')
afterAll(cleanup)
const real = dataPath('penguins')
const synthetic = join(dir, 'synthetic.csv')

beforeAll(async () => {
  const model = join(dir, 'model.json')
  expect((await runMain(['fit', '--data', real, '--seed', '1', '--out', model])).code).toBe(0)
  expect((await runMain(['sample', '--model', model, '--rows', '344', '--seed', '2', '--out', synthetic])).code).toBe(0)
}, 120_000)

describe('evaluate --detection --pmse --ml-efficacy --fairness', () => {
  it('reports each metric in the terminal, the JSON and the HTML report, as the library computes them', async () => {
    const json = join(dir, 'report.json')
    const html = join(dir, 'report.html')
    const flags = ['--detection', '--pmse', '--ml-efficacy', '--target', 'Species', '--fairness', '--sensitive', 'Sex,Island']
    const r = await runMain(['evaluate', '--real', real, '--synthetic', synthetic, ...flags, '--json', json, '--html', html])
    expect(r.code, r.stderr).toBe(0)
    for (const row of [/Detection\s+\d+\.\d%/, /pMSE\s+\d/, /ML efficacy \(Species\)\s+\d+\.\d%/, /Fairness gap\s+\d+\.\d%/])
      expect(r.stdout).toMatch(row)
    // the same numbers as calling @synthkit/metrics directly with the CLI's schema and seeds (default seed 0)
    const realT = await loadTable(real)
    const synT = await loadTable(synthetic, { schema: realT.schema })
    const schema = realT.schema
    const rng = createRng(0)
    const streams = { detection: rng.split(), ml: rng.split() }
    const report = JSON.parse(readFileSync(json, 'utf8'))
    expect(report.metrics.detection.score).toBe(detection(realT.table, synT.table, { schema, rng: streams.detection }).score)
    expect(report.metrics.pmse.pMSE).toBe(pmse(realT.table, synT.table, { schema }).pMSE)
    const ml = mlEfficacy(realT.table, synT.table, { schema, rng: streams.ml, target: 'Species' })
    expect(report.metrics.mlEfficacy.score).toBe(ml.score)
    expect(report.metrics.mlEfficacy.task).toBe('classification')
    const f = fairness(realT.table, synT.table, { schema, sensitive: ['Sex', 'Island'], outcome: { column: 'Species' } })
    expect(report.metrics.fairness.columns.map((c: { column: string }) => c.column)).toEqual(['Sex', 'Island'])
    expect(report.metrics.fairnessGap).toBe(Math.max(...f.columns.map((c) => Math.max(c.representationGap, c.maxRateGap ?? 0))))
    const page = readFileSync(html, 'utf8')
    expect(page).toContain('<h3>More metrics</h3>')
    expect(page).toContain('ML efficacy (Species)')
  }, 120_000)

  it('refuses --ml-efficacy without --target and an unknown target, before reading the data', async () => {
    const noTarget = await runMain(['evaluate', '--real', real, '--synthetic', synthetic, '--ml-efficacy'])
    expect(noTarget.code).toBe(2)
    expect(noTarget.stderr).toContain('--ml-efficacy needs --target COL')
    const unknown = await runMain(['evaluate', '--real', real, '--synthetic', synthetic, '--ml-efficacy', '--target', 'Wings'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('--target Wings: no such column')
  }, 60_000)
})

describe('gate thresholds on the opt-in metrics', () => {
  it('passes attainable thresholds and fails impossible ones, naming each measured value and flag', async () => {
    const base = ['gate', '--real', real, '--synthetic', synthetic, '--target', 'Species', '--sensitive', 'Sex']
    const pass = await runMain([...base, '--min-detection', '0', '--max-pmse', '0.25', '--min-ml-efficacy', '0', '--max-fairness-gap', '1'])
    expect(pass.code, pass.stderr).toBe(0)
    expect(pass.stdout).toMatch(/detection score .* pass/)
    expect(pass.stdout).toContain('gate passed: 4 checks')
    const fail = await runMain([...base, '--min-detection', '1', '--max-fairness-gap', '0'])
    expect(fail.code).toBe(1)
    expect(fail.stderr).toMatch(/detection score \d+\.\d+% is below 100\.0% \(--min-detection\)/)
    expect(fail.stderr).toMatch(/largest fairness gap \d+\.\d+% is above 0\.0% \(--max-fairness-gap\)/)
  }, 120_000)

  it('--min-ml-efficacy needs --target', async () => {
    const r = await runMain(['gate', '--real', real, '--synthetic', synthetic, '--min-ml-efficacy', '0.5'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--ml-efficacy needs --target COL')
  })
})
