import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { columnToStrings, slice } from '@synthkit/core'
import { afterAll, describe, expect, it } from 'vitest'
import { loadTable, readRawTable, writeTable } from '../src/index'
import { dataPath } from '../../../testing/data'
import { tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)

describe('Parquet in and out', () => {
  it('round-trips penguins (floats, categories, missing values) through Parquet with the schema kept', async () => {
    const csv = await loadTable(dataPath('penguins'))
    const out = join(tmp.dir, 'penguins.parquet')
    await writeTable(out, csv.schema, [slice(csv.table, 0, 100), slice(csv.table, 100)])
    const back = await loadTable(out)
    expect(back.inferred).toBeUndefined() // the schema came from the file's metadata
    expect(back.schema).toEqual(csv.schema)
    expect(back.table.nRows).toBe(344)
    for (const c of csv.schema.columns) expect(columnToStrings(back.table, c.name)).toEqual(columnToStrings(csv.table, c.name))
  })

  it('writes dates as Parquet timestamps and reads them back as the same instants', async () => {
    const csv = await loadTable(dataPath('seattle_weather'))
    const out = join(tmp.dir, 'weather.parquet')
    await writeTable(out, csv.schema, [csv.table])
    const raw = await readRawTable(out)
    expect(raw.columns.date[0]).toBeInstanceOf(Date)
    const back = await loadTable(out)
    expect(columnToStrings(back.table, 'date')).toEqual(columnToStrings(csv.table, 'date'))
  })

  it('reports a file that is not Parquet as unreadable, naming it', async () => {
    await expect(readRawTable(dataPath('penguins').replace('.csv', '.parquet'))).rejects.toThrow(/no such file/)
    const fake = join(tmp.dir, 'fake.parquet')
    await writeTable(join(tmp.dir, 'fake.csv'), (await loadTable(dataPath('penguins'))).schema, [])
    const { renameSync } = await import('node:fs')
    renameSync(join(tmp.dir, 'fake.csv'), fake)
    await expect(readRawTable(fake)).rejects.toThrow(/fake\.parquet: not a readable Parquet file/)
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(existsSync(fake)).toBe(true)
  })
})
