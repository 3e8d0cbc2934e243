// Benchmark: `synthkit infer` and `synthkit fit` on a 3,000,000-row CSV built from the bundled flights_200k
// (200,000 rows × 3 columns, repeated 15 times into a temp folder; nothing is committed), run through the built bin
// in a child process as a user would: wall-clock seconds, CPU seconds (user + system: steadier than the wall time on a
// shared machine) and peak RSS (GNU time's %U, %S and %M when /usr/bin/time exists).
// Also the same file as .csv.gz. Prints figures only; never asserts.
import { spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { dataPath } from '../../../testing/data'

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const TIME = '/usr/bin/time'
const REPEAT = 15
const dir = mkdtempSync(join(tmpdir(), 'synthkit-bench-3m-'))

interface Run {
  readonly seconds: number
  readonly peakMb: number | null
  readonly cpuSeconds: number | null
  readonly stdout: string
}

function run(args: string[]): Run {
  const useTime = existsSync(TIME)
  const t0 = performance.now()
  const r = useTime
    ? spawnSync(TIME, ['-f', 'PEAK_RSS_KB %M CPU_S %U %S', process.execPath, BIN, ...args], {
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      })
    : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } })
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`synthkit ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  const m = /PEAK_RSS_KB (\d+) CPU_S ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '')
  return { seconds, peakMb: m ? Number(m[1]) / 1024 : null, cpuSeconds: m ? Number(m[2]) + Number(m[3]) : null, stdout: r.stdout }
}

/** The flights CSV repeated: one header, REPEAT copies of the rows. */
async function buildInput(): Promise<{ csv: string; gz: string; rows: number }> {
  // dataPath gives the decompressed CSV (cached beside the repository's .csv.gz)
  const text = readFileSync(dataPath('flights_200k'), 'utf8')
  const cut = text.indexOf('\n') + 1
  const header = text.slice(0, cut)
  const body = text.slice(cut).endsWith('\n') ? text.slice(cut) : `${text.slice(cut)}\n`
  const rows = body.split('\n').length - 1
  const csv = join(dir, 'flights_3m.csv')
  const out = createWriteStream(csv)
  out.write(header)
  for (let i = 0; i < REPEAT; i++) out.write(body)
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
  const gz = join(dir, 'flights_3m.csv.gz')
  const bytes = readFileSync(csv)
  writeFileSync(gz, gzipSync(bytes, { level: 6 }))
  return { csv, gz, rows: rows * REPEAT }
}

const mb = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} MB`)
const cpu = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)} s`)
const input = await buildInput()
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (shared machine: other jobs ran at the same time)`,
)
console.log(
  `input: ${input.rows.toLocaleString('en-US')} rows × 3 columns, ${(statSync(input.csv).size / 2 ** 20).toFixed(0)} MB CSV, ${(statSync(input.gz).size / 2 ** 20).toFixed(0)} MB .csv.gz`,
)
const startup = run(['--version'])
console.log(`CLI start-up (--version): ${startup.seconds.toFixed(2)} s, peak RSS ${mb(startup.peakMb)}`)
for (const [label, file] of [
  ['CSV', input.csv],
  ['.csv.gz', input.gz],
] as const) {
  const infer = run(['infer', '--data', file, '--out', join(dir, 'schema.json')])
  console.log(`infer ${label.padEnd(7)}: ${infer.seconds.toFixed(2)} s (CPU ${cpu(infer.cpuSeconds)}), peak RSS ${mb(infer.peakMb)}`)
}
for (const method of ['copula', 'bayesnet']) {
  const fit = run(['fit', '--data', input.csv, '--method', method, '--seed', '1', '--out', join(dir, `${method}.json`)])
  const said = /read ([\d.]+) s, fit ([\d.]+) s, total ([\d.]+) s/.exec(fit.stdout)
  console.log(
    `fit ${method.padEnd(8)} (CSV): ${fit.seconds.toFixed(2)} s wall, CPU ${cpu(fit.cpuSeconds)} (${said ? `read ${said[1]} s + fit ${said[2]} s, total ${said[3]} s as reported` : 'no timing line'}), peak RSS ${mb(fit.peakMb)}`,
  )
}
console.log('peer (PEERS.md): SDV 1.12 GaussianCopula fits flights_200k (200,000 × 3) in 9.50 s in memory; no peer figure at 3M rows')
rmSync(dir, { recursive: true, force: true })
