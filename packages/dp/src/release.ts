import type { PrivacyBudget, PrivacyCost } from './privacy-budget'
import { secureRandomSource, type RandomSource } from './random'
import { invalidParameter } from './errors'

/** A differentially private output with what it cost and how it was made. */
export interface Release<T> {
  readonly value: T
  /** False when drawn from {@link unsafeSeededForTesting}: such a value has no privacy guarantee. */
  readonly fitForRelease: boolean
  readonly mechanism: string
  readonly cost: PrivacyCost
  /** Mechanism parameters actually used (scale, σ, granularity, …), for audit. */
  readonly parameters: Readonly<Record<string, number | string | boolean>>
}

/** Options every mechanism takes. */
export interface MechanismOptions {
  /** The budget charged before anything is released. Required: there is no unmetered release. */
  readonly budget: PrivacyBudget
  /** Randomness; defaults to a shared {@link secureRandomSource}. */
  readonly rng?: RandomSource
  /** What is being released, for the ledger (e.g. "count of age"). */
  readonly what?: string
}

let sharedSecure: RandomSource | undefined

/** The caller's source, or the shared secure one (created on first use). */
export function sourceOf(options: { readonly rng?: RandomSource }): RandomSource {
  if (options.rng !== undefined) return options.rng
  sharedSecure ??= secureRandomSource()
  return sharedSecure
}

/** Checks the budget option is present before any work. */
export function requireBudget(options: { readonly budget?: PrivacyBudget } | undefined): PrivacyBudget {
  const budget = options?.budget
  if (budget === undefined || typeof budget !== 'object' || typeof budget.charge !== 'function') {
    invalidParameter('budget', 'a PrivacyBudget is required (createPrivacyBudget): every release is charged')
  }
  return budget
}

/** Charges the budget and only then builds the release (the draw happens inside `release`, after the charge). */
export function chargeThenRelease<T>(
  budget: PrivacyBudget,
  rng: RandomSource,
  what: string | undefined,
  mechanism: string,
  cost: PrivacyCost,
  parameters: Record<string, number | string | boolean>,
  release: () => T,
): Release<T> {
  budget.charge({ what: what ?? mechanism, mechanism, parameters, cost })
  return { value: release(), fitForRelease: rng.fitForRelease, mechanism, cost, parameters }
}
