// Benchmark: `synthkit sample --workers N` of a telco_churn copula model (fitted here) to CSV, 1M and 10M rows, with
// no --workers, --workers 1 and --workers 2, through the built bin (`pnpm --filter @synthkit/cli build` first):
// wall-clock seconds, rows/s, CPU seconds (user + sys) and peak RSS (GNU time -v; the workers are threads, so one
// process holds them all), printed beside the in-memory serial figure (the same stream drawn in this process, no
// file written; at 1M rows only: its rate does not depend on the row count, and 10M rows in memory take minutes on
// a loaded machine). Also checks that every run wrote the same bytes. Prints figures only; never asserts.
// BENCH_ROWS=1000000 runs one size only. On a shared machine the wall times follow the load; CPU seconds do less.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sampleCopulaStream } from '@synthkit/copula'
import { createRng } from '@synthkit/core'
import { dataPath } from '../../../testing/data'
import { defaultRegistry, readModelFile } from '../src/index'

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const TIME = '/usr/bin/time'
const dir = mkdtempSync(join(tmpdir(), 'synthkit-bench-workers-'))
const sizes = process.env.BENCH_ROWS ? [Number(process.env.BENCH_ROWS)] : [1_000_000, 10_000_000]

function run(args: string[]): { seconds: number; cpu: number | null; peakMb: number | null } {
  const useTime = existsSync(TIME)
  const t0 = performance.now()
  const r = useTime
    ? spawnSync(TIME, ['-v', process.execPath, BIN, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`synthkit ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '')
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '')
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '')
  return { seconds, cpu: user && sys ? Number(user[1]) + Number(sys[1]) : null, peakMb: m ? Number(m[1]) / 1024 : null }
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer)
  return h.digest('hex')
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')
const mb = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} MB`)
const rate = (rows: number, s: number) => `${Math.round(rows / s).toLocaleString('en-US')} rows/s`
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`,
)
const model = join(dir, 'telco.model.json')
run(['fit', '--data', dataPath('telco_churn'), '--out', model, '--seed', '1'])
const loaded = await readModelFile(model, defaultRegistry)
if (JSON.parse(readFileSync(model, 'utf8')).method !== 'copula') throw new Error('expected a copula model')
for (const rows of sizes) {
  console.log(`\n${rows.toLocaleString('en-US')} rows (load average before: ${load()})`)
  if (rows <= 1_000_000) {
    // in-memory serial: the same stream in this process, chunks dropped as drawn (no file, no CSV formatting)
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    let n = 0
    for (const chunk of sampleCopulaStream(loaded.model as never, rows, createRng(2))) n += chunk.nRows
    const inMemory = (performance.now() - t0) / 1000
    const c = process.cpuUsage(c0)
    const cpu = (c.user + c.system) / 1e6
    console.log(`  in-memory serial stream (no file)   ${inMemory.toFixed(1).padStart(7)} s  ${rate(n, inMemory)}, CPU ${cpu.toFixed(1)} s`)
  }
  const digests = new Set<string>()
  for (const workers of [null, 1, 2]) {
    const out = join(dir, `synthetic-${workers ?? 'none'}.csv`)
    const args = ['sample', '--model', model, '--rows', String(rows), '--seed', '2', '--out', out]
    const r = run(workers === null ? args : [...args, '--workers', String(workers)])
    digests.add(await sha256(out))
    rmSync(out, { force: true })
    const label = workers === null ? 'synthkit sample (no --workers)' : `synthkit sample --workers ${workers}`
    const cpu = r.cpu === null ? 'n/a' : `${r.cpu.toFixed(1)} s`
    console.log(
      `  ${label.padEnd(36)} ${r.seconds.toFixed(1).padStart(7)} s  ${rate(rows, r.seconds)}, CPU ${cpu}, peak RSS ${mb(r.peakMb)}, load ${load()}`,
    )
  }
  console.log(`  files identical: ${digests.size === 1 ? 'yes' : `NO (${digests.size} different)`}`)
}
rmSync(dir, { recursive: true, force: true })
