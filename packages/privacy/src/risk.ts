import { SynthkitError } from '@synthkit/core'

/** A success rate with its symmetric error bound (anonymeter's `SuccessRate`). */
export interface SuccessRate {
  readonly rate: number
  readonly error: number
}

/** A risk in [0, 1] with its confidence interval, bounded to [0, 1] as anonymeter's `bind_value` does. */
export interface PrivacyRisk {
  readonly value: number
  readonly ci: readonly [number, number]
}

/**
 * Standard normal quantile, Wichura's AS 241 (PPND16, Applied Statistics 37, 1988): relative error about 1e-16.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity
    if (p === 1) return Infinity
    return Number.NaN
  }
  const q = p - 0.5
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    )
  }
  let r = q < 0 ? p : 1 - p
  r = Math.sqrt(-Math.log(r))
  let x: number
  if (r <= 5) {
    r -= 1.6
    x =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1)
  } else {
    r -= 5
    x =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1)
  }
  return q < 0 ? -x : x
}

/**
 * Wilson score estimate of a Bernoulli success rate and its error at `confidence` (Wilson 1927), as anonymeter's
 * `success_rate`: rate = (k + z²/2)/(n + z²), error = z/(n + z²)·√(k(n − k)/n + z²/4), z = Φ⁻¹((1 + confidence)/2).
 */
export function wilsonRate(nTotal: number, nSuccess: number, confidence = 0.95): SuccessRate {
  if (!(nTotal > 0) || !(nSuccess >= 0 && nSuccess <= nTotal) || !(confidence > 0 && confidence < 1)) {
    throw new SynthkitError('OPTIONS_INVALID', 'Invalid success-rate inputs', [
      {
        path: 'nTotal',
        message: `expected 0 ≤ successes (${nSuccess}) ≤ total (${nTotal}), total > 0, confidence in (0, 1) (${confidence})`,
      },
    ])
  }
  const z = normalQuantile(0.5 * (1 + confidence))
  const z2 = z * z
  const variance = (nSuccess * (nTotal - nSuccess)) / nTotal
  const denominator = nTotal + z2
  return { rate: (nSuccess + 0.5 * z2) / denominator, error: (z / denominator) * Math.sqrt(variance + 0.25 * z2) }
}

/**
 * Residual success of an attack over its control (anonymeter's `residual_success`): (main − control)/(1 − control),
 * the error propagated to first order: √((e_m / |1 − c|)² + (e_c·(m − 1)/(1 − c)²)²).
 */
export function residualRate(main: SuccessRate, control: SuccessRate): SuccessRate {
  const rate = (main.rate - control.rate) / (1 - control.rate)
  const dMain = 1 / Math.abs(1 - control.rate)
  const dControl = (main.rate - 1) / (1 - control.rate) ** 2
  return { rate, error: Math.sqrt((main.error * dMain) ** 2 + (control.error * dControl) ** 2) }
}

/** Bounds a rate and its symmetric error to [0, 1] (anonymeter's `bind_value`). */
export function toRisk(r: SuccessRate): PrivacyRisk {
  const clamp = (x: number) => Math.min(Math.max(x, 0), 1)
  return { value: clamp(r.rate), ci: [clamp(r.rate - r.error), clamp(r.rate + r.error)] }
}

/** Counts of an anonymeter-style evaluation and the risks derived from them (plain JSON). */
export interface AttackOutcome {
  readonly nAttacks: number
  readonly nSuccess: number
  readonly nBaseline: number
  /** Successes of the same attack against the control rows (possibly size-corrected, so not always an integer). */
  readonly nControl: number
  readonly attackRate: SuccessRate
  readonly baselineRate: SuccessRate
  readonly controlRate: SuccessRate
  /** Risk relative to the control: (attack − control)/(1 − control) with its propagated CI. */
  readonly risk: PrivacyRisk
  /** What random guessing achieves (the baseline attack's rate as a risk). */
  readonly baselineRisk: PrivacyRisk
  /** False when the attack does no better than the baseline: anonymeter warns that its result cannot be trusted. */
  readonly betterThanBaseline: boolean
}

/** anonymeter's `EvaluationResults` with a control set. */
export function attackOutcome(nAttacks: number, nSuccess: number, nBaseline: number, nControl: number, confidence = 0.95): AttackOutcome {
  const attackRate = wilsonRate(nAttacks, nSuccess, confidence)
  const baselineRate = wilsonRate(nAttacks, nBaseline, confidence)
  const controlRate = wilsonRate(nAttacks, Math.min(nControl, nAttacks), confidence)
  return {
    nAttacks,
    nSuccess,
    nBaseline,
    nControl,
    attackRate,
    baselineRate,
    controlRate,
    risk: toRisk(residualRate(attackRate, controlRate)),
    baselineRisk: toRisk(baselineRate),
    betterThanBaseline: attackRate.rate > baselineRate.rate,
  }
}
