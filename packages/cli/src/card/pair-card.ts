import type { Evaluation } from '../evaluation/evaluation'
import type { TablePair } from '../evaluation/load-pair'
import type { LoadedModel } from '../synthesizers/model-file'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import type { Io } from '../terminal/io'
import { synthkitVersions } from '../versions'
import { type CardAttacks, buildCard } from './card'
import { cardFile, writeCardFiles } from './card-files'
import { type GovernanceFlags, governanceFromFlags } from '../governance/governance-flags'
import { readSidecar } from '../governance/provenance'
import { checkConstraints } from '@synthkit/core'
import type { ExtraMetrics } from '../evaluation/extra-metrics'
import { cardInference } from './card-inference'
import { cardMetrics } from './card-metrics'

/**
 * Builds the dataset card of an evaluated real/synthetic pair (with the model's lineage and its synthesizer's
 * description when a model file is given) and writes it as Markdown + JSON twins to `out`. The card lists what
 * inference found in the real data and, when computed (`extra`), the opt-in metrics.
 */
export async function writePairCard(
  out: string,
  options: { readonly real: string; readonly synthetic: string; readonly purpose?: string; readonly title?: string } & GovernanceFlags,
  pair: TablePair,
  model: LoadedModel | undefined,
  evaluation: Evaluation,
  io: Io,
  registry: SynthesizerRegistry,
  attacks?: CardAttacks,
  extra?: ExtraMetrics,
): Promise<{ markdown: string; json: string }> {
  const real = await cardFile(options.real, pair.real.table.nRows, pair.schema.columns.length)
  if (model && model.lineage.sha256 !== real.sha256) {
    io.err(
      `warning: ${options.real} is not the file the model was fitted on (${model.lineage.input}, SHA-256 ${model.lineage.sha256.slice(0, 12)}…, now ${real.sha256.slice(0, 12)}…); the card records both`,
    )
  }
  // The synthetic file's own mark says which card id it was released under and how it was made.
  const sidecar = await readSidecar(options.synthetic).catch(() => null)
  const { file: _file, ...provenance } = sidecar ?? { file: null }
  // foreign keys need the parent tables, which a single-table card does not have
  const constraints = (pair.schema.constraints ?? []).filter((c) => c.type !== 'foreignKey')
  const createdAt = io.now().toISOString()
  const governance = await governanceFromFlags(options, createdAt)
  const card = buildCard({
    id: sidecar?.cardId ?? undefined,
    provenance: sidecar ? (provenance as Omit<NonNullable<typeof sidecar>, 'file'>) : undefined,
    governance,
    constraintValidity: constraints.length > 0 ? checkConstraints(pair.synthetic.table, constraints).validRate : null,
    title: options.title,
    purpose: options.purpose,
    createdAt,
    schema: pair.schema,
    schemaSource: pair.schemaSource,
    realTable: pair.real.table,
    real,
    synthetic: await cardFile(options.synthetic, pair.synthetic.table.nRows, pair.schema.columns.length),
    lineage: model?.lineage,
    generator: model
      ? {
          method: model.synthesizer.method,
          package: model.synthesizer.packageName,
          version: model.synthesizer.version,
          description: model.synthesizer.describe(model.model),
        }
      : undefined,
    versions: synthkitVersions(registry),
    evaluation,
    attacks,
    constraints: model?.constraints,
    metrics: extra ? cardMetrics(extra) : undefined,
    inference: cardInference({
      schema: pair.schema,
      schemaSource: pair.schemaSource,
      inferred: pair.real.inferred,
      cellProblemCount: pair.real.cellProblemCount,
    }),
  })
  return writeCardFiles(out, card)
}
