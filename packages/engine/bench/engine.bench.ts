// Fit of a flights-like 3M-row file (the shared flights_200k repeated 15 times, written to a temporary directory,
// never committed) as CSV and as ZSTD Parquet: through DuckDB (@synthkit/engine, via the CLI's `fit --engine duckdb`,
// copula and bayesnet) and in memory (`fit --engine memory`), wall time, CPU time and peak RSS of the child process
// (GNU time), beside the floors: Node starting the CLI (`--version`) and DuckDB scanning the file alone. Prints,
// never asserts. The machine is shared: figures vary with its load (printed before and after each run).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { DATA_DIR } from '../../../testing/data'
import { openDuckDb } from '../src/index'

const REPEAT = Number(process.env.SYNTHKIT_BENCH_REPEAT ?? 15)
const BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url))
const load = () => loadavg()[0].toFixed(1)

function timed(args: readonly string[]): { wall: number; cpu: number; rss: number; line: string } {
  const t0 = performance.now()
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M user=%U sys=%S', process.execPath, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    maxBuffer: 1 << 26,
  })
  const wall = (performance.now() - t0) / 1000
  const m = /maxrss_kb=(\d+) user=([\d.]+) sys=([\d.]+)/.exec(r.stderr)
  if (r.status !== 0 || !m) throw new Error(`synthkit ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`)
  const line = r.stdout.trim().split('\n').pop() ?? ''
  return { wall, cpu: Number(m[2]) + Number(m[3]), rss: Number(m[1]) / 1024, line }
}

const dir = mkdtempSync(join(tmpdir(), 'synthkit-engine-bench-'))
try {
  const text = gunzipSync(readFileSync(`${DATA_DIR}/flights_200k.csv.gz`)).toString('utf8')
  const newline = text.indexOf('\n')
  const header = text.slice(0, newline + 1)
  const body = text.slice(newline + 1).replace(/\n?$/, '\n')
  const csv = join(dir, 'flights_3m.csv')
  writeFileSync(csv, header + body.repeat(REPEAT))
  const parquet = join(dir, 'flights_3m.parquet')
  const engine = await openDuckDb({ memoryLimit: '256MB' })
  await engine.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet, COMPRESSION zstd)`)
  // the floor of the CSV fit: DuckDB's reader over the whole file (text, and numbers typed), nothing else
  const scan = async (sql: string) => {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await engine.query(sql)
    const c = process.cpuUsage(c0)
    return `${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU`
  }
  const textScan = await scan(`SELECT count(*) FROM read_csv('${csv}', all_varchar = true)`)
  const typedScan = await scan(
    `SELECT sum(delay), sum(distance), sum("time") FROM read_csv('${csv}', types = {'delay': 'DOUBLE', 'distance': 'DOUBLE', 'time': 'DOUBLE'})`,
  )
  const parquetScan = await scan(`SELECT sum(delay::DOUBLE), sum(distance::DOUBLE), sum("time") FROM read_parquet('${parquet}')`)
  await engine.close()
  const rows = (body.match(/\n/g) ?? []).length * REPEAT
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`)
  console.log(
    `data: ${rows.toLocaleString('en-US')} rows × 3 columns, ${(statSync(csv).size / 2 ** 20).toFixed(0)} MiB of CSV, ` +
      `${(statSync(parquet).size / 2 ** 20).toFixed(0)} MiB of Parquet (ZSTD)`,
  )
  console.log(`DuckDB alone: CSV as text ${textScan}; CSV typed ${typedScan}; Parquet ${parquetScan} (load ${load()})`)
  const start = timed(['--version'])
  console.log(
    `the CLI's start (synthkit --version): ${start.wall.toFixed(2)} s wall, ${start.cpu.toFixed(2)} s CPU, ${start.rss.toFixed(0)} MB`,
  )
  console.log('')
  console.log('| file | engine | method | wall s | CPU s | peak RSS MB | load before | CLI line |')
  console.log('|---|---|---|---|---|---|---|---|')
  const runs: [string, string, string][] = [
    [csv, 'duckdb', 'copula'],
    [parquet, 'duckdb', 'copula'],
    [csv, 'duckdb', 'bayesnet'],
    [parquet, 'duckdb', 'bayesnet'],
    [csv, 'memory', 'copula'],
  ]
  for (const [file, engineName, method] of runs) {
    const before = load()
    const r = timed(['fit', '--data', file, '--method', method, '--engine', engineName, '--out', join(dir, 'model.json'), '--seed', '1'])
    const kind = file.endsWith('.parquet') ? 'Parquet' : 'CSV'
    console.log(
      `| ${kind} | ${engineName} | ${method} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${r.rss.toFixed(0)} | ${before} | ${r.line.replace(/\|/g, '/')} |`,
    )
  }
  console.log('')
  console.log('Issue 19 targets for 3M rows through DuckDB: < 2 s and < 300 MB peak RSS (in memory: 13.6 s, 1.7 GB).')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
