import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Table, columnToStrings, slice } from '@synthkit/core'
import { parquetMetadata } from 'hyparquet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultRowGroupRows, loadTable, readRawTable, writeParquetChunks } from '../src/index'
import { dataPath } from '../../../testing/data'
import { tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)

/** The rows of every row group of a Parquet file, from its footer. */
function rowGroups(path: string): number[] {
  const bytes = readFileSync(path)
  const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  return meta.row_groups.map((g) => Number(g.num_rows))
}

function* chunksOf(table: Table, size: number): Generator<Table> {
  for (let start = 0; start < table.nRows; start += size) yield slice(table, start, Math.min(table.nRows, start + size))
}

// adult: 48,842 rows of ints, categories and missing values — written in small chunks, as a stream would deliver them
let adult: Awaited<ReturnType<typeof loadTable>>
beforeAll(async () => {
  adult = await loadTable(dataPath('adult'))
}, 60_000)

describe('streaming Parquet writes', () => {
  it('gathers chunks of any size into row groups of rowGroupRows, and the file reads back identical', async () => {
    const out = join(tmp.dir, 'adult.parquet')
    let reported = 0
    await writeParquetChunks(out, adult.schema, chunksOf(adult.table, 999), (n) => (reported += n), { rowGroupRows: 8192 })
    expect(reported).toBe(48_842)
    // 5 full groups and the rest, whatever the 999-row chunks: not one group per chunk
    expect(rowGroups(out)).toEqual([8192, 8192, 8192, 8192, 8192, 48_842 - 5 * 8192])
    const back = await loadTable(out)
    expect(back.schema).toEqual(adult.schema)
    expect(back.table.nRows).toBe(48_842)
    for (const c of adult.schema.columns) expect(columnToStrings(back.table, c.name)).toEqual(columnToStrings(adult.table, c.name))
  }, 60_000)

  it('writes the same bytes for any chunking of the same rows', async () => {
    const rows = slice(adult.table, 0, 20_000)
    const a = join(tmp.dir, 'a.parquet')
    const b = join(tmp.dir, 'b.parquet')
    await writeParquetChunks(a, adult.schema, chunksOf(rows, 4096), undefined, { rowGroupRows: 6000 })
    await writeParquetChunks(b, adult.schema, chunksOf(rows, 777), undefined, { rowGroupRows: 6000 })
    expect(rowGroups(a)).toEqual([6000, 6000, 6000, 2000])
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true)
  }, 60_000)

  it('writes a valid empty file for no rows, and refuses a row group of no rows', async () => {
    const out = join(tmp.dir, 'empty.parquet')
    await writeParquetChunks(out, adult.schema, [])
    expect(rowGroups(out)).toEqual([])
    const raw = await readRawTable(out)
    expect(raw.nRows).toBe(0)
    expect(raw.embeddedSchema?.columns.map((c) => c.name)).toEqual(adult.schema.columns.map((c) => c.name))
    await expect(writeParquetChunks(join(tmp.dir, 'x.parquet'), adult.schema, [], undefined, { rowGroupRows: 0 })).rejects.toThrow(
      /rowGroupRows/,
    )
  })

  it('sizes default row groups by cells: 2^16 of them, between 4,096 and 131,072 rows', () => {
    expect(defaultRowGroupRows(1)).toBe(65_536)
    expect(defaultRowGroupRows(4)).toBe(16_384)
    expect(defaultRowGroupRows(15)).toBe(4369)
    expect(defaultRowGroupRows(200)).toBe(4096)
  })
})
