// Fit of a flights-like 3M-row file (the shared flights_200k repeated 15 times, written to a temporary directory,
// never committed): through DuckDB (@synthkit/engine, via the CLI's `fit --engine duckdb`) and in memory
// (`fit --engine memory`), wall time and peak RSS of the child process (GNU time's maximum resident set size).
// Prints, never asserts. The machine is shared: figures vary with its load (printed).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { DATA_DIR } from '../../../testing/data'

const REPEAT = Number(process.env.SYNTHKIT_BENCH_REPEAT ?? 15)
const BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'synthkit-engine-bench-'))
try {
  const text = gunzipSync(readFileSync(`${DATA_DIR}/flights_200k.csv.gz`)).toString('utf8')
  const newline = text.indexOf('\n')
  const header = text.slice(0, newline + 1)
  const body = text.slice(newline + 1).replace(/\n?$/, '\n')
  const file = join(dir, 'flights_3m.csv')
  writeFileSync(file, header + body.repeat(REPEAT))
  const rows = (body.match(/\n/g) ?? []).length * REPEAT
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, Node ${process.version}`,
  )
  console.log(`data: ${rows.toLocaleString('en-US')} rows × 3 columns, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB of CSV`)
  console.log('')
  console.log('| engine | wall s | peak RSS MB | CLI line |')
  console.log('|---|---|---|---|')
  for (const engine of ['duckdb', 'memory'] as const) {
    const t0 = performance.now()
    const r = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        'maxrss_kb=%M',
        process.execPath,
        BIN,
        'fit',
        '--data',
        file,
        '--engine',
        engine,
        '--out',
        join(dir, `${engine}.json`),
        '--seed',
        '1',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
        maxBuffer: 1 << 26,
      },
    )
    const wall = (performance.now() - t0) / 1000
    const rss = Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN) / 1024
    const line = r.stdout.trim().split('\n').pop() ?? r.stderr.trim().split('\n')[0]
    console.log(`| ${engine} | ${wall.toFixed(2)} | ${rss.toFixed(0)} | ${line.replace(/\|/g, '/')} |`)
  }
  console.log('')
  console.log('Issue 19 targets for 3M rows through DuckDB: < 2 s and < 300 MB peak RSS (today in memory: 13.6 s, 1.7 GB).')
  void execFileSync
} finally {
  rmSync(dir, { recursive: true, force: true })
}
