import { DpError, invalidParameter } from './errors'
import { addRational, compareRational, multiplyRational, rational, rationalFromNumber, rationalToNumberFloor, subtractRational, type Rational } from './rational'
import { requireDelta, requireNonNegative, requirePositive } from './validate'

/** The privacy cost of one release: pure/approximate DP (ε, δ), or ρ-zero-concentrated DP. */
export type PrivacyCost = { readonly epsilon: number; readonly delta: number } | { readonly rho: number }

/** One line of a budget's ledger: what was released, by which mechanism, with which parameters, at what cost, when. */
export interface LedgerEntry {
  readonly what: string
  readonly mechanism: string
  readonly parameters: Readonly<Record<string, number | string | boolean>>
  readonly cost: PrivacyCost
  /** From the budget's clock (milliseconds since the epoch by default). */
  readonly at: number
}

/** What a mechanism tells the budget before it releases. */
export interface Charge {
  readonly what: string
  readonly mechanism: string
  readonly parameters: Readonly<Record<string, number | string | boolean>>
  readonly cost: PrivacyCost
}

/**
 * A privacy budget that every mechanism charges BEFORE it releases. A charge that would exceed the budget throws
 * PRIVACY_BUDGET_EXCEEDED, is not recorded, and the mechanism releases nothing. Spending is summed exactly (every
 * double is a dyadic rational, summed with BigInt), so rounding can never let the total spent exceed the budget.
 *
 * - `accounting: 'basic'` (default): (ε, δ)-DP under basic sequential composition (Dwork, McSherry, Nissim &
 *   Smith 2006; Dwork & Roth 2014, Theorem 3.16): ε's add up, δ's add up.
 * - `accounting: 'zcdp'`: ρ-zCDP (Bun & Steinke, TCC 2016): ρ's add up (Lemma 2.3); a pure ε-DP release costs
 *   ρ = ε²/2 (Proposition 1.4). Approximate (ε, δ > 0) charges are refused on a zCDP budget.
 */
export interface PrivacyBudget {
  readonly accounting: 'basic' | 'zcdp'
  /** The total the budget allows. */
  readonly total: PrivacyCost
  /** What is left, rounded down. */
  remaining(): PrivacyCost
  /** What has been spent (exact sums, reported rounded down to a double). */
  spent(): PrivacyCost
  /** Records a charge or throws PRIVACY_BUDGET_EXCEEDED (nothing recorded). */
  charge(charge: Charge): void
  /** True when `cost` would fit in what is left (nothing recorded). */
  canAfford(cost: PrivacyCost): boolean
  /** The ledger, oldest first. */
  ledger(): readonly LedgerEntry[]
}

/** Options for {@link createPrivacyBudget}. */
export type PrivacyBudgetOptions = (
  | { readonly epsilon: number; readonly delta?: number; readonly accounting?: 'basic' }
  | { readonly rho: number; readonly accounting: 'zcdp' }
) & {
  /** Where ledger timestamps come from; defaults to `Date.now` (the only clock read, for the record only). */
  readonly clock?: () => number
  /**
   * A ledger saved from an earlier session (`JSON.stringify(budget.ledger())`): its entries are charged again, in
   * order, with their original timestamps, so a budget persists across runs. Throws PRIVACY_BUDGET_EXCEEDED if they
   * do not fit.
   */
  readonly history?: readonly LedgerEntry[]
}

interface Amounts {
  readonly a: Rational // ε or ρ
  readonly b: Rational // δ (0 for zCDP)
}

const ZERO: Rational = { num: 0n, den: 1n }

/** Creates a {@link PrivacyBudget}. Throws PARAMETER_INVALID for ε ≤ 0, ρ ≤ 0, δ ∉ [0, 1), NaN or ∞. */
export function createPrivacyBudget(options: PrivacyBudgetOptions): PrivacyBudget {
  const clock = options.clock ?? (() => Date.now())
  const zcdp = options.accounting === 'zcdp'
  let total: Amounts
  let totalCost: PrivacyCost
  if (zcdp) {
    const rho = requirePositive('rho', (options as { rho: number }).rho)
    total = { a: rationalFromNumber(rho), b: ZERO }
    totalCost = { rho }
  } else {
    const o = options as { epsilon: number; delta?: number }
    const epsilon = requirePositive('epsilon', o.epsilon)
    const delta = requireDelta('delta', o.delta ?? 0, true)
    total = { a: rationalFromNumber(epsilon), b: rationalFromNumber(delta) }
    totalCost = { epsilon, delta }
  }
  let spent: Amounts = { a: ZERO, b: ZERO }
  const entries: LedgerEntry[] = []

  const amounts = (cost: PrivacyCost): Amounts => {
    if (typeof cost !== 'object' || cost === null) invalidParameter('cost', 'expected { epsilon, delta } or { rho }')
    if ('rho' in cost) {
      const rho = requireNonNegative('cost.rho', cost.rho)
      if (!zcdp) invalidParameter('cost.rho', 'a ρ-zCDP cost cannot be charged to a basic (ε, δ) budget: give the mechanism epsilon and delta')
      return { a: rationalFromNumber(rho), b: ZERO }
    }
    const epsilon = requireNonNegative('cost.epsilon', cost.epsilon)
    const delta = requireDelta('cost.delta', cost.delta, true)
    if (zcdp) {
      if (delta > 0) invalidParameter('cost.delta', 'an approximate (ε, δ > 0) cost cannot be charged to a zCDP budget: give the mechanism rho')
      const e = rationalFromNumber(epsilon)
      return { a: multiplyRational(multiplyRational(e, e), rational(1, 2)), b: ZERO }
    }
    return { a: rationalFromNumber(epsilon), b: rationalFromNumber(delta) }
  }
  const fits = (x: Amounts): boolean =>
    compareRational(addRational(spent.a, x.a), total.a) <= 0 && compareRational(addRational(spent.b, x.b), total.b) <= 0
  const report = (x: Amounts): PrivacyCost =>
    zcdp ? { rho: rationalToNumberFloor(x.a) } : { epsilon: rationalToNumberFloor(x.a), delta: rationalToNumberFloor(x.b) }

  const budget: PrivacyBudget = {
    accounting: zcdp ? 'zcdp' : 'basic',
    total: totalCost,
    remaining: () => report({ a: subtractRational(total.a, spent.a), b: subtractRational(total.b, spent.b) }),
    spent: () => report(spent),
    canAfford: (cost) => fits(amounts(cost)),
    ledger: () => entries.slice(),
    charge(charge) {
      const x = amounts(charge.cost)
      if (!fits(x)) {
        const left = report({ a: subtractRational(total.a, spent.a), b: subtractRational(total.b, spent.b) })
        throw new DpError('PRIVACY_BUDGET_EXCEEDED', `privacy budget exceeded by ${charge.mechanism} (${charge.what}): nothing was released`, [
          { path: 'budget', message: `cost ${JSON.stringify(charge.cost)} exceeds what is left, ${JSON.stringify(left)}` },
        ])
      }
      spent = { a: addRational(spent.a, x.a), b: addRational(spent.b, x.b) }
      entries.push({ what: charge.what, mechanism: charge.mechanism, parameters: { ...charge.parameters }, cost: { ...charge.cost }, at: replaying ?? clock() })
    },
  }
  let replaying: number | undefined
  for (const [i, entry] of (options.history ?? []).entries()) {
    if (typeof entry !== 'object' || entry === null || typeof entry.at !== 'number') invalidParameter(`history.${i}`, 'expected a ledger entry { what, mechanism, parameters, cost, at }')
    replaying = entry.at
    budget.charge({ what: String(entry.what), mechanism: String(entry.mechanism), parameters: entry.parameters ?? {}, cost: entry.cost })
  }
  replaying = undefined
  return budget
}
