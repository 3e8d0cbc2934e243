import { createRng } from '@synthkit/core'
import type { CardAttacks } from '../card/card'
import { type PrivacyResults, privacyRows, privacySummary, runPrivacyAttacks } from '../evaluation/privacy'
import { loadTable } from '../io/table-io'
import { inferenceProblemLines } from '../terminal/inference-report'
import { textTable } from '../terminal/text-table'
import { writeTextAtomic } from '../io/atomic-write'
import { evaluateTables } from '../evaluation/evaluation'
import { evaluationSummary } from '../evaluation/evaluation-summary'
import { checkExtraMetricsRequest, extraMetricRows, runExtraMetrics, wantsExtraMetrics } from '../evaluation/extra-metrics'
import type { Io } from '../terminal/io'
import { readModelFile } from '../synthesizers/model-file'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { columnDistributions } from '../report/report-data'
import { renderReportHtml } from '../report/report-html'
import { cliVersion } from '../versions'
import { writePairCard } from '../card/pair-card'
import { cardInference } from '../card/card-inference'
import { loadPair } from '../evaluation/load-pair'
import { checkWritable } from '../io/atomic-write'
import { constraintValidityText, constraintsToCheck, withConstraints } from '../constraints/constraint-validity'

export interface EvaluateCommandOptions {
  readonly real: string
  readonly synthetic: string
  readonly schema?: string
  readonly json?: string
  readonly html?: string
  readonly card?: string
  readonly model?: string
  readonly purpose?: string
  /** Real rows the generator never saw: runs the privacy attacks (synthkit attack) too. */
  readonly holdout?: string
  readonly seed?: number
  /** Opt-in metrics: --detection, --pmse, --ml-efficacy --target COL, --fairness [--sensitive a,b] [--target COL]. */
  readonly detection?: boolean
  readonly pmse?: boolean
  readonly mlEfficacy?: boolean
  readonly fairness?: boolean
  readonly target?: string
  readonly sensitive?: readonly string[]
  readonly positive?: string
  /** Constraints to check on both tables (default: the model's, else those discovered on the real data). */
  readonly constraints?: string
}

/** `synthkit evaluate`: quality, diagnostic and new-row scores; optional JSON, HTML report and dataset card. */
export async function evaluateCommand(options: EvaluateCommandOptions, io: Io, registry: SynthesizerRegistry): Promise<void> {
  // Refuse unwritable outputs before the (possibly long) evaluation.
  for (const out of [options.json, options.html, options.card]) if (out) await checkWritable(out)
  checkExtraMetricsRequest(options)
  const model = options.model ? await readModelFile(options.model, registry) : undefined
  const started = performance.now()
  const pair = await loadPair(io, options.real, options.synthetic, options.schema)
  const checked = await constraintsToCheck({ real: pair.real.table, constraintsFile: options.constraints, model: model?.constraints })
  const evaluation = evaluateTables(pair.real.table, pair.synthetic.table, withConstraints(pair.schema, checked))
  const seconds = (performance.now() - started) / 1000
  io.out(
    `${options.synthetic} (${pair.synthetic.table.nRows} rows) against ${options.real} (${pair.real.table.nRows} rows), ${pair.schema.columns.length} columns, ${seconds.toFixed(2)} s`,
  )
  io.out('')
  io.out(evaluationSummary(evaluation))
  // what inference changed or could not read in the real data, where the user looks (as fit says it)
  const inferred = pair.real.inferred
  for (const line of inferred ? inferenceProblemLines(inferred, pair.real.cellProblemCount, { info: false }) : []) io.err(line)
  const extra = wantsExtraMetrics(options) ? runExtraMetrics(pair.real.table, pair.synthetic.table, pair.schema, options) : undefined
  if (extra) {
    io.out('')
    io.out(textTable(['metric', 'value', 'what it says'], extraMetricRows(extra)))
  }
  io.out('')
  io.out(constraintValidityText(evaluation.diagnostic, checked))
  let attacks: CardAttacks | undefined
  let privacy: PrivacyResults | undefined
  if (options.holdout) {
    const holdout = await loadTable(options.holdout, { schema: pair.schema, schemaLabel: `the schema of ${options.real}` })
    privacy = runPrivacyAttacks({
      train: pair.real.table,
      synthetic: pair.synthetic.table,
      holdout: holdout.table,
      rng: createRng(options.seed ?? 0),
    })
    const rows = privacyRows(privacy)
    io.out('')
    io.out(textTable(['privacy attack', 'measured', 'range / baseline', 'note'], rows))
    attacks = { ...privacySummary(privacy), rows }
  }
  const written: string[] = []
  if (options.json) {
    const report = { ...evaluation, ...(privacy ? { privacy } : {}), ...(extra ? { metrics: extra } : {}) }
    await writeTextAtomic(options.json, `${JSON.stringify(report, null, 2)}\n`)
    written.push(options.json)
  }
  if (options.html) {
    const distributions = columnDistributions(pair.real.table, pair.synthetic.table, pair.schema, evaluation)
    const html = renderReportHtml({
      meta: {
        real: options.real,
        synthetic: options.synthetic,
        generatedAt: io.now().toISOString(),
        synthkitVersion: cliVersion(),
        generator: model
          ? `${model.synthesizer.method} (${model.synthesizer.describe(model.model).title})${model.lineage.seed !== null ? `, fit seed ${model.lineage.seed}` : ''}`
          : undefined,
      },
      schema: pair.schema,
      evaluation,
      distributions,
      privacy,
      ...(extra ? { extraMetrics: extraMetricRows(extra) } : {}),
      inference: cardInference({
        schema: pair.schema,
        schemaSource: pair.schemaSource,
        inferred: pair.real.inferred,
        cellProblemCount: pair.real.cellProblemCount,
      }),
    })
    await writeTextAtomic(options.html, html)
    written.push(options.html)
  }
  if (options.card) {
    const paths = await writePairCard(options.card, options, pair, model, evaluation, io, registry, attacks, extra)
    written.push(paths.markdown, paths.json)
  }
  if (written.length > 0) {
    io.out('')
    io.out(`written: ${written.join(', ')}`)
  }
}
