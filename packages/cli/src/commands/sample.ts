import { buildCard } from '../card/card'
import { cardFile, writeCardFiles } from '../card/card-files'
import { checkWritable } from '../io/atomic-write'
import { readModelFile } from '../synthesizers/model-file'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { type Sampled, sampleToFile } from '../synthesizers/run'
import type { Io } from '../terminal/io'
import { synthkitVersions } from '../versions'

export interface SampleCommandOptions {
  readonly model: string
  readonly rows?: number
  readonly scale?: number
  readonly out: string
  readonly format?: 'csv' | 'parquet'
  readonly seed?: number
  readonly where?: readonly string[]
  readonly chunkRows?: number
  readonly card?: string
  readonly purpose?: string
}

/** `synthkit sample`: streams synthetic rows from a model file to CSV or Parquet in chunks (flat memory), atomically. */
export async function sampleCommand(options: SampleCommandOptions, io: Io, registry: SynthesizerRegistry): Promise<Sampled> {
  if (options.card) await checkWritable(options.card)
  const loaded = await readModelFile(options.model, registry)
  const sampled = await sampleToFile(
    {
      model: loaded,
      rows: options.rows,
      scale: options.scale,
      out: options.out,
      format: options.format,
      seed: options.seed,
      where: options.where,
      chunkRows: options.chunkRows,
    },
    io,
  )
  const rate = sampled.seconds > 0 ? ` (${Math.round(sampled.rows / sampled.seconds).toLocaleString('en-US')} rows/s)` : ''
  io.out(
    `sampled ${sampled.rows.toLocaleString('en-US')} rows in ${sampled.seconds.toFixed(2)} s${rate} → ${sampled.files.map((f) => f.path).join(', ')}`,
  )
  if (options.card && sampled.files.length === 1) {
    const { synthesizer, model, lineage } = loaded
    const file = sampled.files[0]
    const card = buildCard({
      purpose: options.purpose,
      createdAt: io.now().toISOString(),
      schema: file.schema,
      schemaSource: lineage.schemaSource,
      synthetic: await cardFile(file.path, file.rows, file.schema.columns.length),
      lineage,
      generator: {
        method: synthesizer.method,
        package: synthesizer.packageName,
        version: synthesizer.version,
        description: synthesizer.describe(model),
      },
      sampling: {
        rows: file.rows,
        seed: options.seed ?? null,
        conditions: sampled.conditions,
        sampledAt: io.now().toISOString(),
        seconds: sampled.seconds,
      },
      versions: synthkitVersions(registry),
      constraints: loaded.constraints,
    })
    const paths = await writeCardFiles(options.card, card)
    io.out(`dataset card written: ${paths.markdown}, ${paths.json}`)
  }
  return sampled
}
