import { writePairCard } from '../card/pair-card'
import { checkWritable } from '../io/atomic-write'
import { evaluateTables } from '../evaluation/evaluation'
import {
  type ExtraMetricsRequest,
  checkExtraMetricsRequest,
  extraMetricRows,
  runExtraMetrics,
  wantsExtraMetrics,
} from '../evaluation/extra-metrics'
import { textTable } from '../terminal/text-table'
import { inferenceProblemLines } from '../terminal/inference-report'
import { loadPair } from '../evaluation/load-pair'
import { readModelFile } from '../synthesizers/model-file'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import type { Io } from '../terminal/io'
import { type GovernanceFlags, governanceFromFlags } from '../governance/governance-flags'

export interface CardCommandOptions extends GovernanceFlags, ExtraMetricsRequest {
  readonly real: string
  readonly synthetic: string
  readonly model?: string
  readonly schema?: string
  readonly out: string
  readonly purpose?: string
  readonly title?: string
}

/**
 * `synthkit card`: evaluates and writes the dataset card (Markdown + JSON twin), with the opt-in metrics of
 * `evaluate` when asked for (`--detection`, `--pmse`, `--ml-efficacy --target COL`, `--fairness`).
 */
export async function cardCommand(options: CardCommandOptions, io: Io, registry: SynthesizerRegistry): Promise<void> {
  await checkWritable(options.out)
  checkExtraMetricsRequest(options)
  // checked before the evaluation; writePairCard reads them again
  await governanceFromFlags(options, io.now().toISOString())
  const model = options.model ? await readModelFile(options.model, registry) : undefined
  const pair = await loadPair(io, options.real, options.synthetic, options.schema)
  const evaluation = evaluateTables(pair.real.table, pair.synthetic.table, pair.schema)
  // what inference changed or could not read in the real data, as evaluate says it (the card lists it too)
  const inferred = pair.real.inferred
  for (const line of inferred ? inferenceProblemLines(inferred, pair.real.cellProblemCount, { info: false }) : []) io.err(line)
  const extra = wantsExtraMetrics(options) ? runExtraMetrics(pair.real.table, pair.synthetic.table, pair.schema, options) : undefined
  if (extra) io.out(textTable(['metric', 'value', 'what it says'], extraMetricRows(extra)))
  const paths = await writePairCard(options.out, options, pair, model, evaluation, io, registry, undefined, extra)
  io.out(`dataset card written: ${paths.markdown}, ${paths.json}`)
}
