// Test and benchmark helper: loads the real datasets in ../shared/data (beside the repository).
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'

export const DATASETS = ['adult', 'telco_churn', 'diamonds', 'penguins', 'seattle_weather', 'flights_200k'] as const
export type DatasetName = (typeof DATASETS)[number]

/** Absolute path of ../shared (override with SYNTHKIT_SHARED). */
export const SHARED_DIR = process.env.SYNTHKIT_SHARED ?? fileURLToPath(new URL('../../shared/', import.meta.url))

export function dataPath(name: DatasetName): string {
  return `${SHARED_DIR}/data/${name}.csv`
}

export function referencePath(file: string): string {
  return `${SHARED_DIR}/reference/${file}`
}

const cache = new Map<string, { header: string[]; records: string[][] }>()

/** Header and string records of a CSV file (empty field = missing, kept as ''). */
export function loadCsvRecords(path: string): { header: string[]; records: string[][] } {
  const hit = cache.get(path)
  if (hit) return hit
  if (!existsSync(path)) throw new Error(`missing data file ${path}: ../shared must sit beside the repository`)
  const all: string[][] = parse(readFileSync(path, 'utf8'), { relax_quotes: false })
  const out = { header: all[0], records: all.slice(1) }
  cache.set(path, out)
  return out
}

/** Rows of a shared dataset as objects of strings ('' = missing), optionally only the first `limit`. */
export function loadRows(name: DatasetName, limit?: number): Record<string, string>[] {
  const { header, records } = loadCsvRecords(dataPath(name))
  const slice = limit === undefined ? records : records.slice(0, limit)
  return slice.map((rec) => Object.fromEntries(header.map((h, i) => [h, rec[i]])))
}

/** Columns of a shared dataset as arrays of strings ('' = missing). */
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
