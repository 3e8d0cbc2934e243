import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { isSynthkitError, parseTableSchema } from '@synthkit/core'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import {
  DATASETS,
  DATASET_NAMES,
  datasetBytes,
  datasetColumns,
  datasetCsv,
  datasetGzip,
  getDataset,
  isDatasetName,
  loadDataset,
  penguins,
} from '../src/index'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe.each(DATASET_NAMES.map((name) => [name]))('%s', (name) => {
  const dataset = getDataset(name)

  it('decompresses to the source file: SHA-256 recorded from the published CSV, and the same bytes as zlib gives', () => {
    const bytes = datasetBytes(dataset)
    expect(sha256(bytes)).toBe(dataset.sha256)
    expect(Buffer.from(bytes).equals(gunzipSync(datasetGzip(dataset)))).toBe(true)
  })

  it('parses into the same columns as csv-parse, with the rows and columns of SOURCES.md', () => {
    const records: string[][] = parse(datasetCsv(dataset), { relax_quotes: false })
    const [header, ...rows] = records
    const columns = datasetColumns(dataset)
    expect(Object.keys(columns)).toEqual(header)
    expect(rows.length).toBe(dataset.rows)
    expect(header.length).toBe(dataset.columns)
    header.forEach((h, j) => {
      expect(columns[h].length).toBe(rows.length)
      // Compared as one string per column: a per-cell expect is too slow on 200,000 rows.
      expect(columns[h].join('\u0000')).toBe(rows.map((r) => r[j]).join('\u0000'))
    })
  })

  it('has a valid checked-in schema that decodes every cell of the data', () => {
    expect(parseTableSchema(dataset.schema)).toEqual(dataset.schema)
    expect(dataset.schema.columns.map((c) => c.name)).toEqual(Object.keys(datasetColumns(dataset, { limit: 1 })))
    const { table } = loadDataset(dataset)
    expect(table.nRows).toBe(dataset.rows)
  })
})

describe('the catalogue', () => {
  it('lists every dataset under its own name', () => {
    expect(Object.keys(DATASETS)).toEqual([...DATASET_NAMES])
    for (const name of DATASET_NAMES) expect(DATASETS[name].name).toBe(name)
    expect(DATASET_NAMES.every(isDatasetName)).toBe(true)
    expect(isDatasetName('iris')).toBe(false)
  })

  it('refuses an unknown name with a typed error that lists the names', () => {
    let error: unknown
    try {
      getDataset('iris')
    } catch (e) {
      error = e
    }
    expect(isSynthkitError(error)).toBe(true)
    if (!isSynthkitError(error)) return
    expect(error.code).toBe('OPTIONS_INVALID')
    expect(error.issues[0].path).toBe('name')
    expect(error.issues[0].message).toContain('flights_200k')
  })

  it('keeps only the first rows when given a limit', () => {
    const all = datasetColumns(penguins)
    const few = datasetColumns(penguins, { limit: 5 })
    for (const [name, values] of Object.entries(few)) expect(values).toEqual(all[name].slice(0, 5))
    expect(loadDataset(penguins, { limit: 5 }).table.nRows).toBe(5)
  })

  it('keeps missing values as empty strings (penguins: 2 rows without measurements, 10 without sex; counted with awk)', () => {
    const cols = datasetColumns(penguins)
    expect(cols['Beak Length (mm)'].filter((v) => v === '').length).toBe(2)
    expect(cols.Sex.filter((v) => v === '').length).toBe(10)
  })
})
