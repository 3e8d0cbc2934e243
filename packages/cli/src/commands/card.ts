import { buildCard } from '../card'
import { cardFile, writeCardFiles } from '../card-files'
import { checkWritable } from '../atomic-write'
import { evaluateTables } from '../evaluation'
import type { Io } from '../io'
import { readModelFile } from '../model-file'
import { synthkitVersions } from '../versions'
import { loadPair } from './shared'

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
  const paths = await writeCardFiles(options.out, card)
  io.out(`dataset card written: ${paths.markdown}, ${paths.json}`)
}
