import { buildCard } from '../card/card'
import { cardFile, writeCardFiles } from '../card/card-files'
import { checkWritable } from '../io/atomic-write'
import { readModelFile } from '../synthesizers/model-file'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { type Sampled, sampleToFile } from '../synthesizers/run'
import type { Io } from '../terminal/io'
import { synthkitVersions } from '../versions'
import { cardId } from '../governance/card-id'
import { type GovernanceFlags, auditIfCatalog, governanceFromFlags } from '../governance/governance-flags'
import { fileSha256 } from '../io/table-io'

export interface SampleCommandOptions extends GovernanceFlags {
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
  /** The catalog whose audit log records this run. */
  readonly catalog?: string
  /** Sample past the size limits without asking. */
  readonly force?: boolean
  /** Worker threads (`--workers N`): the same rows for every N, drawn in parallel. */
  readonly workers?: number
}

/** `synthkit sample`: streams synthetic rows from a model file to CSV or Parquet in chunks (flat memory), atomically. */
export async function sampleCommand(options: SampleCommandOptions, io: Io, registry: SynthesizerRegistry): Promise<Sampled> {
  if (options.card) await checkWritable(options.card)
  const loaded = await readModelFile(options.model, registry)
  const createdAt = io.now().toISOString()
  const governance = await governanceFromFlags(options, createdAt)
  const modelSha256 = await fileSha256(options.model)
  // The card's id goes into the files' provenance marks, so it is fixed before sampling.
  const id = options.card
    ? cardId({ createdAt, model: modelSha256, seed: options.seed ?? null, rows: options.rows ?? null, out: options.out })
    : undefined
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
      cardId: id,
      force: options.force,
      workers: options.workers,
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
      id,
      provenance: file.provenance,
      governance,
      purpose: options.purpose,
      createdAt,
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
  await auditIfCatalog(options.catalog, io, {
    action: 'sample',
    subject: sampled.files.map((f) => f.path).join(', '),
    details: {
      model: { path: options.model, sha256: modelSha256 },
      seed: options.seed ?? null,
      rows: sampled.rows,
      cardId: id ?? null,
      files: await Promise.all(
        sampled.files.map(async (f) => ({ path: f.path, sha256: f.path === '-' ? null : await fileSha256(f.path) })),
      ),
    },
  })
  return sampled
}
