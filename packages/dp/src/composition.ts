import { DpError, invalidParameter } from './errors'
import { describe, requireDelta, requireInteger, requireNonNegative, requireObject, requirePositive } from './validate'

/** An (ε, δ)-DP guarantee. */
export interface ApproxDp {
  readonly epsilon: number
  readonly delta: number
}

/**
 * Basic sequential composition: running mechanisms that are (ε_i, δ_i)-DP gives (Σε_i, Σδ_i)-DP
 * (Dwork, Kenthapadi, McSherry, Mironov & Naor 2006; Dwork & Roth 2014, Theorem 3.16).
 */
export function basicComposition(guarantees: readonly ApproxDp[]): ApproxDp {
  if (!Array.isArray(guarantees)) invalidParameter('guarantees', `expected an array of { epsilon, delta }, got ${describe(guarantees)}`)
  let epsilon = 0
  let delta = 0
  guarantees.forEach((g: unknown, i) => {
    const o = requireObject(`guarantees.${i}`, g)
    epsilon += requireNonNegative(`guarantees.${i}.epsilon`, o.epsilon)
    delta += requireDelta(`guarantees.${i}.delta`, o.delta, true)
  })
  return { epsilon, delta: Math.min(1, delta) }
}

/**
 * Advanced composition (Dwork, Rothblum & Vadhan, FOCS 2010; Dwork & Roth 2014, Theorem 3.20): k-fold adaptive
 * composition of (ε, δ)-DP mechanisms is (ε′, kδ + δ′)-DP with ε′ = √(2k ln(1/δ′))·ε + k·ε·(e^ε − 1).
 * Returns the smaller of that and basic composition's kε (advanced composition only helps for small ε).
 */
export function advancedComposition(options: {
  readonly epsilon: number
  readonly delta: number
  readonly k: number
  readonly deltaPrime: number
}): ApproxDp {
  requireObject('options', options)
  const epsilon = requirePositive('epsilon', options.epsilon)
  const delta = requireDelta('delta', options.delta, true)
  const k = requireInteger('k', options.k, 1)
  const deltaPrime = requireDelta('deltaPrime', options.deltaPrime)
  const advanced = Math.sqrt(2 * k * Math.log(1 / deltaPrime)) * epsilon + k * epsilon * Math.expm1(epsilon)
  const total = k * delta + deltaPrime
  if (total >= 1) throw new DpError('PARAMETER_INVALID', 'k·δ + δ′ must be < 1', [{ path: 'deltaPrime', message: `k·δ + δ′ = ${total}` }])
  return { epsilon: Math.min(advanced, k * epsilon), delta: total }
}

/** The advanced-composition ε′ exactly as DRV state it (without the min with kε), for comparison. */
export function advancedCompositionEpsilon(epsilon: number, k: number, deltaPrime: number): number {
  requirePositive('epsilon', epsilon)
  requireInteger('k', k, 1)
  requireDelta('deltaPrime', deltaPrime)
  return Math.sqrt(2 * k * Math.log(1 / deltaPrime)) * epsilon + k * epsilon * Math.expm1(epsilon)
}
