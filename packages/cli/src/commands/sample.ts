import { copulaModelSchema, parseCopulaModel, sampleCopulaStream } from '@synthkit/copula'
import { type Rng, type Table, type TableSchema, createRng, secureRng } from '@synthkit/core'
import { checkWritable } from '../io/atomic-write'
import { buildCard } from '../card/card'
import { cardFile, writeCardFiles } from '../card/card-files'
import { type Condition, parseConditions } from '../synthesizers/conditions'
import type { Io } from '../terminal/io'
import { type Method, type ModelLineage, readModelFile } from '../synthesizers/model-file'
import { rowProgress } from '../terminal/progress'
import { formatOf, writeTable } from '../io/table-io'
import { synthkitVersions } from '../versions'

export interface SampleCommandOptions {
  readonly model: string
  readonly rows: number
  readonly out: string
  readonly seed?: number
  readonly where?: readonly string[]
  readonly chunkRows?: number
  readonly card?: string
  readonly purpose?: string
}

/** Default rows per chunk: large enough to amortise per-chunk work, small enough to keep memory flat. */
export const DEFAULT_CHUNK_ROWS = 65_536

/** A loaded generator: its schema and a chunked sampler. */
export interface Generator {
  readonly method: Method
  readonly schema: TableSchema
  readonly lineage?: ModelLineage
  readonly stream: (n: number, rng: Rng, options: { chunkRows: number; conditions?: Record<string, Condition> }) => Iterable<Table>
}

/** Reads and validates a model file; the generator's package checks the model itself. */
export async function loadGenerator(path: string): Promise<Generator> {
  const file = await readModelFile(path)
  switch (file.method) {
    case 'copula': {
      const model = parseCopulaModel(file.model)
      return {
        method: 'copula',
        schema: copulaModelSchema(model),
        lineage: file.lineage,
        stream: (n, rng, o) => sampleCopulaStream(model, n, rng, { chunkRows: o.chunkRows, conditions: o.conditions }),
      }
    }
  }
}

/** `synthkit sample`: streams synthetic rows to CSV or Parquet in chunks (flat memory), atomically. */
export async function sampleCommand(options: SampleCommandOptions, io: Io): Promise<{ seconds: number; schema: TableSchema }> {
  formatOf(options.out)
  await checkWritable(options.out)
  if (options.card) await checkWritable(options.card)
  const generator = await loadGenerator(options.model)
  const conditions = options.where && options.where.length > 0 ? parseConditions(options.where, generator.schema) : undefined
  const rng = options.seed !== undefined ? createRng(options.seed) : secureRng()
  const progress = rowProgress(io, options.rows, 'sampling')
  const t0 = performance.now()
  try {
    await writeTable(options.out, generator.schema, generator.stream(options.rows, rng, { chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS, conditions }), progress.advance)
  } finally {
    progress.stop()
  }
  const seconds = (performance.now() - t0) / 1000
  io.out(`sampled ${options.rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s (${Math.round(options.rows / seconds).toLocaleString('en-US')} rows/s) → ${options.out}`)
  if (options.card) {
    const card = buildCard({
      purpose: options.purpose,
      createdAt: io.now().toISOString(),
      schema: generator.schema,
      schemaSource: generator.lineage?.schemaSource ?? 'stored in the model',
      synthetic: await cardFile(options.out, options.rows, generator.schema.columns.length),
      lineage: generator.lineage,
      method: generator.method,
      sampling: { rows: options.rows, seed: options.seed ?? null, conditions: conditions ?? null, sampledAt: io.now().toISOString(), seconds },
      versions: synthkitVersions(),
    })
    const paths = await writeCardFiles(options.card, card)
    io.out(`dataset card written: ${paths.markdown}, ${paths.json}`)
  }
  return { seconds, schema: generator.schema }
}
