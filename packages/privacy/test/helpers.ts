// Test helpers: reference files copied into test/reference, SDV metadata → synthkit schemas, tables from CSV.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Table, type TableSchema, fromColumns, parseTableSchema, take } from '@synthkit/core'
import { loadColumns } from '../../../testing/data'

/** Absolute path of a file in test/reference. */
export function localReference(file: string): string {
  return fileURLToPath(new URL(`./reference/${file}`, import.meta.url))
}

/** A JSON file of test/reference. */
export function readReference<A>(file: string): A {
  return JSON.parse(readFileSync(localReference(file), 'utf8')) as A
}

interface SdvMetadata {
  readonly columns: Record<string, { readonly sdtype: string; readonly datetime_format?: string }>
}

/** The synthkit schema matching an SDV metadata file (numerical → float, datetime %Y-%m-%d → YYYY-MM-DD). */
export function schemaFromSdv(file: string): TableSchema {
  const meta = readReference<SdvMetadata>(file)
  return parseTableSchema({
    columns: Object.entries(meta.columns).map(([name, c]) => {
      if (c.sdtype === 'numerical') return { name, kind: 'numerical', type: 'float' }
      if (c.sdtype === 'datetime')
        return { name, kind: 'datetime', format: c.datetime_format!.replace('%Y', 'YYYY').replace('%m', 'MM').replace('%d', 'DD') }
      if (c.sdtype === 'boolean') return { name, kind: 'boolean' }
      return { name, kind: 'categorical' }
    }),
  })
}

/** A table from a shared dataset name or a CSV path, with the given schema (only its columns, first `limit` rows). */
export function loadTable(source: string, schema: TableSchema, limit?: number): Table {
  const cols = loadColumns(source, limit)
  const picked: Record<string, string[]> = {}
  for (const c of schema.columns) picked[c.name] = cols[c.name]
  return fromColumns(picked, schema)
}

/** The anonymeter reference split of a dataset: train and control tables and the synthetic rows attacked. */
export function anonymeterInputs(name: 'diamonds' | 'seattle_weather'): {
  train: Table
  control: Table
  synthetic: Table
  schema: TableSchema
} {
  const schema = schemaFromSdv(`${name}.metadata.json`)
  const real = loadTable(name, schema)
  const split = readReference<{ train: number[]; control: number[] }>(`${name}.anonymeter-split.json`)
  const synthetic = loadTable(localReference(`${name}.anonymeter-synthetic.csv`), schema)
  return { train: take(real, split.train), control: take(real, split.control), synthetic, schema }
}
