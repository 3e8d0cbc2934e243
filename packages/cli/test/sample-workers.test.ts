// `synthkit sample --workers N`: the same bytes for every N (and without --workers), on models fitted on real data
// with a unique constraint and a generated id column, to CSV and Parquet. Runs through `main` with a fixed clock (so
// the Parquet provenance mark is the same in every run); the workers run the built dist/sample-worker.js.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { copulaSynthesizer } from '@synthkit/copula'
import { createRegistry, readCsvColumns } from '../src/index'
import { BIN, runMain, tempDir } from './helpers'

const { dir, cleanup } = tempDir('synthkit-workers-')
afterAll(cleanup)

// 25,000 rows: 7 blocks of 4,096, so 2 and 3 workers split them into several shards; total_charges (cents) repeats
// across blocks hundreds of times in 25,000 draws, so the coordinator must redraw blocks to keep it unique.
const ROWS = '25000'
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

/** telco_churn with a customer_id column (C-0000001, …) declared as an id: the sampler generates new ids. */
function telcoWithIds(): string {
  const lines = readFileSync(dataPath('telco_churn'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
  const out = [`"customer_id",${lines[0]}`, ...lines.slice(1).map((l, i) => `C-${String(i + 1).padStart(7, '0')},${l}`)]
  const path = join(dir, 'telco-ids.csv')
  writeFileSync(path, `${out.join('\n')}\n`)
  return path
}

const models: Record<string, string> = {}
beforeAll(async () => {
  expect(existsSync(join(BIN, '..', 'sample-worker.js')), 'build the CLI first').toBe(true)
  const data = telcoWithIds()
  const constraints = join(dir, 'unique.json')
  writeFileSync(constraints, JSON.stringify([{ type: 'unique', columns: ['total_charges'] }]))
  for (const method of ['copula', 'bayesnet']) {
    const out = join(dir, `${method}.json`)
    const fit = await runMain([
      'fit',
      '--data',
      data,
      '--id',
      'customer_id',
      '--constraints',
      constraints,
      '--method',
      method,
      '--seed',
      '1',
      '--out',
      out,
    ])
    expect(fit.code, fit.stderr).toBe(0)
    models[method] = out
  }
  // no unique constraint: shards are used as drawn, nothing hides a shard drawn from the wrong substream
  const plain = join(dir, 'bayesnet-plain.json')
  const fit = await runMain(['fit', '--data', data, '--id', 'customer_id', '--method', 'bayesnet', '--seed', '1', '--out', plain])
  expect(fit.code, fit.stderr).toBe(0)
  models['bayesnet-plain'] = plain
}, 240_000)

async function sample(model: string, ext: string, workers: number | null, extra: string[] = []): Promise<string> {
  const out = join(dir, `${model}-${workers ?? 'none'}${extra.length > 0 ? '-chunked' : ''}.${ext}`)
  const args = ['sample', '--model', models[model]!, '--rows', ROWS, '--seed', '7', '--out', out, ...extra]
  const r = await runMain(workers === null ? args : [...args, '--workers', String(workers)])
  expect(r.code, r.stderr).toBe(0)
  return out
}

describe('sample --workers N: byte-identical output for every N', () => {
  for (const [model, formats] of [
    ['copula', ['csv', 'parquet']],
    ['bayesnet', ['csv', 'parquet']],
    ['bayesnet-plain', ['csv']],
  ] as const) {
    for (const ext of formats) {
      it(`${model} → ${ext}: no --workers, 1, 2 and 3 workers give the same file`, async () => {
        const serial = await sample(model, ext, null)
        const digests = [sha(serial)]
        for (const n of [1, 2, 3]) digests.push(sha(await sample(model, ext, n)))
        expect(new Set(digests).size).toBe(1)
        if (ext === 'csv' && model !== 'bayesnet-plain') {
          // CSV bytes do not depend on the chunk size: chunks that cut blocks apart are paced and merged alike
          digests.push(sha(await sample(model, ext, 2, ['--chunk-rows', '5000'])))
          expect(new Set(digests).size).toBe(1)
          const csv = await readCsvColumns(serial)
          expect(csv.nRows).toBe(Number(ROWS))
          const column = (name: string) => csv.columns[csv.header.indexOf(name)]!
          // new ids numbered by global row, across shards
          expect(new Set(column('customer_id')).size).toBe(Number(ROWS))
          expect(column('customer_id')[Number(ROWS) - 1]).toMatch(new RegExp(`0${ROWS}$`))
          const present = column('total_charges').filter((v) => v !== '')
          expect(new Set(present).size).toBe(present.length)
        }
      }, 240_000)
    }
  }

  it('a sampler that does not shard its stream (or that the workers cannot load) is sampled in one thread, same bytes', async () => {
    const unsharded = { ...copulaSynthesizer, capabilities: { ...copulaSynthesizer.capabilities, shards: undefined } }
    const registry = createRegistry([unsharded])
    const out = (n: string) => join(dir, `unsharded-${n}.csv`)
    const args = ['sample', '--model', models.copula!, '--rows', '5000', '--seed', '7']
    const serial = await runMain([...args, '--out', out('serial')], registry)
    const parallel = await runMain([...args, '--out', out('2'), '--workers', '2'], registry)
    expect(serial.code, serial.stderr).toBe(0)
    expect(parallel.code, parallel.stderr).toBe(0)
    expect(parallel.stderr).toMatch(/copula samples in one thread .*--workers ignored/)
    expect(sha(out('2'))).toBe(sha(out('serial')))
  })

  it('refuses a worker count that is not a whole number from 1 to 64', async () => {
    for (const bad of ['0', '65', '1.5', 'two']) {
      const r = await runMain(['sample', '--model', models.copula!, '--rows', '10', '--out', join(dir, 'x.csv'), '--workers', bad])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/--workers/)
    }
  })
})

describe('sample --workers N: Ctrl-C', () => {
  it('stops the workers and the stream, exits 130 and leaves no file', async () => {
    const outDir = join(dir, 'interrupted')
    mkdirSync(outDir)
    const child = spawn(
      process.execPath,
      [BIN, 'sample', '--model', models.copula!, '--rows', '50000000', '--seed', '2', '--workers', '2', '--out', join(outDir, 'big.csv')],
      { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += String(d)))
    // SIGINT once rows are being written (the workers are running by then)
    const started = await new Promise<boolean>((resolve) => {
      const poll = setInterval(() => {
        if (readdirSync(outDir).length > 0) {
          clearInterval(poll)
          resolve(true)
        }
      }, 100)
      child.on('exit', () => {
        clearInterval(poll)
        resolve(false)
      })
    })
    expect(started, stderr).toBe(true)
    await new Promise((r) => setTimeout(r, 1000))
    const sentAt = performance.now()
    child.kill('SIGINT')
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
    expect(code, stderr).toBe(130)
    // [CANCELLED]: the stream stopped by itself (the grace timer that ends the process anyway prints no such line)
    expect(stderr).toMatch(/cancelled.*\[CANCELLED\]/)
    expect(performance.now() - sentAt).toBeLessThan(10_000)
    expect(readdirSync(outDir)).toEqual([])
  }, 120_000)
})
