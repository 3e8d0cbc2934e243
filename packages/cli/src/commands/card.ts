import { buildCard } from '../card/card'
import { cardFile, writeCardFiles } from '../card/card-files'
import { checkWritable } from '../io/atomic-write'
import { evaluateTables } from '../evaluation/evaluation'
import type { Io } from '../terminal/io'
import { readModelFile } from '../synthesizers/model-file'
import { synthkitVersions } from '../versions'
import { loadPair } from '../evaluation/load-pair'

type Pair = Awaited<ReturnType<typeof loadPair>>
type ModelFile = Awaited<ReturnType<typeof readModelFile>>

export interface CardCommandOptions {
  readonly real: string
  readonly synthetic: string
  readonly model?: string
  readonly schema?: string
  readonly out: string
  readonly purpose?: string
  readonly title?: string
}

/** `synthkit card`: evaluates and writes the dataset card (Markdown + JSON twin). */
export async function cardCommand(options: CardCommandOptions, io: Io): Promise<void> {
  await checkWritable(options.out)
  const model = options.model ? await readModelFile(options.model) : undefined
  const pair = await loadPair(options.real, options.synthetic, options.schema)
  const evaluation = evaluateTables(pair.real.table, pair.synthetic.table, pair.schema)
  const paths = await writePairCard(options.out, options, pair, model, evaluation, io)
  io.out(`dataset card written: ${paths.markdown}, ${paths.json}`)
}

/** Builds the dataset card of an evaluated real/synthetic pair and writes it (Markdown + JSON twin) to `out`. */
export async function writePairCard(
  out: string,
  options: { readonly real: string; readonly synthetic: string; readonly purpose?: string; readonly title?: string },
  pair: Pair,
  model: ModelFile | undefined,
  evaluation: ReturnType<typeof evaluateTables>,
  io: Io,
): Promise<{ markdown: string; json: string }> {
  const card = buildCard({
    title: options.title,
    purpose: options.purpose,
    createdAt: io.now().toISOString(),
    schema: pair.schema,
    schemaSource: pair.schemaSource,
    realTable: pair.real.table,
    real: await cardFile(options.real, pair.real.table.nRows, pair.schema.columns.length),
    synthetic: await cardFile(options.synthetic, pair.synthetic.table.nRows, pair.schema.columns.length),
    lineage: model?.lineage,
    method: model?.method,
    versions: synthkitVersions(),
    evaluation,
  })
  return writeCardFiles(out, card)
}
