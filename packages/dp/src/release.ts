import { invalidParameter } from './errors'
import type { PrivacyBudget, PrivacyCost } from './privacy-budget'
import { isFitForRelease, requireRandomSource, secureRandomSource, type RandomSource } from './random'
import { describe, optionalString, requireObject } from './validate'

/** A differentially private output with what it cost and how it was made. */
export interface Release<T> {
  readonly value: T
  /** True only when every draw came from a source of `kind: 'secure'`; false for seeded sources (no privacy). */
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
  /** Randomness `{ nextUint32(), kind }`; defaults to a shared {@link secureRandomSource}. */
  readonly rng?: RandomSource
  /** What is being released, for the ledger (e.g. "count of age"). */
  readonly what?: string
}

let sharedSecure: RandomSource | undefined

/** The caller's source (checked), or the shared secure one (created on first use). */
export function sourceOf(options: { readonly rng?: unknown }): RandomSource {
  if (options.rng !== undefined) return requireRandomSource('rng', options.rng)
  sharedSecure ??= secureRandomSource()
  return sharedSecure
}

/** Checks the options object and its budget before any work. */
export function requireBudget(options: unknown): PrivacyBudget {
  const o = requireObject('options', options)
  const budget = o.budget as PrivacyBudget | undefined
  if (
    typeof budget !== 'object' ||
    budget === null ||
    typeof budget.charge !== 'function' ||
    typeof budget.canAfford !== 'function' ||
    typeof budget.canAffordAll !== 'function'
  ) {
    invalidParameter('budget', `a PrivacyBudget is required (createPrivacyBudget): every release is charged; got ${describe(budget)}`)
  }
  return budget
}

/**
 * A release whose every parameter has been checked and whose samplers have been built: `run()` charges the budget
 * and only then draws. Nothing that can fail on bad input is left for after the charge.
 */
export interface PreparedRelease<T> {
  readonly cost: PrivacyCost
  readonly what: string
  readonly mechanism: string
  readonly parameters: Record<string, number | string | boolean>
  /** Draws without charging (used by composite releases that charged all their parts first). */
  readonly draw: () => T
  readonly rng: RandomSource
  readonly budget: PrivacyBudget
}

/** Builds a {@link PreparedRelease}; `what` is checked to be a string (or absent) here. */
export function prepare<T>(
  budget: PrivacyBudget,
  rng: RandomSource,
  what: unknown,
  mechanism: string,
  cost: PrivacyCost,
  parameters: Record<string, number | string | boolean>,
  draw: () => T,
): PreparedRelease<T> {
  return { budget, rng, what: optionalString('what', what) ?? mechanism, mechanism, cost, parameters, draw }
}

/** Charges the budget (which throws PRIVACY_BUDGET_EXCEEDED without recording) and only then draws. */
export function run<T>(p: PreparedRelease<T>): Release<T> {
  p.budget.charge({ what: p.what, mechanism: p.mechanism, parameters: p.parameters, cost: p.cost })
  return drawCharged(p)
}

/** Draws a prepared release whose charge has already been recorded. */
export function drawCharged<T>(p: PreparedRelease<T>): Release<T> {
  return { value: p.draw(), fitForRelease: isFitForRelease(p.rng), mechanism: p.mechanism, cost: p.cost, parameters: p.parameters }
}

/** Checks, builds and runs in one step, for mechanisms whose samplers are built before this call. */
export function chargeThenRelease<T>(
  budget: PrivacyBudget,
  rng: RandomSource,
  what: unknown,
  mechanism: string,
  cost: PrivacyCost,
  parameters: Record<string, number | string | boolean>,
  release: () => T,
): Release<T> {
  return run(prepare(budget, rng, what, mechanism, cost, parameters, release))
}
