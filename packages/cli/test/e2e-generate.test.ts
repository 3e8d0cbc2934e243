import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRawTable } from '../src/index'
import { dataPath } from '../../../testing/data'
import { BIN, lines, runCli, runMain, tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)
const telco = dataPath('telco_churn')
const model = join(tmp.dir, 'telco.model.json')
const out = (f: string) => join(tmp.dir, f)

beforeAll(() => {
  const r = runCli(['fit', '--data', telco, '--out', model, '--seed', '11'])
  if (r.code !== 0) throw new Error(`fit failed: ${r.stderr}`)
})

describe('synthkit fit', () => {
  it('writes the model with its lineage: the input hash, rows, seed and versions', () => {
    const file = JSON.parse(readFileSync(model, 'utf8'))
    expect(file.format).toBe('synthkit.model')
    expect(file.method).toBe('copula')
    expect(file.lineage.sha256).toBe(createHash('sha256').update(readFileSync(telco)).digest('hex'))
    expect(file.lineage.rows).toBe(7043)
    expect(file.lineage.columns).toBe(20)
    expect(file.lineage.seed).toBe(11)
    expect(file.lineage.versions['@synthkit/copula']).toMatch(/^\d+\.\d+\.\d+/)
    expect(file.model.format).toBe('synthkit.copula')
  })

  it('writes a lineage-only card with --card, naming what is not known yet', async () => {
    const r = await runMain([
      'fit',
      '--data',
      dataPath('penguins'),
      '--out',
      out('p.model.json'),
      '--card',
      out('p-card.md'),
      '--purpose',
      'teaching',
    ])
    expect(r.code).toBe(0)
    const card = JSON.parse(readFileSync(out('p-card.json'), 'utf8'))
    expect(card).toMatchObject({ purpose: 'teaching', synthetic: null, quality: null, generator: { method: 'copula' } })
    expect(card.real.rows).toBe(344)
    expect(card.limitations.join(' ')).toMatch(/not evaluated/)
  })

  it('refuses an unknown method, writing nothing', () => {
    const r = runCli(['fit', '--data', telco, '--method', 'gan', '--out', out('gan.json')])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toEqual(['synthkit: unknown method "gan"; available: copula, bayesnet, privbayes, rules'])
    expect(existsSync(out('gan.json'))).toBe(false)
  })
})

describe('synthkit sample', () => {
  it("streams the requested rows to CSV with the model's columns, reproducibly for a seed", async () => {
    const a = runCli(['sample', '--model', model, '--rows', '12345', '--out', out('a.csv'), '--seed', '5', '--chunk-rows', '1000'])
    expect(a.stderr).toBe('')
    expect(a.code).toBe(0)
    expect(a.stdout).toMatch(/sampled 12,345 rows in [\d.]+ s/)
    const records: string[][] = parse(readFileSync(out('a.csv'), 'utf8'))
    expect(records).toHaveLength(12_346)
    expect(records[0]).toEqual((parse(readFileSync(telco, 'utf8'), { to: 1 }) as string[][])[0])
    runCli(['sample', '--model', model, '--rows', '12345', '--out', out('b.csv'), '--seed', '5', '--chunk-rows', '1000'])
    await runMain(['sample', '--model', model, '--rows', '12345', '--out', out('c.csv'), '--seed', '6', '--chunk-rows', '1000'])
    // Same seed and chunk size → same bytes (the copula stratifies each chunk, so the chunk size is part of the
    // recipe); another seed → other rows.
    expect(readFileSync(out('b.csv'), 'utf8')).toBe(readFileSync(out('a.csv'), 'utf8'))
    expect(readFileSync(out('c.csv'), 'utf8')).not.toBe(readFileSync(out('a.csv'), 'utf8'))
  })

  it('writes Parquet that reads back with the schema, and a card with the sampling seed', async () => {
    const r = runCli(['sample', '--model', model, '--rows', '3000', '--out', out('s.parquet'), '--seed', '1', '--card', out('s-card.md')])
    expect(r.code).toBe(0)
    const raw = await readRawTable(out('s.parquet'))
    expect(raw.nRows).toBe(3000)
    expect(raw.embeddedSchema?.columns).toHaveLength(20)
    const card = JSON.parse(readFileSync(out('s-card.json'), 'utf8'))
    expect(card.sampling).toMatchObject({ rows: 3000, seed: 1 })
    expect(card.real.sha256).toBe(createHash('sha256').update(readFileSync(telco)).digest('hex'))
  })

  it('honours --where: a fixed category and a numeric range', () => {
    const r = runCli([
      'sample',
      '--model',
      model,
      '--rows',
      '2000',
      '--out',
      out('w.csv'),
      '--seed',
      '3',
      '--where',
      'contract=Two year',
      '--where',
      'tenure>=12',
      '--where',
      'tenure<=24',
    ])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const [header, ...rows]: string[][] = parse(readFileSync(out('w.csv'), 'utf8'))
    expect(rows).toHaveLength(2000)
    const contract = header.indexOf('contract')
    const tenure = header.indexOf('tenure')
    for (const row of rows) {
      expect(row[contract]).toBe('Two year')
      expect(Number(row[tenure])).toBeGreaterThanOrEqual(12)
      expect(Number(row[tenure])).toBeLessThanOrEqual(24)
    }
  })

  // [what, args, stderr, through the bin (else in-process via main, same code without the process start-up)]
  const bad: [string, string[], RegExp, boolean?][] = [
    ['--rows 0', ['--rows', '0'], /--rows <n>.*expected a whole number of rows ≥ 1, got "0"/, true],
    ['--rows -5', ['--rows', '-5'], /expected a whole number of rows ≥ 1, got "-5"/],
    ['--rows 1.5', ['--rows', '1.5'], /expected a whole number of rows ≥ 1, got "1.5"/],
    ['a missing model', ['--rows', '10', '--model', out('nope.json')], /nope\.json: no such model file/],
    ['a CSV given as the model', ['--rows', '10', '--model', telco], /not valid JSON/],
    ['an unknown --where column', ['--rows', '10', '--where', 'plan=gold'], /the model has no column "plan"/],
    [
      'an output in a missing folder',
      ['--rows', '10', '--out', out('no/dir/x.csv')],
      /cannot write .*x\.csv: the folder .* does not exist/,
      true,
    ],
    ['an unknown output type', ['--rows', '10', '--out', out('x.xlsx')], /unknown file type "\.xlsx"/],
  ]
  for (const [what, args, message, viaBin] of bad) {
    it(`rejects ${what} with one line on stderr and no output file${viaBin ? ' (through the bin)' : ''}`, async () => {
      const target = out('bad-out.csv')
      const argv = ['sample', '--model', model, '--out', target, ...args]
      const r = viaBin ? runCli(argv) : await runMain(argv)
      expect(r.code).toBe(2)
      expect(lines(r.stderr)).toHaveLength(1)
      expect(r.stderr).toMatch(message)
      expect(existsSync(target)).toBe(false)
      expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    })
  }

  it('leaves no file behind when interrupted with Ctrl-C half way', async () => {
    const target = out('interrupted.csv')
    const child = spawn(process.execPath, [BIN, 'sample', '--model', model, '--rows', '20000000', '--out', target, '--seed', '1'], {
      stdio: 'ignore',
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    // Wait until the temp file exists and has data, then interrupt.
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline && !readdirSync(tmp.dir).some((f) => f.startsWith('.interrupted.csv.') && f.endsWith('.tmp')))
      await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 200))
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(existsSync(target)).toBe(false)
    expect(readdirSync(tmp.dir).filter((f) => f.includes('interrupted'))).toEqual([])
  })

  it('rejects a model file that is JSON but not a model', async () => {
    writeFileSync(out('other.json'), JSON.stringify({ format: 'something-else' }))
    const r = await runMain(['sample', '--model', out('other.json'), '--rows', '5', '--out', out('o.csv')])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/other\.json: not a synthkit model/)])
  })
})
