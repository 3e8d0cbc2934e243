// Test helper: a shared dataset as a core `Table` decoded against its inferred schema, cached per test file. Core's
// functions are passed in (a type-only import here) so that this folder needs no dependency of its own: the tests
// hand it `@synthkit/core` as their package resolves it.
import type { Table, fromColumns, inferSchema } from '@synthkit/core'
import { type DatasetName, loadColumns } from './data'

/** Core's two functions the loader needs. */
export interface TableCore {
  readonly fromColumns: typeof fromColumns
  readonly inferSchema: typeof inferSchema
}

/** `loadTable(name, limit?)`: the dataset (its first `limit` rows) under the schema inferred from them, cached. */
export function datasetTableLoader(core: TableCore): (name: DatasetName, limit?: number) => Table {
  const tables = new Map<string, Table>()
  return (name, limit) => {
    const key = `${name}:${limit ?? ''}`
    const hit = tables.get(key)
    if (hit) return hit
    const cols = loadColumns(name, limit)
    const table = core.fromColumns(cols, core.inferSchema(cols).schema)
    tables.set(key, table)
    return table
  }
}
