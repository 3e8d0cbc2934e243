import { drawBernoulliExpBig } from './bernoulli'
import { DpError } from './errors'
import { rational, rationalFromNumber, type Rational } from './rational'
import { chargeThenRelease, requireBudget, sourceOf, type MechanismOptions, type Release } from './release'
import { requireRandomSource, type RandomSource } from './random'
import { drawBelow, drawBelowBig } from './uniform'
import { describe, requireArrayLike, requirePositive } from './validate'

/** Options of {@link exponentialMechanism} and {@link reportNoisyMaxGumbel}. */
export interface ExponentialOptions extends MechanismOptions {
  readonly epsilon: number
  /** Sensitivity Δ of the utility function: |u(D, c) − u(D′, c)| ≤ Δ for neighbours D, D′ and every candidate c. */
  readonly sensitivity: number
}

function checkUtilities(values: unknown): ArrayLike<number> {
  const utilities = requireArrayLike<number>('utilities', values)
  if (utilities.length === 0) {
    throw new DpError('PARAMETER_INVALID', 'no candidates', [{ path: 'utilities', message: 'expected at least one candidate' }])
  }
  const issues = []
  for (let i = 0; i < utilities.length; i++) {
    const u = utilities[i]
    if (typeof u !== 'number' || !Number.isFinite(u)) {
      issues.push({ path: `utilities.${i}`, message: `expected a finite number, got ${describe(u)}` })
    }
    if (issues.length >= 20) break
  }
  if (issues.length > 0) throw new DpError('DATA_INVALID', 'utilities must be finite', issues)
  return utilities
}

/**
 * Exact draw of index i with probability ∝ w_i · exp(−γ_i), given γ_i = num_i/den ≥ 0 (at least one γ_i = 0) and
 * optional weights w_i ∈ (0, 1] as rationals: propose i uniformly, accept with Bernoulli(w_i)·Bernoulli(exp(−γ_i)).
 * Expected proposals ≤ k / Σ w_i e^{−γ_i}.
 */
export function sampleExpWeights(gammaNum: readonly bigint[], gammaDen: bigint, rng: RandomSource, weights?: readonly Rational[]): number {
  const k = gammaNum.length
  for (;;) {
    const i = drawBelow(k, rng)
    if (weights !== undefined) {
      const w = weights[i]
      if (w.num !== w.den && drawBelowBig(w.den, rng) >= w.num) continue
    }
    if (drawBernoulliExpBig(gammaNum[i], gammaDen, rng)) return i
  }
}

/**
 * The exponential mechanism (McSherry & Talwar, FOCS 2007): selects candidate i with probability
 * ∝ exp(ε·u_i/(2Δ)). Guarantee: ε-DP for a utility of sensitivity Δ.
 *
 * Sampled exactly: utilities, ε and Δ are taken as exact rationals and the choice is made by rejection with exact
 * Bernoulli(exp(−γ)) draws (Canonne, Kamath & Steinke 2020, Algorithm 1), so no floating-point exp, log or
 * normalisation enters the probabilities. Expected cost ≤ (number of candidates) Bernoulli draws.
 *
 * @returns the index of the chosen candidate.
 */
export function exponentialMechanism(utilities: ArrayLike<number>, options: ExponentialOptions): Release<number> {
  const budget = requireBudget(options)
  const epsilon = requirePositive('epsilon', options.epsilon)
  const sensitivity = requirePositive('sensitivity', options.sensitivity)
  const us = checkUtilities(utilities)
  const rng = sourceOf(options)
  const draw = exponentialSampler(us, epsilon, sensitivity, rng)
  return chargeThenRelease(
    budget,
    rng,
    options.what,
    'exponential',
    { epsilon, delta: 0 },
    { epsilon, sensitivity, candidates: utilities.length },
    draw,
  )
}

/**
 * The sampler behind {@link exponentialMechanism}, without budget: a function drawing an index with probability
 * ∝ exp(ε·u_i/(2Δ)) exactly, for repeated draws (tests, composite mechanisms that charge once).
 */
export function exponentialSampler(utilities: ArrayLike<number>, epsilon: number, sensitivity: number, rng: RandomSource): () => number {
  requirePositive('epsilon', epsilon)
  requirePositive('sensitivity', sensitivity)
  const us = checkUtilities(utilities)
  const source = requireRandomSource('rng', rng)
  const { nums, den } = exponents(us, epsilon, sensitivity)
  return () => sampleExpWeights(nums, den, source)
}

/** γ_i = ε(u_max − u_i)/(2Δ) as exact rationals over a common denominator. */
export function exponents(utilities: ArrayLike<number>, epsilon: number, sensitivity: number): { nums: bigint[]; den: bigint } {
  let max = -Infinity
  for (let i = 0; i < utilities.length; i++) max = Math.max(max, utilities[i])
  const e = rationalFromNumber(epsilon)
  const s = rationalFromNumber(sensitivity)
  // Differences u_max − u_i are taken exactly as rationals (not as a rounded float subtraction).
  const diffs = Array.from({ length: utilities.length }, (_, i) => subtractExact(max, utilities[i]))
  let den = 2n * e.den * s.num
  for (const d of diffs) den = lcmDen(den, d.den * 2n * e.den * s.num)
  const nums = diffs.map((d) => (d.num * e.num * s.den * den) / (d.den * 2n * e.den * s.num))
  return { nums, den }
}

function subtractExact(a: number, b: number): Rational {
  // a ≥ b; both finite doubles, possibly negative.
  const ra = signedRational(a)
  const rb = signedRational(b)
  return rational(ra.num * rb.den - rb.num * ra.den, ra.den * rb.den)
}

function signedRational(x: number): { num: bigint; den: bigint } {
  const r = rationalFromNumber(Math.abs(x))
  return x < 0 ? { num: -r.num, den: r.den } : r
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

function lcmDen(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b
}

/**
 * Report-noisy-max with Gumbel noise: argmax_i (ε·u_i/(2Δ) + G_i), G_i ~ Gumbel(0, 1), which selects i with
 * probability ∝ exp(ε·u_i/(2Δ)), the same distribution as {@link exponentialMechanism} (the Gumbel-max trick;
 * Durfee & Rogers, NeurIPS 2019). Only the index is released, so no noisy value leaks low-order bits, but the
 * Gumbel draws use floating-point logarithms: probabilities are exact only to ~1e−15 relative. Prefer
 * {@link exponentialMechanism} (exact) unless there are very many candidates (this costs one pass, O(k)).
 */
export function reportNoisyMaxGumbel(utilities: ArrayLike<number>, options: ExponentialOptions): Release<number> {
  const budget = requireBudget(options)
  const epsilon = requirePositive('epsilon', options.epsilon)
  const sensitivity = requirePositive('sensitivity', options.sensitivity)
  const us = checkUtilities(utilities)
  const rng = sourceOf(options)
  const draw = gumbelMaxSampler(us, epsilon, sensitivity, rng)
  return chargeThenRelease(
    budget,
    rng,
    options.what,
    'report-noisy-max (Gumbel)',
    { epsilon, delta: 0 },
    { epsilon, sensitivity, candidates: utilities.length },
    draw,
  )
}

/** The sampler behind {@link reportNoisyMaxGumbel}, without budget. */
export function gumbelMaxSampler(utilities: ArrayLike<number>, epsilon: number, sensitivity: number, rng: RandomSource): () => number {
  requirePositive('epsilon', epsilon)
  requirePositive('sensitivity', sensitivity)
  utilities = checkUtilities(utilities)
  rng = requireRandomSource('rng', rng)
  const factor = epsilon / (2 * sensitivity)
  return () => {
    let best = 0
    let bestScore = -Infinity
    for (let i = 0; i < utilities.length; i++) {
      // u in (0, 1) with 53 random bits, never 0 or 1.
      const u = ((rng.nextUint32() >>> 5) * 67108864 + (rng.nextUint32() >>> 6) + 0.5) / 9007199254740992
      const score = factor * utilities[i] - Math.log(-Math.log(u))
      if (score > bestScore) {
        bestScore = score
        best = i
      }
    }
    return best
  }
}
