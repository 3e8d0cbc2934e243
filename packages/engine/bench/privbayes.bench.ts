// PrivBayes (ε = 1) fitted through DuckDB (@synthkit/engine's fitPrivBayesSql, via the CLI's `fit --engine duckdb
// --method privbayes`, DuckDB's memory_limit 256MB) and in memory (`fit --engine memory`) on adult (48,842 rows × 15
// columns), adult repeated 4 and 20 times (195,368 and 976,840 rows) and telco_churn repeated 10 times (70,430 rows × 21 columns), written to a temporary directory (never committed): wall time, CPU time and
// peak RSS of the child process (GNU time), with the schema's category sets declared (`infer --with-categories`).
// Prints, never asserts. The machine is shared: figures vary with its load (printed before each run).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { DATA_DIR, referencePath } from '../../../testing/data'

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
  const line = r.stdout.trim().split('\n')[0] ?? ''
  return { wall, cpu: Number(m[2]) + Number(m[3]), rss: Number(m[1]) / 1024, line }
}

/** A dataset's CSV, its body repeated `times` times. */
function csvOf(name: string, times: number): string {
  const text = gunzipSync(readFileSync(`${DATA_DIR}/${name}.csv.gz`)).toString('utf8')
  const newline = text.indexOf('\n')
  const body = text.slice(newline + 1).replace(/\n?$/, '\n')
  return text.slice(0, newline + 1) + body.repeat(times)
}

const dir = mkdtempSync(join(tmpdir(), 'synthkit-privbayes-bench-'))
try {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`)
  // the peer: DataSynthesizer's PrivBayes (k = 2, ε = 1) fit seconds on adult and telco_churn, from PEERS.md
  const peers = readFileSync(referencePath('PEERS.md'), 'utf8')
  for (const name of ['adult', 'telco_churn']) {
    const row = peers.split('\n').find((l) => l.startsWith(`| ${name} |`))
    console.log(`peer: DataSynthesizer (k=2, ε=1) fit on ${name}: ${row?.split('|')[7]?.trim() ?? '?'} s (PEERS.md)`)
  }
  console.log('')
  console.log('| data | engine | wall s | CPU s | peak RSS MB | load before | CLI line |')
  console.log('|---|---|---|---|---|---|---|')
  for (const [name, times] of [
    ['adult', 1],
    ['adult', 4],
    ['adult', 20],
    ['telco_churn', 10],
  ] as const) {
    const csv = join(dir, `${name}_x${times}.csv`)
    writeFileSync(csv, csvOf(name, times))
    const schema = join(dir, `${name}.schema.json`)
    timed(['infer', '--data', csv, '--out', schema, '--with-categories'])
    for (const engine of ['duckdb', 'memory']) {
      const before = load()
      const out = join(dir, `${name}.${engine}.json`)
      const args = ['fit', '--data', csv, '--schema', schema, '--method', 'privbayes', '--epsilon', '1', '--seed', '1', '--no-discover']
      let r: ReturnType<typeof timed>
      try {
        r = timed([...args, '--engine', engine, '--out', out])
      } catch (error) {
        const reason = /synthkit: (.*?)(\(run again|$)/m.exec(String((error as Error).message))?.[1] ?? String(error)
        console.log(`| ${name} ×${times} | ${engine} | failed | | | ${before} | ${reason.trim().slice(0, 160)} |`)
        continue
      }
      console.log(
        `| ${name} ×${times} | ${engine} | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} | ${r.rss.toFixed(0)} | ${before} | ${r.line.replace(/\|/g, '/')} |`,
      )
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
