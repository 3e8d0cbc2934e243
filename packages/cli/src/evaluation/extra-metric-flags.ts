import { type Command, InvalidArgumentError } from 'commander'
import type { ExtraMetricsRequest } from './extra-metrics'

/** Thresholds `gate` takes on the opt-in metrics (each also turns its metric on). */
export interface ExtraMetricThresholds {
  readonly minDetection?: number
  readonly maxPmse?: number
  readonly minMlEfficacy?: number
  readonly maxFairnessGap?: number
}

function unit(value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`expected a number between 0 and 1, got "${value}"`)
  return n
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** `--detection`, `--pmse`, `--ml-efficacy`, `--fairness` and their column flags, on `evaluate` and `gate`. */
export function addExtraMetricFlags(cmd: Command): Command {
  return cmd
    .option('--detection', 'also run detection: can a classifier tell real from synthetic rows? (slower: trains classifiers)')
    .option('--pmse', "also compute the propensity-score MSE (synthpop's pMSE and its ratio to the null)")
    .option('--ml-efficacy', 'also train on synthetic, test on real rows, predicting --target (slower)')
    .option('--fairness', 'also compare group representation and outcome rates over --sensitive columns (outcome: --target)')
    .option('--target <column>', 'the column --ml-efficacy predicts, and the outcome of --fairness')
    .option('--sensitive <a,b,…>', 'sensitive columns of --fairness (default: those tagged sensitive in the schema)', list)
    .option('--positive <label>', "the positive outcome of --fairness (default: the real data's rarest category)")
}

/** Gate thresholds on the opt-in metrics. */
export function addExtraMetricGateFlags(cmd: Command): Command {
  return cmd
    .option('--min-detection <score>', 'minimum detection score 1 − 2·|AUC − 0.5|, 0..1 (runs --detection)', unit)
    .option('--max-pmse <pmse>', 'maximum pMSE, 0..0.25 (runs --pmse)', unit)
    .option('--min-ml-efficacy <score>', 'minimum ML efficacy (synthetic-trained / real-trained score), 0..1; needs --target', unit)
    .option('--max-fairness-gap <gap>', 'maximum representation or outcome-rate gap of a sensitive group, 0..1 (runs --fairness)', unit)
}

/** The metrics a gate must compute: those asked for, and those a threshold needs. */
export function gateMetricsRequest(o: ExtraMetricsRequest & ExtraMetricThresholds): ExtraMetricsRequest {
  return {
    ...o,
    detection: o.detection === true || o.minDetection !== undefined,
    pmse: o.pmse === true || o.maxPmse !== undefined,
    mlEfficacy: o.mlEfficacy === true || o.minMlEfficacy !== undefined,
    fairness: o.fairness === true || o.maxFairnessGap !== undefined,
  }
}
