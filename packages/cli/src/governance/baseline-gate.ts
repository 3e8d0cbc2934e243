import type { ReadCard } from '../card/card-read'

/** How far a candidate may fall behind its baseline before the gate fails. */
export interface BaselineThresholds {
  /** Largest allowed fall of the quality scores (overall, Column Shapes, Column Pair Trends). Default 0.02. */
  readonly maxQualityDrop?: number
  /** Largest allowed rise of a privacy risk (anonymeter risk, membership-inference AUC). Default 0.05. */
  readonly maxRiskRise?: number
  /** Largest allowed fall of Data Validity and of constraint validity. Default 0.01. */
  readonly maxValidityDrop?: number
}

export const DEFAULT_BASELINE_THRESHOLDS: Required<BaselineThresholds> = { maxQualityDrop: 0.02, maxRiskRise: 0.05, maxValidityDrop: 0.01 }

/** What was measured on the candidate release (null: not measured). */
export interface CandidateMeasures {
  readonly quality: number | null
  readonly columnShapes: number | null
  readonly columnPairTrends: number | null
  readonly dataValidity: number | null
  readonly constraintValidity: number | null
  readonly maxRisk: number | null
  readonly maxMiaAuc: number | null
}

/** One comparison with the baseline, in the shape of the gate's own checks. */
export interface BaselineCheck {
  readonly name: string
  readonly option: string
  readonly value: number | null
  readonly limit: number
  readonly kind: 'min' | 'max'
}

/**
 * The gate's checks against a baseline card: for every score the baseline recorded, the candidate must stay within
 * the allowed fall (quality, validity) or rise (privacy risks). Scores the baseline did not record are not checked;
 * a score the baseline recorded but the candidate could not measure fails (e.g. attacks without --holdout).
 */
export function baselineChecks(baseline: ReadCard, candidate: CandidateMeasures, thresholds: BaselineThresholds = {}): BaselineCheck[] {
  const t = { ...DEFAULT_BASELINE_THRESHOLDS, ...thresholds }
  const name = (what: string, value: number) => `${what} vs baseline ${(value * 100).toFixed(1)}%`
  const out: BaselineCheck[] = []
  const min = (what: string, base: number | null | undefined, value: number | null, drop: number, option: string) => {
    if (base !== null && base !== undefined)
      out.push({ name: name(what, base), option, value, limit: Math.max(0, base - drop), kind: 'min' })
  }
  const max = (what: string, base: number | null | undefined, value: number | null, rise: number, option: string) => {
    if (base !== null && base !== undefined)
      out.push({ name: name(what, base), option, value, limit: Math.min(1, base + rise), kind: 'max' })
  }
  min('overall quality', baseline.quality?.score, candidate.quality, t.maxQualityDrop, '--max-quality-drop')
  min('Column Shapes', baseline.quality?.columnShapes, candidate.columnShapes, t.maxQualityDrop, '--max-quality-drop')
  min('Column Pair Trends', baseline.quality?.columnPairTrends, candidate.columnPairTrends, t.maxQualityDrop, '--max-quality-drop')
  min('Data Validity', baseline.diagnostic?.dataValidity, candidate.dataValidity, t.maxValidityDrop, '--max-validity-drop')
  min(
    'constraint validity',
    baseline.diagnostic?.constraintValidity,
    candidate.constraintValidity,
    t.maxValidityDrop,
    '--max-validity-drop',
  )
  max('highest anonymeter risk', baseline.privacy.attacks?.maxRisk, candidate.maxRisk, t.maxRiskRise, '--max-risk-rise')
  max('membership-inference AUC', baseline.privacy.attacks?.maxMiaAuc, candidate.maxMiaAuc, t.maxRiskRise, '--max-risk-rise')
  return out
}
