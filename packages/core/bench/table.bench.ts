// Decode + convert the real datasets from CSV to a columnar Table. Prints rows/s per phase.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { dataPath, type DatasetName } from '../../../testing/data'
import { decodeColumns, decodeRows, inferSchema, toRows } from '../src/index'

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const out = f()
  return [out, (performance.now() - t0) / 1000]
}

const fmt = (s: number) => s.toFixed(3).padStart(7)
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}`.padStart(12)

console.log(
  '| dataset | rows | CSV parse s | infer schema s | decode rows→Table s (rows/s) | decode columns→Table s (rows/s) | Table→rows s |',
)
console.log('|---|---|---|---|---|---|---|')
for (const name of ['flights_200k', 'diamonds', 'adult'] as DatasetName[]) {
  const text = readFileSync(dataPath(name), 'utf8')
  const [rows, tParse] = time(() => parse(text, { columns: true }) as Record<string, string>[])
  const header = Object.keys(rows[0])
  const columns: Record<string, string[]> = Object.fromEntries(header.map((h) => [h, rows.map((r) => r[h])]))
  const [{ schema }, tInfer] = time(() => inferSchema(columns))
  let best = Infinity
  let bestCols = Infinity
  let tBack = Infinity
  for (let rep = 0; rep < 5; rep++) {
    const [r, t] = time(() => decodeRows(rows, schema))
    if (r._tag === 'Left') throw r.left
    best = Math.min(best, t)
    const [r2, t2] = time(() => decodeColumns(columns, schema))
    if (r2._tag === 'Left') throw r2.left
    bestCols = Math.min(bestCols, t2)
    const [, t3] = time(() => toRows(r.right))
    tBack = Math.min(tBack, t3)
  }
  console.log(
    `| ${name} | ${rows.length} | ${fmt(tParse)} | ${fmt(tInfer)} | ${fmt(best)} (${rate(rows.length, best)}) | ${fmt(bestCols)} (${rate(rows.length, bestCols)}) | ${fmt(tBack)} |`,
  )
}
