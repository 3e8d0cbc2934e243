import { type CopulaModel, fitCopula } from '@synthkit/copula'
import type { Table, TableSchema } from '@synthkit/core'
import { checkWritable, writeTextAtomic } from '../io/atomic-write'
import { buildCard } from '../card/card'
import { cardFile, writeCardFiles } from '../card/card-files'
import type { Io } from '../terminal/io'
import { type Method, type ModelFile, parseMethod } from '../synthesizers/model-file'
import { fileSha256, loadTable } from '../io/table-io'
import { synthkitVersions } from '../versions'
import { optionalSchema } from '../evaluation/load-pair'

export interface FitCommandOptions {
  readonly data: string
  readonly schema?: string
  readonly method: string
  readonly out: string
  readonly seed?: number
  readonly card?: string
  readonly purpose?: string
}

/** Fits a generator; the one place that knows which package implements which method. */
export function fitModel(method: Method, table: Table, schema: TableSchema): { model: CopulaModel; options: Record<string, unknown> } {
  switch (method) {
    case 'copula': {
      const options = { marginals: 'auto' as const, enforceMinMax: true }
      return { model: fitCopula(table, { schema, ...options }), options }
    }
  }
}

/** `synthkit fit`: reads the data, fits the model and writes it with its lineage (input hash, seed, versions). */
export async function fitCommand(options: FitCommandOptions, io: Io): Promise<ModelFile> {
  const method = parseMethod(options.method)
  await checkWritable(options.out)
  if (options.card) await checkWritable(options.card)
  const given = await optionalSchema(options.schema)
  const loaded = await loadTable(options.data, { schema: given.schema, schemaLabel: given.label })
  const t0 = performance.now()
  const { model, options: fitOptions } = fitModel(method, loaded.table, loaded.schema)
  const fitSeconds = (performance.now() - t0) / 1000
  const file: ModelFile = {
    format: 'synthkit.model',
    version: 1,
    method,
    lineage: {
      input: options.data,
      sha256: await fileSha256(options.data),
      rows: loaded.table.nRows,
      columns: loaded.schema.columns.length,
      seed: options.seed ?? null,
      fittedAt: io.now().toISOString(),
      fitSeconds,
      versions: synthkitVersions(),
      options: fitOptions,
      schemaSource: loaded.inferred ? given.source : options.schema ? given.source : `stored in ${options.data}`,
    },
    model,
  }
  await writeTextAtomic(options.out, `${JSON.stringify(file)}\n`)
  io.out(`fitted a ${method} model on ${options.data} (${loaded.table.nRows} rows × ${loaded.schema.columns.length} columns) in ${fitSeconds.toFixed(2)} s → ${options.out}`)
  if (options.card) {
    const card = buildCard({
      purpose: options.purpose,
      createdAt: io.now().toISOString(),
      schema: loaded.schema,
      schemaSource: file.lineage.schemaSource,
      realTable: loaded.table,
      real: await cardFile(options.data, loaded.table.nRows, loaded.schema.columns.length),
      lineage: file.lineage,
      method,
      versions: synthkitVersions(),
    })
    const paths = await writeCardFiles(options.card, card)
    io.out(`dataset card written: ${paths.markdown}, ${paths.json}`)
  }
  return file
}
