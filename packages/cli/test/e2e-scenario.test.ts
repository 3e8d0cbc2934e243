import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { columnToStrings } from '@synthkit/core'
import { parquetMetadata } from 'hyparquet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultRowGroupRows, loadTable } from '../src/index'
import { runCli, tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)

// customers → orders → items, as in the 10M-row bench (bench/generate.bench.ts), at 8,000 customers ≈ 82k rows
const SPEC = `
tables:
  customers:
    rows: 8000
    key: id
    fields:
      id: { type: sequence }
      name: { type: faker, method: person.fullName }
      tier: { type: choice, values: [bronze, silver, gold], weights: [70, 20, 10] }
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
      quantity: { type: geometric, p: 0.6 }
      price: { type: uniform, min: 1, max: 200, precision: 2 }
`
const spec = join(tmp.dir, 'shop.yaml')
const dir = (name: string) => join(tmp.dir, name)

function rowGroups(path: string): number[] {
  const bytes = readFileSync(path)
  return parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer).row_groups.map((g) =>
    Number(g.num_rows),
  )
}

beforeAll(() => {
  writeFileSync(spec, SPEC)
  for (const [out, format, chunk] of [
    ['pq', 'parquet', '1000'],
    ['pq-big-chunks', 'parquet', '30000'],
    ['csv', 'csv', '1000'],
  ] as const) {
    const r = runCli(['generate', spec, '--out', dir(out), '--seed', '9', '--format', format, '--chunk-rows', chunk])
    if (r.code !== 0 || r.stderr !== '') throw new Error(`generate ${format} failed: ${r.stderr}`)
  }
}, 120_000)

describe('synthkit generate to Parquet, streamed', () => {
  it('writes each table in row groups of the default size (not one per chunk), reading back what the CSV holds', async () => {
    for (const table of ['customers', 'orders', 'items']) {
      const pq = await loadTable(join(dir('pq'), `${table}.parquet`))
      const csv = await loadTable(join(dir('csv'), `${table}.csv`), { schema: pq.schema })
      const groups = rowGroups(join(dir('pq'), `${table}.parquet`))
      const size = defaultRowGroupRows(pq.schema.columns.length)
      expect(groups.reduce((a, b) => a + b, 0)).toBe(pq.table.nRows)
      // every group full but the last
      expect(groups.slice(0, -1).every((g) => g === size)).toBe(true)
      if (table !== 'customers') expect(groups.length).toBeGreaterThan(1)
      expect(csv.table.nRows).toBe(pq.table.nRows)
      for (const c of pq.schema.columns) expect(columnToStrings(pq.table, c.name)).toEqual(columnToStrings(csv.table, c.name))
    }
  })

  it('writes byte-identical Parquet data for any --chunk-rows (the footer differs only by the provenance mark)', () => {
    // a Parquet file ends with its footer (metadata, 4-byte length, "PAR1"); the row groups and page indexes precede it
    const body = (path: string) => {
      const bytes = readFileSync(path)
      return bytes.subarray(0, bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8))
    }
    for (const table of ['customers', 'orders', 'items']) {
      const [a, b] = [join(dir('pq'), `${table}.parquet`), join(dir('pq-big-chunks'), `${table}.parquet`)]
      expect(body(a).length).toBeGreaterThan(10_000)
      expect(body(a).equals(body(b))).toBe(true)
      expect(rowGroups(a)).toEqual(rowGroups(b))
    }
  })

  it('keeps every foreign key pointing at a written parent row', async () => {
    const customers = new Set(columnToStrings((await loadTable(join(dir('pq'), 'customers.parquet'))).table, 'id'))
    const orders = (await loadTable(join(dir('pq'), 'orders.parquet'))).table
    const orderIds = new Set(columnToStrings(orders, 'order_id'))
    expect(customers.size).toBe(8000)
    expect(columnToStrings(orders, 'customer_id').every((k) => customers.has(k))).toBe(true)
    const items = (await loadTable(join(dir('pq'), 'items.parquet'))).table
    expect(columnToStrings(items, 'order_id').every((k) => orderIds.has(k))).toBe(true)
  })
})
