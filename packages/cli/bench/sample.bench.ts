// Benchmark: `synthkit sample` of 1,000,000 rows of the diamonds model to CSV and to Parquet, run through the
// built bin (`pnpm --filter @synthkit/cli build` first) as a user would: wall-clock seconds, rows/s and peak RSS
// (from GNU time when /usr/bin/time exists). Prints figures only; never asserts.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { dataPath } from '../../../testing/data'

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const DATA = dataPath('diamonds')
const TIME = '/usr/bin/time'
const dir = mkdtempSync(join(tmpdir(), 'synthkit-bench-'))

interface Run {
  seconds: number
  peakMb: number | null
}

function run(args: string[]): Run {
  const useTime = existsSync(TIME)
  const t0 = performance.now()
  const r = useTime
    ? spawnSync(TIME, ['-f', 'PEAK_RSS_KB %M', process.execPath, BIN, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`synthkit ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  const m = /PEAK_RSS_KB (\d+)/.exec(r.stderr ?? '')
  return { seconds, peakMb: m ? Number(m[1]) / 1024 : null }
}

const mb = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} MB`)
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`,
)
const startup = run(['--version'])
console.log(`CLI start-up (--version): ${startup.seconds.toFixed(2)} s, peak RSS ${mb(startup.peakMb)}`)
const model = join(dir, 'diamonds.model.json')
const fit = run(['fit', '--data', DATA, '--out', model, '--seed', '1'])
console.log(`fit diamonds (53,940 × 10), whole command: ${fit.seconds.toFixed(2)} s, peak RSS ${mb(fit.peakMb)}`)
for (const rows of [100_000, 1_000_000, 5_000_000]) {
  for (const ext of rows > 1_000_000 ? ['csv'] : ['csv', 'parquet']) {
    const out = join(dir, `synthetic.${ext}`)
    const r = run(['sample', '--model', model, '--rows', String(rows), '--out', out, '--seed', '2'])
    console.log(
      `sample ${rows.toLocaleString('en-US')} rows → ${ext.padEnd(7)}: ${r.seconds.toFixed(2)} s (${Math.round(rows / r.seconds).toLocaleString('en-US')} rows/s, incl. start-up), peak RSS ${mb(r.peakMb)}, file ${(statSync(out).size / 2 ** 20).toFixed(1)} MB`,
    )
  }
}
console.log('peer (PEERS.md): SDV 1.12 GaussianCopula samples 53,940 diamonds rows in 1.15 s (≈ 46,900 rows/s, in memory, no file written)')
rmSync(dir, { recursive: true, force: true })
