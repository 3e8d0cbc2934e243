import type { TableSchema } from '@synthkit/core'
import { readSchemaFile } from '../io/json-file'
import type { LoadedTable } from '../io/table-io'
import type { Io } from '../terminal/io'
import { loadTableWithProgress } from '../terminal/read-progress'

/** A real and a synthetic table decoded with one schema (given, or inferred from the real data). */
export interface TablePair {
  readonly real: LoadedTable
  readonly synthetic: LoadedTable
  readonly schema: TableSchema
  readonly schemaSource: string
}

/** Reads the schema file when given; describes where the schema came from for the card. */
export async function optionalSchema(path: string | undefined): Promise<{ schema?: TableSchema; label: string; source: string }> {
  if (!path) return { label: 'the inferred schema', source: 'inferred from the real data by synthkit infer' }
  return { schema: await readSchemaFile(path), label: `the schema ${path}`, source: `schema file ${path}` }
}

/**
 * Loads the real table, then the synthetic one against the same schema, so the two compare column by column; each
 * read is shown as a progress bar on a terminal (`io`).
 */
export async function loadPair(io: Io, realPath: string, syntheticPath: string, schemaPath?: string): Promise<TablePair> {
  const given = await optionalSchema(schemaPath)
  const real = await loadTableWithProgress(io, realPath, { schema: given.schema, schemaLabel: given.label })
  const synthetic = await loadTableWithProgress(io, syntheticPath, {
    schema: real.schema,
    schemaLabel: schemaPath ? given.label : `the schema of ${realPath}`,
  })
  return {
    real,
    synthetic,
    schema: real.schema,
    schemaSource: real.inferred ? given.source : schemaPath ? given.source : `stored in ${realPath}`,
  }
}
