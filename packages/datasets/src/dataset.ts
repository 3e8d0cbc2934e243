import { type Table, type TableSchema, fromColumns } from '@synthkit/core'
import { gunzipSync } from 'fflate'
import { parseCsvColumns } from './internal/csv'

/** Names of the embedded datasets. */
export type DatasetName = 'adult' | 'telco_churn' | 'diamonds' | 'penguins' | 'seattle_weather' | 'flights_200k'

/**
 * One embedded dataset: what it is, where it comes from, its licence, its checked-in schema and its bytes (the
 * source CSV, gzipped, as base64). A plain object: import only the datasets you use and a bundler drops the rest.
 */
export interface Dataset {
  readonly name: DatasetName
  /** One line: what the data is. */
  readonly description: string
  readonly rows: number
  readonly columns: number
  /** The column usually predicted, when there is one. */
  readonly target?: string
  /** Where the data comes from (package and version, or repository). */
  readonly source: string
  /** Licence of the data as distributed by the source. */
  readonly license: string
  /** SHA-256 (hex) of the CSV file, i.e. of {@link datasetBytes}. */
  readonly sha256: string
  /** The schema @synthkit/core's inferSchema gives the data, checked in (src/schemas/NAME.json) for stable results. */
  readonly schema: TableSchema
  /** The gzipped CSV file as base64. */
  readonly gzipBase64: string
}

/** The gzipped CSV file (`NAME.csv.gz`) of a dataset. */
export function datasetGzip(dataset: Dataset): Uint8Array {
  // atob exists in browsers and Node ≥ 16; a 1 MB string decodes in a few milliseconds.
  const binary = atob(dataset.gzipBase64)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/** The CSV file of a dataset, byte for byte as published by its source (UTF-8, header row, '' = missing). */
export function datasetBytes(dataset: Dataset): Uint8Array {
  // fflate: synchronous, the same in browsers and Node (DecompressionStream is asynchronous only).
  return gunzipSync(datasetGzip(dataset))
}

/** The CSV text of a dataset. */
export function datasetCsv(dataset: Dataset): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(datasetBytes(dataset))
}

/** Options of {@link datasetColumns} and {@link loadDataset}. */
export interface LoadOptions {
  /** Keep only the first `limit` rows. */
  readonly limit?: number
}

/** The columns of a dataset as arrays of strings, in file order ('' = missing). */
export function datasetColumns(dataset: Dataset, options: LoadOptions = {}): Record<string, string[]> {
  const { header, columns } = parseCsvColumns(datasetCsv(dataset), options.limit)
  const out: Record<string, string[]> = {}
  header.forEach((h, i) => {
    out[h] = columns[i]
  })
  return out
}

/** A dataset decoded into a columnar {@link Table} with its checked-in schema. */
export function loadDataset(dataset: Dataset, options: LoadOptions = {}): { readonly table: Table; readonly schema: TableSchema } {
  return { table: fromColumns(datasetColumns(dataset, options), dataset.schema), schema: dataset.schema }
}
