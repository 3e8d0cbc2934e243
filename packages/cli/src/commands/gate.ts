import { diagnosticScores, qualityScores } from '@synthkit/metrics'
import { checkConstraints, createRng } from '@synthkit/core'
import { readCardFile } from '../card/card-read'
import { type BaselineThresholds, baselineChecks } from '../governance/baseline-gate'
import { schemaChanges } from '../governance/schema-diff'
import { privacySummary, runPrivacyAttacks } from '../evaluation/privacy'
import { loadTable } from '../io/table-io'
import { CliError } from '../terminal/cli-error'
import { evaluateTables, percent } from '../evaluation/evaluation'
import { EXIT } from '../terminal/exit-codes'
import type { Io } from '../terminal/io'
import { textTable } from '../terminal/text-table'
import { loadPair } from '../evaluation/load-pair'
import { type ExtraMetricThresholds, gateMetricsRequest } from '../evaluation/extra-metric-flags'
import { type ExtraMetricsRequest, checkExtraMetricsRequest, runExtraMetrics, wantsExtraMetrics } from '../evaluation/extra-metrics'
import { constraintsToCheck, minConstraintValidity, withConstraints } from '../constraints/constraint-validity'

export interface GateCommandOptions extends BaselineThresholds, ExtraMetricsRequest, ExtraMetricThresholds {
  readonly real: string
  readonly synthetic: string
  readonly schema?: string
  readonly minQuality?: number
  readonly minShapes?: number
  readonly minPairTrends?: number
  readonly minDiagnostic?: number
  readonly maxCopyRate?: number
  /** Real rows the generator never saw: needed by --max-risk and --max-mia-auc. */
  readonly holdout?: string
  readonly maxRisk?: number
  readonly maxMiaAuc?: number
  readonly minDcrBaselineProtection?: number
  /** Seed of the privacy attacks (default 0, so a gate is reproducible). */
  readonly seed?: number
  /** A previous release's card: fail when this one is worse than it (see baseline-gate.ts) or the schema changed. */
  readonly baseline?: string
  /** Least share of synthetic rows that must satisfy each constraint (those of `constraints`, else discovered). */
  readonly minConstraintValidity?: number
  readonly constraints?: string
}

interface Check {
  readonly name: string
  readonly option: string
  readonly value: number | null
  readonly limit: number
  readonly kind: 'min' | 'max'
}

/**
 * A measured value and its limit as percents with as many decimals as it takes to tell them apart (so a gate can
 * never say "0.0% is above 0.0%"), at least one.
 */
export function formatPair(value: number | null, limit: number): [string, string] {
  if (value === null || Number.isNaN(value)) return ['n/a', percent(limit)]
  for (let d = 1; d <= 8; d++) {
    const a = `${(value * 100).toFixed(d)}%`
    const b = `${(limit * 100).toFixed(d)}%`
    if (a !== b || value === limit) return [a, b]
  }
  return [`${value * 100}%`, `${limit * 100}%`]
}

function passes(c: Check): boolean {
  if (c.value === null) return false
  return c.kind === 'min' ? c.value >= c.limit : c.value <= c.limit
}

/**
 * `synthkit gate`: evaluates and checks thresholds; prints every check, and fails with exit code 1 and one line
 * naming each failed threshold (measured vs required). A score that cannot be computed fails its check.
 */
export async function gateCommand(options: GateCommandOptions, io: Io): Promise<void> {
  const wanted: [keyof GateCommandOptions, string, string, 'min' | 'max'][] = [
    ['minQuality', 'overall quality', '--min-quality', 'min'],
    ['minShapes', 'Column Shapes', '--min-shapes', 'min'],
    ['minPairTrends', 'Column Pair Trends', '--min-pair-trends', 'min'],
    ['minDiagnostic', 'diagnostic score', '--min-diagnostic', 'min'],
    ['maxCopyRate', 'copied-row rate', '--max-copy-rate', 'max'],
    ['maxRisk', 'highest anonymeter risk', '--max-risk', 'max'],
    ['maxMiaAuc', 'highest membership-inference AUC', '--max-mia-auc', 'max'],
    ['minDcrBaselineProtection', 'DCRBaselineProtection', '--min-dcr-baseline-protection', 'min'],
    ['minDetection', 'detection score', '--min-detection', 'min'],
    ['maxPmse', 'pMSE', '--max-pmse', 'max'],
    ['minMlEfficacy', 'ML efficacy', '--min-ml-efficacy', 'min'],
    ['maxFairnessGap', 'largest fairness gap', '--max-fairness-gap', 'max'],
    ['minConstraintValidity', 'lowest constraint validity', '--min-constraint-validity', 'min'],
  ]
  const baseline = options.baseline ? await readCardFile(options.baseline) : undefined
  if (wanted.every(([k]) => options[k] === undefined) && !baseline) {
    throw new CliError(`gate needs at least one threshold: ${wanted.map(([, , o]) => o).join(', ')}, or --baseline`)
  }
  if ((options.maxRisk !== undefined || options.maxMiaAuc !== undefined) && !options.holdout) {
    throw new CliError("--max-risk and --max-mia-auc need --holdout: real rows the generator never saw, the attacks' control set")
  }
  const metrics = gateMetricsRequest(options)
  checkExtraMetricsRequest(metrics)
  const pair = await loadPair(io, options.real, options.synthetic, options.schema)
  const checked =
    options.minConstraintValidity !== undefined
      ? await constraintsToCheck({ real: pair.real.table, constraintsFile: options.constraints })
      : null
  const e = evaluateTables(pair.real.table, pair.synthetic.table, checked ? withConstraints(pair.schema, checked) : pair.schema)
  const measured: Record<string, number | null> = {
    minQuality: e.quality.score,
    minShapes: qualityScores(e.quality).columnShapes,
    minPairTrends: qualityScores(e.quality).columnPairTrends,
    minDiagnostic: e.diagnostic.score,
    maxCopyRate: 1 - e.newRows.newRowRate,
    minConstraintValidity: minConstraintValidity(e.diagnostic),
  }
  const baselineAttacks = baseline?.privacy.attacks !== null && baseline?.privacy.attacks !== undefined && options.holdout !== undefined
  if (
    options.maxRisk !== undefined ||
    options.maxMiaAuc !== undefined ||
    options.minDcrBaselineProtection !== undefined ||
    baselineAttacks
  ) {
    const holdout = options.holdout
      ? (await loadTable(options.holdout, { schema: pair.schema, schemaLabel: `the schema of ${options.real}` })).table
      : undefined
    const p = privacySummary(
      runPrivacyAttacks({ train: pair.real.table, synthetic: pair.synthetic.table, holdout, rng: createRng(options.seed ?? 0) }),
    )
    measured.maxRisk = p.maxRisk
    measured.maxMiaAuc = p.maxMiaAuc
    measured.minDcrBaselineProtection = p.dcrBaselineProtection
  }
  if (wantsExtraMetrics(metrics)) {
    const x = runExtraMetrics(pair.real.table, pair.synthetic.table, pair.schema, metrics)
    measured.minDetection = x.detection?.score ?? null
    measured.maxPmse = x.pmse?.pMSE ?? null
    measured.minMlEfficacy = x.mlEfficacy?.score ?? null
    measured.maxFairnessGap = x.fairnessGap ?? null
  }
  const checks: Check[] = wanted
    .filter(([k]) => options[k] !== undefined)
    .map(([k, name, option, kind]) => ({ name, option, kind, limit: options[k] as number, value: measured[k] }))
  const constraints = (pair.schema.constraints ?? []).filter((c) => c.type !== 'foreignKey')
  if (baseline)
    checks.push(
      ...baselineChecks(
        baseline,
        {
          quality: measured.minQuality,
          columnShapes: measured.minShapes,
          columnPairTrends: measured.minPairTrends,
          dataValidity: diagnosticScores(e.diagnostic).dataValidity,
          constraintValidity: constraints.length > 0 ? checkConstraints(pair.synthetic.table, constraints).validRate : null,
          maxRisk: measured.maxRisk ?? null,
          maxMiaAuc: measured.maxMiaAuc ?? null,
        },
        options,
      ),
    )
  const changed = baseline ? schemaChanges(baseline.schema.columns, pair.schema.columns) : []
  io.out(
    textTable(
      ['check', 'measured', 'required', 'result'],
      checks.map((c) => {
        const [v, l] = formatPair(c.value, c.limit)
        return [c.name, v, `${c.kind === 'min' ? '≥' : '≤'} ${l}`, passes(c) ? 'pass' : 'FAIL']
      }),
    ),
  )
  for (const c of changed) io.out(`schema changed since the baseline: ${c}`)
  const failed = checks.filter((c) => !passes(c))
  if (failed.length > 0 || changed.length > 0) {
    const reasons = failed.map((c) => {
      const [v, l] = formatPair(c.value, c.limit)
      return `${c.name} ${v} ${c.value === null ? 'could not be computed' : c.kind === 'min' ? `is below ${l}` : `is above ${l}`} (${c.option})`
    })
    if (changed.length > 0) reasons.push(`the schema changed since the baseline (${changed.join('; ')})`)
    throw new CliError(`gate failed: ${reasons.join('; ')}`, EXIT.gateFailed)
  }
  io.out('')
  io.out(`gate passed: ${checks.length} check${checks.length === 1 ? '' : 's'}`)
}
