import { DpError, invalidParameter } from './errors'
import {
  addRational,
  compareRational,
  multiplyRational,
  rational,
  rationalFromNumber,
  rationalToNumberFloor,
  subtractRational,
  type Rational,
} from './rational'
import { describe, requireDelta, requireNonNegative, requireObject, requirePositive } from './validate'

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
  /**
   * Records a charge or throws PRIVACY_BUDGET_EXCEEDED (nothing recorded). The cost is one of { epsilon, delta } or
   * { rho } (both at once is PARAMETER_INVALID), converted to the budget's accounting as described above.
   */
  charge(charge: Charge): void
  /** True when `cost` would fit in what is left (nothing recorded). */
  canAfford(cost: PrivacyCost): boolean
  /** True when all of `costs`, charged one after the other, would fit (exactly; nothing recorded). */
  canAffordAll(costs: readonly PrivacyCost[]): boolean
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

/**
 * Creates a {@link PrivacyBudget}. Throws PARAMETER_INVALID for ε ≤ 0, ρ ≤ 0, δ ∉ [0, 1), NaN, ∞, a ρ on a basic
 * budget or an ε/δ on a zCDP one, an unknown `accounting`, a `clock` that is not a function, or a malformed `history`.
 */
export function createPrivacyBudget(options: PrivacyBudgetOptions): PrivacyBudget {
  const o = requireObject('options', options)
  const accounting = o.accounting
  if (accounting !== undefined && accounting !== 'basic' && accounting !== 'zcdp') {
    invalidParameter('accounting', `expected 'basic' or 'zcdp', got ${describe(accounting)}`)
  }
  const zcdp = accounting === 'zcdp'
  const clockOption = o.clock
  if (clockOption !== undefined && typeof clockOption !== 'function') {
    invalidParameter('clock', `expected a function returning milliseconds, got ${describe(clockOption)}`)
  }
  const clock = (clockOption as (() => number) | undefined) ?? (() => Date.now())
  let total: Amounts
  let totalCost: PrivacyCost
  if (zcdp) {
    if (o.epsilon !== undefined || o.delta !== undefined) {
      invalidParameter(o.epsilon !== undefined ? 'epsilon' : 'delta', "a zCDP budget is given in rho only (accounting: 'zcdp')")
    }
    const rho = requirePositive('rho', o.rho)
    total = { a: rationalFromNumber(rho), b: ZERO }
    totalCost = { rho }
  } else {
    if (o.rho !== undefined) invalidParameter('rho', "rho needs accounting: 'zcdp'; a basic budget is given in epsilon (and delta)")
    const epsilon = requirePositive('epsilon', o.epsilon)
    const delta = requireDelta('delta', o.delta ?? 0, true)
    total = { a: rationalFromNumber(epsilon), b: rationalFromNumber(delta) }
    totalCost = { epsilon, delta }
  }
  let spent: Amounts = { a: ZERO, b: ZERO }
  const entries: LedgerEntry[] = []

  // A cost is exactly one of { epsilon, delta } and { rho }, converted to the budget's accounting: on a zCDP budget a
  // pure ε-DP cost is ρ = ε²/2 (Bun & Steinke 2016, Proposition 1.4); (ε, δ > 0) has no zCDP equivalent and is
  // refused; a ρ cannot be charged to an (ε, δ) budget here (its conversion depends on a δ the caller must choose).
  const normalise = (cost: unknown, path: string): { amounts: Amounts; cost: PrivacyCost } => {
    if (typeof cost !== 'object' || cost === null) invalidParameter(path, `expected { epsilon, delta } or { rho }, got ${describe(cost)}`)
    const c = cost as Record<string, unknown>
    const hasRho = c.rho !== undefined
    const hasApprox = c.epsilon !== undefined || c.delta !== undefined
    if (hasRho && hasApprox) {
      invalidParameter(path, `give either { epsilon, delta } or { rho }, not both: got ${describe(cost)}`)
    }
    if (hasRho) {
      const rho = requireNonNegative(`${path}.rho`, c.rho)
      if (!zcdp) {
        invalidParameter(`${path}.rho`, 'a ρ-zCDP cost cannot be charged to a basic (ε, δ) budget: give the mechanism epsilon and delta')
      }
      return { amounts: { a: rationalFromNumber(rho), b: ZERO }, cost: { rho } }
    }
    const epsilon = requireNonNegative(`${path}.epsilon`, c.epsilon)
    const delta = requireDelta(`${path}.delta`, c.delta, true)
    if (zcdp) {
      if (delta > 0) {
        invalidParameter(`${path}.delta`, 'an approximate (ε, δ > 0) cost cannot be charged to a zCDP budget: give the mechanism rho')
      }
      const e = rationalFromNumber(epsilon)
      return { amounts: { a: multiplyRational(multiplyRational(e, e), rational(1, 2)), b: ZERO }, cost: { epsilon, delta } }
    }
    return { amounts: { a: rationalFromNumber(epsilon), b: rationalFromNumber(delta) }, cost: { epsilon, delta } }
  }
  const fits = (x: Amounts): boolean =>
    compareRational(addRational(spent.a, x.a), total.a) <= 0 && compareRational(addRational(spent.b, x.b), total.b) <= 0
  const report = (x: Amounts): PrivacyCost =>
    zcdp ? { rho: rationalToNumberFloor(x.a) } : { epsilon: rationalToNumberFloor(x.a), delta: rationalToNumberFloor(x.b) }
  const sum = (xs: readonly Amounts[]): Amounts =>
    xs.reduce((acc, x) => ({ a: addRational(acc.a, x.a), b: addRational(acc.b, x.b) }), { a: ZERO, b: ZERO })

  const checkCharge = (charge: unknown, path: string): { entry: Omit<LedgerEntry, 'at'>; amounts: Amounts } => {
    const c = requireObject(path, charge)
    const what = c.what
    const mechanism = c.mechanism
    if (typeof what !== 'string') invalidParameter(`${path}.what`, `expected a string, got ${describe(what)}`)
    if (typeof mechanism !== 'string') invalidParameter(`${path}.mechanism`, `expected a string, got ${describe(mechanism)}`)
    const parameters: Record<string, number | string | boolean> = {}
    if (c.parameters !== undefined) {
      const ps = requireObject(`${path}.parameters`, c.parameters)
      for (const [k, v] of Object.entries(ps)) {
        if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
          invalidParameter(`${path}.parameters.${k}`, `expected a number, string or boolean, got ${describe(v)}`)
        }
        parameters[k] = v
      }
    }
    const { amounts, cost } = normalise(c.cost, `${path}.cost`)
    return { entry: { what, mechanism, parameters, cost }, amounts }
  }
  let replaying: number | undefined
  const record = (charge: unknown, path: string): void => {
    const { entry, amounts } = checkCharge(charge, path)
    if (!fits(amounts)) {
      const left = report({ a: subtractRational(total.a, spent.a), b: subtractRational(total.b, spent.b) })
      throw new DpError('PRIVACY_BUDGET_EXCEEDED', `privacy budget exceeded by ${entry.mechanism} (${entry.what}): nothing was released`, [
        { path: 'budget', message: `cost ${JSON.stringify(entry.cost)} exceeds what is left, ${JSON.stringify(left)}` },
      ])
    }
    const at = replaying ?? clock()
    if (typeof at !== 'number' || !Number.isFinite(at)) {
      invalidParameter('clock', `expected a finite number of milliseconds, got ${describe(at)}`)
    }
    spent = { a: addRational(spent.a, amounts.a), b: addRational(spent.b, amounts.b) }
    entries.push({ ...entry, at })
  }

  const budget: PrivacyBudget = {
    accounting: zcdp ? 'zcdp' : 'basic',
    total: totalCost,
    remaining: () => report({ a: subtractRational(total.a, spent.a), b: subtractRational(total.b, spent.b) }),
    spent: () => report(spent),
    canAfford: (cost) => fits(normalise(cost, 'cost').amounts),
    canAffordAll: (costs) => {
      if (!Array.isArray(costs)) invalidParameter('costs', `expected an array of costs, got ${describe(costs)}`)
      return fits(sum(costs.map((c, i) => normalise(c, `costs.${i}`).amounts)))
    },
    ledger: () => entries.slice(),
    charge: (charge) => record(charge, 'charge'),
  }
  const history = o.history
  if (history !== undefined && !Array.isArray(history)) {
    invalidParameter('history', `expected a saved ledger (an array of entries), got ${describe(history)}`)
  }
  for (const [i, entry] of ((history as readonly unknown[] | undefined) ?? []).entries()) {
    const e = requireObject(`history.${i}`, entry)
    if (typeof e.at !== 'number' || !Number.isFinite(e.at)) {
      invalidParameter(`history.${i}.at`, `expected a finite timestamp, got ${describe(e.at)}`)
    }
    replaying = e.at
    record(entry, `history.${i}`)
  }
  replaying = undefined
  return budget
}
