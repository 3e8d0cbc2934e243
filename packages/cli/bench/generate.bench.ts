// Benchmark: `synthkit generate` of the three-table scenario customers → orders → items (issue 17: 10M rows streamed
// to Parquet in constant memory), through the built bin as a user runs it, to Parquet and to CSV: wall seconds,
// rows/s and the child process's peak RSS (GNU time, when /usr/bin/time exists). Run at a tenth of the size first, so
// that the two peaks side by side show whether memory grows with the rows. GENERATE_BENCH_CUSTOMERS sets the full
// size (default 1,000,000 customers ≈ 10.2M rows). Prints figures only; never asserts.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const TIME = '/usr/bin/time'
const CUSTOMERS = Number(process.env.GENERATE_BENCH_CUSTOMERS ?? 1_000_000)
const PEER_FAKER_ROWS_PER_S = 53_000 // issue 17: faker, one call per cell, 7-column table, this machine
const dir = mkdtempSync(join(tmpdir(), 'synthkit-bench-generate-'))

const SPEC = `
tables:
  customers:
    rows: ${CUSTOMERS}
    key: id
    fields:
      id: { type: sequence }
      name: { type: faker, method: person.fullName }
      email: { type: faker, method: internet.email }
      city: { type: faker, method: location.city }
      tier: { type: choice, values: [bronze, silver, gold, platinum], weights: [60, 25, 12, 3] }
  orders:
    parent: { table: customers, count: { type: poisson, lambda: 2.3 } }
    key: order_id
    fields:
      order_id: { type: sequence, pattern: "INV-{000000}" }
      customer_id: { type: parent, field: id }
      placed_at: { type: date, min: -365, max: 0 }
      total: { type: lognormal, mu: 3.5, sigma: 0.9, precision: 2 }
  items:
    parent: { table: orders, count: { type: integer, min: 1, max: 5 } }
    fields:
      order_id: { type: parent, field: order_id }
      product: { type: faker, method: commerce.productName }
      quantity: { type: geometric, p: 0.6 }
      price: { type: uniform, min: 1, max: 200, precision: 2 }
`
const spec = join(dir, 'shop.yaml')
writeFileSync(spec, SPEC)

function run(args: string[]): { seconds: number; peakMb: number | null; stdout: string } {
  const useTime = existsSync(TIME)
  const t0 = performance.now()
  const r = useTime
    ? spawnSync(TIME, ['-f', 'PEAK_RSS_KB %M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
    : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`synthkit ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  const m = /PEAK_RSS_KB (\d+)/.exec(r.stderr ?? '')
  return { seconds, peakMb: m ? Number(m[1]) / 1024 : null, stdout: r.stdout }
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US')
const mb = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} MB`)
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`,
)
console.log('synthkit generate customers → orders → items (Poisson(2.3) orders per customer, 1–5 items per order)')
for (const scale of [0.1, 1]) {
  for (const format of ['parquet', 'csv']) {
    const out = join(dir, `out-${format}-${scale}`)
    const r = run(['generate', spec, '--out', out, '--seed', '7', '--format', format, '--scale', String(scale)])
    const files = readdirSync(out).filter((f) => f.endsWith(`.${format}`))
    const bytes = files.reduce((s, f) => s + statSync(join(out, f)).size, 0)
    const rows = Number(/generated ([\d,]+) rows/.exec(r.stdout)?.[1]?.replaceAll(',', '') ?? Number.NaN)
    console.log(
      `  ${fmt(CUSTOMERS * scale)} customers ≈ ${fmt(rows)} rows → ${format.padEnd(7)}: ${r.seconds.toFixed(1)} s (${fmt(rows / r.seconds)} rows/s, incl. start-up), peak RSS ${mb(r.peakMb)}, files ${(bytes / 2 ** 20).toFixed(0)} MB`,
    )
    rmSync(out, { recursive: true, force: true })
  }
}
console.log(
  `peer (issue 17): faker, one call per cell, ${fmt(PEER_FAKER_ROWS_PER_S)} rows/s for a 7-column table, in memory, no file written`,
)
rmSync(dir, { recursive: true, force: true })
