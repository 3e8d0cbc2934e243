// Test and benchmark helper: the real datasets of packages/datasets (gzipped CSV in the repository) and the peers'
// reference values in packages/metrics/test/reference. Node only; the library loader is @synthkit/datasets.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'

export const DATASETS = ['adult', 'telco_churn', 'diamonds', 'penguins', 'seattle_weather', 'flights_200k'] as const
export type DatasetName = (typeof DATASETS)[number]

const ROOT = fileURLToPath(new URL('../', import.meta.url))
/** The gzipped CSV files (the same bytes @synthkit/datasets embeds). */
export const DATA_DIR = `${ROOT}packages/datasets/data`
/** The peers' reference values (SDMetrics reports, SDV synthetic tables, PEERS.md). */
export const REFERENCE_DIR = `${ROOT}packages/metrics/test/reference`
/** Decompressed copies of the datasets, created on first use (some tests hand a path to the CLI). */
const CACHE_DIR = `${ROOT}node_modules/.cache/synthkit-datasets`

/** Path of a dataset as a plain CSV file, decompressed into node_modules/.cache on first use. */
export function dataPath(name: DatasetName): string {
  const gz = `${DATA_DIR}/${name}.csv.gz`
  if (!existsSync(gz)) throw new Error(`missing data file ${gz}`)
  const out = `${CACHE_DIR}/${name}.csv`
  // The cache is rebuilt when the compressed file is newer (a dataset update); otherwise it is reused.
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(gz).mtimeMs) return out
  mkdirSync(CACHE_DIR, { recursive: true })
  // Written under a unique name and renamed: test files in parallel workers may decompress the same dataset.
  const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  writeFileSync(tmp, gunzipSync(readFileSync(gz)))
  renameSync(tmp, out)
  return out
}

/** Path of a reference file under packages/metrics/test/reference (e.g. 'sdmetrics/penguins.sdv.json', 'PEERS.md'). */
export function referencePath(file: string): string {
  return `${REFERENCE_DIR}/${file}`
}

const cache = new Map<string, { header: string[]; records: string[][] }>()

/** Header and string records of a CSV file (empty field = missing, kept as ''). */
export function loadCsvRecords(path: string): { header: string[]; records: string[][] } {
  const hit = cache.get(path)
  if (hit) return hit
  if (!existsSync(path)) throw new Error(`missing data file ${path}`)
  const all: string[][] = parse(readFileSync(path, 'utf8'), { relax_quotes: false })
  const out = { header: all[0], records: all.slice(1) }
  cache.set(path, out)
  return out
}

/** Rows of a dataset as objects of strings ('' = missing), optionally only the first `limit`. */
export function loadRows(name: DatasetName, limit?: number): Record<string, string>[] {
  const { header, records } = loadCsvRecords(dataPath(name))
  const slice = limit === undefined ? records : records.slice(0, limit)
  return slice.map((rec) => Object.fromEntries(header.map((h, i) => [h, rec[i]])))
}

/** Columns of a dataset (or of the CSV file at a path) as arrays of strings ('' = missing). */
export function loadColumns(name: DatasetName | string, limit?: number): Record<string, string[]> {
  const path = (DATASETS as readonly string[]).includes(name) ? dataPath(name as DatasetName) : name
  const { header, records } = loadCsvRecords(path)
  const slice = limit === undefined ? records : records.slice(0, limit)
  const cols: Record<string, string[]> = {}
  header.forEach((h, i) => {
    cols[h] = slice.map((r) => r[i])
  })
  return cols
}
