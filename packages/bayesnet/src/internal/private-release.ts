// The two DP releases of a PrivBayes fit, from exact counts the fit never hands out: noisy counts (discrete Laplace)
// and the choice of a family (the exponential mechanism on its mutual information). Both the in-memory view
// (createPrivateTable) and the count-request build (buildPrivBayes) release through these, so the charges, the
// sensitivities and the noise drawn are the same whoever counted.
import type { RandomSource as CoreRandomSource } from '@synthkit/core'
import {
  type PrivacyBudget,
  type RandomSource as DpRandomSource,
  createPrivacyBudget,
  discreteLaplaceVectorMechanism,
  exponentialMechanism,
} from '@synthkit/dp'
import { mutualInformationOfCounts } from '../mutual-information'
import { mutualInformationSensitivity } from '../privbayes-calibration'

/** The releases of one fit, all charged to one budget and drawing from one noise source. */
export interface PrivateRelease {
  /** Noisy joint counts: discrete Laplace, L1 sensitivity 2 (replacing a row moves one unit between two cells). ε-DP. */
  noisyCounts(counts: Float64Array, epsilon: number, what: string): Float64Array
  /** The exponential mechanism over utilities of sensitivity 1 (see {@link familyUtility}). ε-DP. Returns the index. */
  select(utilities: Float64Array, epsilon: number, what: string): number
}

/** Options of {@link createPrivateRelease} (those of createPrivateTable). */
export interface PrivateReleaseOptions {
  readonly budget: PrivacyBudget
  readonly noise: CoreRandomSource
  /** DELIBERATELY BROKEN when ≠ 1 (privacy-audit tests only): noise is drawn for ε·divisor while the budget is charged ε. */
  readonly unsafeNoiseDivisor?: number
}

/** The releases of a fit over `options.budget`. */
export function createPrivateRelease(options: PrivateReleaseOptions): PrivateRelease {
  const { budget, noise } = options
  // @synthkit/dp's releases are fit for release only from a source of kind 'secure'.
  const rng: DpRandomSource = { nextUint32: () => noise.nextUint32(), kind: noise.kind }
  const divisor = options.unsafeNoiseDivisor ?? 1
  /** Runs a mechanism: honestly on the budget, or (broken variant) with ε·divisor on a throwaway budget. */
  const run = <T>(epsilon: number, what: string, mechanism: string, release: (b: PrivacyBudget, e: number) => T): T => {
    if (divisor === 1) return release(budget, epsilon)
    budget.charge({
      what,
      mechanism: `${mechanism} (BROKEN: noise for ε × ${divisor})`,
      parameters: { epsilon, divisor },
      cost: { epsilon, delta: 0 },
    })
    return release(createPrivacyBudget({ epsilon: epsilon * divisor }), epsilon * divisor)
  }
  return {
    noisyCounts: (counts, epsilon, what) =>
      run(
        epsilon,
        what,
        'discrete Laplace',
        (b, e) => discreteLaplaceVectorMechanism(counts, { budget: b, rng, epsilon: e, sensitivity: 2, what }).value,
      ),
    select: (utilities, epsilon, what) =>
      run(
        epsilon,
        what,
        'exponential',
        (b, e) => exponentialMechanism(utilities, { budget: b, rng, epsilon: e, sensitivity: 1, what }).value,
      ),
  }
}

/**
 * The structure score of a family from its joint counts (laid out `counts[parents' configuration · s_child + child]`,
 * the request layout of `[...parents, child]`): I(child; parents) / Δ, Δ from PrivBayes' Lemma 4.1 for n rows, so
 * the utility has sensitivity 1. `binary`: the child or its single parent has two states (the tighter Δ).
 */
export function familyUtility(counts: Float64Array, childStates: number, parentStates: readonly number[], n: number): number {
  const configs = parentStates.reduce((a, s) => a * s, 1)
  const binary = childStates === 2 || (parentStates.length === 1 && parentStates[0] === 2)
  return mutualInformationOfCounts(counts, childStates, configs) / mutualInformationSensitivity(n, binary)
}
