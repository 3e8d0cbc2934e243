// Benchmarks of @synthkit/rules (run with `pnpm bench`): the 7-column customer table against faker's own
// one-call-per-cell baseline measured in the same process, and a three-table scenario streamed to a byte-counting
// sink with memory sampled along the way. Sizes: RULES_BENCH_ROWS (default 200 000) and RULES_BENCH_STREAM
// (default 1 000 000 customers ≈ 10.2M rows in all).
import { fakerEN } from '@faker-js/faker'
import { generateScenario, parseScenario, toJsonLines } from '../src/index'

const ROWS = Number(process.env.RULES_BENCH_ROWS ?? 200_000)
const CUSTOMERS = Number(process.env.RULES_BENCH_STREAM ?? 1_000_000)
const PEER_FAKER_ROWS_PER_S = 53_000 // issue 17: 200k rows in 3.78 s on this machine

const ANCHOR = Date.parse('2025-01-01T00:00:00Z')
const TIERS = ['bronze', 'silver', 'gold', 'platinum']

function fakerBaseline(n: number): number {
  fakerEN.seed(42)
  const t0 = performance.now()
  const rows: unknown[] = new Array(n)
  for (let i = 0; i < n; i++) {
    rows[i] = {
      id: i + 1,
      name: fakerEN.person.fullName(),
      email: fakerEN.internet.email(),
      city: fakerEN.location.city(),
      signed_up: fakerEN.date.past({ years: 3, refDate: ANCHOR }).toISOString(),
      amount: fakerEN.number.float({ min: 0, max: 1000, fractionDigits: 2 }),
      tier: fakerEN.helpers.arrayElement(TIERS),
    }
  }
  return (performance.now() - t0) / 1000
}

const customers = (rows: number) =>
  parseScenario({
    tables: {
      customers: {
        rows,
        key: 'id',
        fields: {
          id: { type: 'sequence' },
          name: { type: 'faker', method: 'person.fullName' },
          email: { type: 'faker', method: 'internet.email' },
          city: { type: 'faker', method: 'location.city' },
          signed_up: { type: 'date', min: -94_608_000, max: 0, unit: 'second' },
          amount: { type: 'uniform', min: 0, max: 1000, precision: 2 },
          tier: { type: 'choice', values: TIERS },
        },
      },
    },
  })

function ours(n: number, serialise: boolean): { seconds: number; bytes: number } {
  const out = generateScenario(customers(n), { seed: 42 })
  const t0 = performance.now()
  let bytes = 0
  for (const chunk of out.tables.customers!) if (serialise) bytes += toJsonLines(chunk).length
  return { seconds: (performance.now() - t0) / 1000, bytes }
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US')

fakerBaseline(5000) // warm-up
ours(5000, true)
const tf = fakerBaseline(ROWS)
const tg = ours(ROWS, false).seconds
const ts = ours(ROWS, true).seconds
console.log(`customer table, 7 columns, ${fmt(ROWS)} rows`)
console.log(
  `  faker, one call per cell (measured here) ${tf.toFixed(2)} s  ${fmt(ROWS / tf)} rows/s   (issue's figure: ${fmt(PEER_FAKER_ROWS_PER_S)} rows/s)`,
)
console.log(`  rules, generate columnar tables       ${tg.toFixed(2)} s  ${fmt(ROWS / tg)} rows/s   ${(tf / tg).toFixed(1)}× faker`)
console.log(`  rules, generate + JSON Lines text      ${ts.toFixed(2)} s  ${fmt(ROWS / ts)} rows/s   ${(tf / ts).toFixed(1)}× faker`)

const shop = parseScenario({
  tables: {
    customers: {
      rows: CUSTOMERS,
      key: 'id',
      fields: {
        id: { type: 'sequence' },
        name: { type: 'faker', method: 'person.fullName' },
        email: { type: 'faker', method: 'internet.email' },
        city: { type: 'faker', method: 'location.city' },
        tier: { type: 'choice', values: TIERS, weights: [60, 25, 12, 3] },
      },
    },
    orders: {
      parent: { table: 'customers', count: { type: 'poisson', lambda: 2.3 } },
      key: 'order_id',
      fields: {
        order_id: { type: 'sequence', pattern: 'INV-{000000}' },
        customer_id: { type: 'parent', field: 'id' },
        placed_at: { type: 'date', min: -365, max: 0 },
        total: { type: 'lognormal', mu: 3.5, sigma: 0.9, precision: 2 },
      },
    },
    items: {
      parent: { table: 'orders', count: { type: 'integer', min: 1, max: 5 } },
      fields: {
        order_id: { type: 'parent', field: 'order_id' },
        product: { type: 'faker', method: 'commerce.productName' },
        quantity: { type: 'geometric', p: 0.6 },
        price: { type: 'uniform', min: 1, max: 200, precision: 2 },
      },
    },
  },
})
const counts: Record<string, number> = {}
let bytes = 0
let peakRss = 0
let peakHeap = 0
let chunks = 0
// With --expose-gc, live heap after a full collection: flat from the first sample to the last means constant memory.
const gc = (globalThis as { gc?: () => void }).gc
const live: number[] = []
const t0 = performance.now()
for (const chunk of generateScenario(shop, { seed: 7 }).stream()) {
  counts[chunk.table] = (counts[chunk.table] ?? 0) + chunk.rows.nRows
  bytes += toJsonLines(chunk.rows).length
  if (++chunks % 64 === 0) {
    const m = process.memoryUsage()
    peakRss = Math.max(peakRss, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed)
  }
  if (gc && chunks % 128 === 0) {
    gc()
    live.push(process.memoryUsage().heapUsed)
  }
}
const t = (performance.now() - t0) / 1000
const total = Object.values(counts).reduce((a, b) => a + b, 0)
console.log(
  `three tables streamed to a byte-counting JSON Lines sink: ${Object.entries(counts)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ')} = ${fmt(total)} rows`,
)
console.log(
  `  ${t.toFixed(1)} s  ${fmt(total / t)} rows/s  ${(bytes / 1e9).toFixed(2)} GB of text  peak RSS ${(peakRss / 1e6).toFixed(0)} MB  peak heap ${(peakHeap / 1e6).toFixed(0)} MB`,
)
if (live.length > 0)
  console.log(
    `  live heap after GC, ${live.length} samples: first ${(live[0]! / 1e6).toFixed(0)} MB, max ${(Math.max(...live) / 1e6).toFixed(0)} MB, last ${(live[live.length - 1]! / 1e6).toFixed(0)} MB`,
  )
