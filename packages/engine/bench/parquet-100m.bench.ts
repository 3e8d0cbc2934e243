// The "a generated 100M-row Parquet file fits in bounded memory": DuckDB writes a flights-shaped Parquet file
// (ZSTD) of SYNTHKIT_BENCH_ROWS rows (default 100M) from range() into a temporary directory (about 0.5 GB, never
// committed; removed afterwards), then `synthkit fit --engine duckdb` fits it in a child process under DuckDB's
// default memory_limit (256MB), and `synthkit sample --workers 2` writes as many rows to Parquet from the model;
// wall time, CPU time and peak RSS by GNU time. Prints, never asserts. Run alone:
// `pnpm --filter @synthkit/engine bench:100m` (minutes on a 2-core machine; needs `df -h` room in the temp dir).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDuckDb } from '../src/index'

const ROWS = Number(process.env.SYNTHKIT_BENCH_ROWS ?? 100_000_000)
const BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url))
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')
const dir = mkdtempSync(join(process.env.SYNTHKIT_BENCH_DIR ?? tmpdir(), 'synthkit-100m-'))
try {
  const file = join(dir, 'flights_100m.parquet')
  const engine = await openDuckDb({ memoryLimit: '1GB' })
  const t0 = performance.now()
  // flights-shaped, deterministic (hashes of the row number, no random()): a skewed integer delay that grows with
  // the time of day, a log-uniform integer distance, the departure time in hours at minute resolution
  const u = (salt: number) => `(hash(i * 4 + ${salt}) % 1000000007)::DOUBLE / 1000000007`
  await engine.run(
    `COPY (SELECT CAST(round(-15 + 40 * -ln(1 - ${u(0)}) * (0.5 + t / 24)) AS BIGINT) AS delay, ` +
      `CAST(round(exp(ln(30) + ${u(1)} * (ln(5000) - ln(30)))) AS BIGINT) AS distance, t AS "time" ` +
      `FROM (SELECT i, floor(${u(2)} * 1440) / 60 AS t FROM range(${ROWS}) r(i)) g) ` +
      `TO '${file}' (FORMAT parquet, COMPRESSION zstd)`,
  )
  await engine.close()
  const writeSeconds = (performance.now() - t0) / 1000
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`)
  console.log(
    `data: ${ROWS.toLocaleString('en-US')} rows × 3 columns, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB of Parquet (ZSTD), ` +
      `written by DuckDB in ${writeSeconds.toFixed(1)} s`,
  )
  console.log(`load average before the fit: ${load()}`)
  const t1 = performance.now()
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'maxrss_kb=%M user=%U sys=%S',
      process.execPath,
      BIN,
      'fit',
      '--data',
      file,
      '--engine',
      'duckdb',
      '--out',
      join(dir, 'model.json'),
    ],
    { encoding: 'utf8', env: { ...process.env, CI: '1' }, maxBuffer: 1 << 26 },
  )
  const wall = (performance.now() - t1) / 1000
  const m = /maxrss_kb=(\d+) user=([\d.]+) sys=([\d.]+)/.exec(r.stderr)
  if (r.status !== 0 || !m) throw new Error(`fit failed (${r.status}): ${r.stderr.slice(-2000)}`)
  console.log(`load average after the fit: ${load()}`)
  // then as many rows sampled from that model to Parquet by two worker threads (issue: "samples 100M rows to
  // Parquet with --workers 2"); DuckDB counts the rows of the output
  const out = join(dir, 'synthetic.parquet')
  const t2 = performance.now()
  const s = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'maxrss_kb=%M user=%U sys=%S',
      process.execPath,
      BIN,
      'sample',
      '--model',
      join(dir, 'model.json'),
      '--rows',
      String(ROWS),
      '--workers',
      '2',
      '--seed',
      '1',
      '--force',
      '--out',
      out,
    ],
    { encoding: 'utf8', env: { ...process.env, CI: '1' }, maxBuffer: 1 << 26 },
  )
  const sampleWall = (performance.now() - t2) / 1000
  const sm = /maxrss_kb=(\d+) user=([\d.]+) sys=([\d.]+)/.exec(s.stderr)
  if (s.status !== 0 || !sm) throw new Error(`sample failed (${s.status}): ${s.stderr.slice(-2000)}`)
  const check = await openDuckDb({ memoryLimit: '256MB' })
  const [counted] = await check.query(`SELECT count(*) AS n FROM read_parquet('${out}')`)
  await check.close()
  console.log(`load average after sampling: ${load()}`)
  console.log('')
  console.log('| step | rows | wall s | CPU s | peak RSS MB | output |')
  console.log('|---|---|---|---|---|---|')
  console.log(
    `| fit --engine duckdb | ${ROWS.toLocaleString('en-US')} | ${wall.toFixed(1)} | ${(Number(m[2]) + Number(m[3])).toFixed(1)} | ` +
      `${(Number(m[1]) / 1024).toFixed(0)} | ${r.stdout.trim().split('\n').pop()?.replace(/\|/g, '/')} |`,
  )
  console.log(
    `| sample --workers 2 | ${ROWS.toLocaleString('en-US')} | ${sampleWall.toFixed(1)} | ${(Number(sm[2]) + Number(sm[3])).toFixed(1)} | ` +
      `${(Number(sm[1]) / 1024).toFixed(0)} | ${(statSync(out).size / 2 ** 20).toFixed(0)} MiB of Parquet, ${String(counted.n)} rows |`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
