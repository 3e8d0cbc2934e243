import { writePairCard } from '../card/pair-card'
import { checkWritable } from '../io/atomic-write'
import { evaluateTables } from '../evaluation/evaluation'
import { loadPair } from '../evaluation/load-pair'
import { readModelFile } from '../synthesizers/model-file'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import type { Io } from '../terminal/io'
import { type GovernanceFlags, governanceFromFlags } from '../governance/governance-flags'

export interface CardCommandOptions extends GovernanceFlags {
  readonly real: string
  readonly synthetic: string
  readonly model?: string
  readonly schema?: string
  readonly out: string
  readonly purpose?: string
  readonly title?: string
}

/** `synthkit card`: evaluates and writes the dataset card (Markdown + JSON twin). */
export async function cardCommand(options: CardCommandOptions, io: Io, registry: SynthesizerRegistry): Promise<void> {
  await checkWritable(options.out)
  // checked before the evaluation; writePairCard reads them again
  await governanceFromFlags(options, io.now().toISOString())
  const model = options.model ? await readModelFile(options.model, registry) : undefined
  const pair = await loadPair(io, options.real, options.synthetic, options.schema)
  const evaluation = evaluateTables(pair.real.table, pair.synthetic.table, pair.schema)
  const paths = await writePairCard(options.out, options, pair, model, evaluation, io, registry)
  io.out(`dataset card written: ${paths.markdown}, ${paths.json}`)
}
