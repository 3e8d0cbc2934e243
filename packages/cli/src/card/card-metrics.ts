import type { MLScores } from '@synthkit/metrics'
import { type ExtraMetrics, extraMetricRows } from '../evaluation/extra-metrics'

/** A number for the card's JSON: NaN and ±Infinity (an undefined score) become null. */
const finite = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null)

/**
 * The opt-in metrics on a card (`--detection`, `--pmse`, `--ml-efficacy --target`, `--fairness`): each is null
 * unless it was asked for. `rows` are the lines `evaluate` prints (metric, value, what it says).
 */
export interface CardMetrics {
  readonly detection: {
    /** 1 − 2·|AUC − 0.5| of the best classifier: 1 = real and synthetic rows cannot be told apart. */
    readonly score: number | null
    readonly models: readonly { readonly model: string; readonly auc: number | null }[]
  } | null
  readonly pmse: { readonly pMSE: number | null; readonly ratio: number | null; readonly standardized: number | null } | null
  readonly mlEfficacy: {
    readonly target: string
    readonly task: 'classification' | 'regression'
    readonly model: string
    /** Macro F1 (classification) or R² (regression) trained on synthetic / trained on real, clipped to [0, 1]. */
    readonly score: number | null
    readonly metric: 'macro F1' | 'R²'
    readonly trainedOnSynthetic: number | null
    readonly trainedOnReal: number | null
  } | null
  readonly fairness: {
    /** The largest representation or outcome-rate gap over every sensitive column. */
    readonly gap: number | null
    readonly outcome: { readonly column: string; readonly positive: string } | null
    readonly columns: readonly { readonly column: string; readonly representationGap: number | null; readonly maxRateGap: number | null }[]
  } | null
  readonly rows: readonly (readonly string[])[]
}

const scoreOf = (s: MLScores) => finite('f1' in s ? s.f1 : s.r2)

/** The card's metrics section from what `runExtraMetrics` computed. */
export function cardMetrics(m: ExtraMetrics): CardMetrics {
  return {
    detection: m.detection
      ? { score: finite(m.detection.score), models: m.detection.models.map((x) => ({ model: x.model, auc: finite(x.auc) })) }
      : null,
    pmse: m.pmse ? { pMSE: finite(m.pmse.pMSE), ratio: finite(m.pmse.ratio), standardized: finite(m.pmse.standardized) } : null,
    mlEfficacy: m.mlEfficacy
      ? {
          target: m.mlEfficacy.target,
          task: m.mlEfficacy.task,
          model: m.mlEfficacy.model,
          score: finite(m.mlEfficacy.score),
          metric: m.mlEfficacy.task === 'classification' ? 'macro F1' : 'R²',
          trainedOnSynthetic: scoreOf(m.mlEfficacy.trainedOnSynthetic),
          trainedOnReal: scoreOf(m.mlEfficacy.trainedOnReal),
        }
      : null,
    fairness: m.fairness
      ? {
          gap: finite(m.fairnessGap),
          outcome: m.fairness.outcome ?? null,
          columns: m.fairness.columns.map((c) => ({
            column: c.column,
            representationGap: finite(c.representationGap),
            maxRateGap: finite(c.maxRateGap),
          })),
        }
      : null,
    rows: extraMetricRows(m),
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/** The metrics as a Markdown table under the scores; nothing when none was asked for. */
export function metricsMarkdown(m: CardMetrics | null): string[] {
  if (m === null || m.rows.length === 0) return []
  return [
    'More metrics (asked for with `--detection`, `--pmse`, `--ml-efficacy`, `--fairness`):',
    '',
    '| metric | value | what it says |',
    '|---|---:|---|',
    ...m.rows.map((r) => `| ${r.map((c) => cell(c)).join(' | ')} |`),
    '',
  ]
}
