import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { columnToStrings, fromColumns, parseTableSchema } from '@synthkit/core'
import { DuckDBInstance } from '@duckdb/node-api'
import { parquetMetadata, parquetSchema } from 'hyparquet'
import { afterAll, describe, expect, it } from 'vitest'
import { loadTable, readParquetColumns, readRawTable, writeTable } from '../src/index'
import { CODEC_ROWS, codecTable } from './fixtures/codec-table.mjs'
import { tempDir } from './helpers'

// One fixture per codec (made by test/fixtures/make-parquet-fixtures.mjs with real zstd, zlib's gzip and
// brotli, and an LZ4 block encoder), all holding codecTable().
const CODECS = ['uncompressed', 'snappy', 'gzip', 'brotli', 'zstd', 'lz4', 'lz4_raw']
const fixture = (codec: string) => new URL(`./fixtures/parquet/codec-${codec}.parquet`, import.meta.url).pathname

const tmp = tempDir()
afterAll(tmp.cleanup)

describe('reading Parquet with every compression codec', () => {
  for (const codec of CODECS) {
    it(`reads ${codec.toUpperCase()} exactly: ints, 64-bit ints, doubles, strings, booleans, dates, timestamps, nulls`, async () => {
      const meta = parquetMetadata(new Uint8Array(readFileSync(fixture(codec))).buffer)
      expect(meta.row_groups[0].columns[0].meta_data?.codec).toBe(codec.toUpperCase())
      const pq = await readParquetColumns(fixture(codec))
      const want = codecTable()
      expect(pq.nRows).toBe(CODEC_ROWS)
      const col = (name: string) => pq.columns[pq.header.indexOf(name)]
      expect(col('id')).toEqual(want.id)
      expect(col('big')).toEqual(want.big) // bigints beyond 2^53 stay bigints: nothing rounded
      expect(col('price')).toEqual(want.price)
      expect(col('label')).toEqual(want.label)
      expect(col('flag')).toEqual(want.flag)
      expect(col('day').map((d) => (d === null ? null : (d as Date).getTime()))).toEqual(
        want.day.map((d) => (d === null ? null : d * 86400000)),
      )
      expect(col('ts').map((d) => (d === null ? null : (d as Date).getTime()))).toEqual(want.ts.map((t) => (t === null ? null : Number(t))))
    })
  }

  it('infers 64-bit keys as exact ids, not rounded numbers, and loads them unchanged', async () => {
    const loaded = await loadTable(fixture('zstd'))
    const big = loaded.inferred!.columns.find((c) => c.name === 'big')!
    expect(big.spec.kind).toBe('id')
    expect(big.problems.map((p) => p.code)).toContain('unsafe-integer')
    expect(columnToStrings(loaded.table, 'big')).toEqual(codecTable().big.map((b) => (b === null ? '' : b.toString())))
    expect(loaded.schema.columns.find((c) => c.name === 'day')).toMatchObject({ kind: 'datetime' })
  })
})

describe('writing Parquet with typed columns', () => {
  it('writes ints as INT32/INT64, dates as DATE, timestamps as TIMESTAMP(MILLIS), and reads them back', async () => {
    const schema = parseTableSchema({
      columns: [
        { name: 'small', kind: 'numerical', type: 'int', min: 0, max: 1000 },
        { name: 'count', kind: 'numerical', type: 'int' },
        { name: 'x', kind: 'numerical', type: 'float' },
        { name: 'day', kind: 'datetime', format: 'YYYY-MM-DD' },
        { name: 'at', kind: 'datetime', format: 'YYYY-MM-DD HH:mm:ss' },
        { name: 'c', kind: 'categorical' },
      ],
    })
    const table = fromColumns(
      {
        small: ['1', '', '1000'],
        count: ['9007199254740991', '-3', ''],
        x: ['0.5', '', '2'],
        day: ['1998-06-12', '', '2024-02-29'],
        at: ['2020-01-01 10:00:00', '1969-12-31 23:59:59', ''],
        c: ['a', 'b', ''],
      },
      schema,
    )
    const out = join(tmp.dir, 'typed.parquet')
    await writeTable(out, schema, [table])
    const tree = parquetSchema(parquetMetadata(new Uint8Array(readFileSync(out)).buffer))
    const types = Object.fromEntries(
      tree.children.map((c) => [c.element.name, [c.element.type, c.element.logical_type?.type ?? c.element.converted_type]]),
    )
    expect(types).toEqual({
      small: ['INT32', 'INT_32'],
      count: ['INT64', 'INT_64'],
      x: ['DOUBLE', undefined],
      day: ['INT32', 'DATE'],
      at: ['INT64', 'TIMESTAMP'],
      c: ['BYTE_ARRAY', 'STRING'],
    })
    const back = await loadTable(out)
    for (const c of schema.columns) expect(columnToStrings(back.table, c.name)).toEqual(columnToStrings(table, c.name))
    // Another engine reads the file with the same types and values (DuckDB's strict footer reader refused the
    // INTEGER logical type hyparquet-writer encodes with the wrong thrift type)
    const duck = await DuckDBInstance.create(':memory:')
    const conn = await duck.connect()
    const read = await conn.runAndReadAll(
      `SELECT typeof("small") AS ts, typeof("count") AS tc, typeof("day") AS td, typeof("at") AS ta, typeof("c") AS tx, ` +
        `CAST("small" AS VARCHAR) AS "small", CAST("count" AS VARCHAR) AS "count", CAST("day" AS VARCHAR) AS "day", ` +
        `CAST(epoch_ms("at") AS VARCHAR) AS "at", "c" FROM read_parquet('${out}')`,
    )
    const rows = read.getRowObjectsJS()
    conn.closeSync()
    duck.closeSync()
    expect(rows.map((r) => [r.ts, r.tc, r.td, r.ta, r.tx])[0]).toEqual(['INTEGER', 'BIGINT', 'DATE', 'TIMESTAMP WITH TIME ZONE', 'VARCHAR'])
    expect(rows.map((r) => r.small)).toEqual(['1', null, '1000'])
    expect(rows.map((r) => r.count)).toEqual(['9007199254740991', '-3', null])
    expect(rows.map((r) => r.day)).toEqual(['1998-06-12', null, '2024-02-29'])
    expect(rows.map((r) => r.at)).toEqual([String(Date.UTC(2020, 0, 1, 10)), String(Date.UTC(1969, 11, 31, 23, 59, 59)), null])
    expect(rows.map((r) => r.c)).toEqual(['a', 'b', null])
    // Without the embedded schema (another tool's file), the types still read back as integers and dates.
    const raw = await readRawTable(out)
    expect(raw.columns.count[0]).toBe(9007199254740991)
    expect(raw.columns.day[0]).toBeInstanceOf(Date)
  })

  it('writes Parquet to standard output for "-"', async () => {
    const schema = parseTableSchema({ columns: [{ name: 'n', kind: 'numerical', type: 'int' }] })
    const chunks: Buffer[] = []
    const { Writable } = await import('node:stream')
    const sink = new Writable({ write: (c, _e, cb) => (chunks.push(c as Buffer), cb()) })
    await writeTable('-', schema, [fromColumns({ n: ['1', '2'] }, schema)], undefined, { format: 'parquet', stdout: sink })
    const path = join(tmp.dir, 'stdout.parquet')
    writeFileSync(path, Buffer.concat(chunks))
    expect((await readParquetColumns(path)).columns[0]).toEqual([1, 2])
  })
})
