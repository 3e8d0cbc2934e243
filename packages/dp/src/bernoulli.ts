import { invalidParameter } from './errors'
import { requireRandomSource, type RandomSource } from './random'
import { drawBelow, drawBelowBig } from './uniform'
import { describe } from './validate'

// Exact Bernoulli samplers for rational probabilities, after Canonne, Kamath & Steinke, "The Discrete Gaussian for
// Differential Privacy" (NeurIPS 2020), Section 5 / Algorithm 1, which follows von Neumann (1951) and Forsythe
// (1972). Only integer comparisons of uniform draws are used: the probabilities are exact.

const MAX_SAFE = Number.MAX_SAFE_INTEGER

/**
 * Bernoulli(exp(−n/d)) for safe integers 0 ≤ n ≤ d (γ ∈ [0, 1]), CKS Algorithm 1: draw A_K ~ Bernoulli(γ/K) for
 * K = 1, 2, … until the first A_K = 0; return 1 iff that K is odd. A_K is one uniform draw in [0, d·K) compared
 * with n while d·K < 2^53, and otherwise the product of two independent exact draws, Bernoulli(n/d)·Bernoulli(1/K)
 * (same probability, no product ever formed): exact for every K, without BigInt.
 */
function bernoulliExpFraction(n: number, d: number, rng: RandomSource): boolean {
  if (n === 0) return true // A_1 ~ Bernoulli(0) = 0 at once: K = 1 is odd
  let k = 1
  for (;;) {
    // d·k is exact when the true product is ≤ 2^53 − 1; a true product ≥ 2^53 rounds to ≥ 2^53, so the test is exact.
    const dk = d * k
    const success = dk <= MAX_SAFE ? drawBelow(dk, rng) < n : drawBelow(d, rng) < n && drawBelow(k, rng) === 0
    if (!success) break
    k++
  }
  return (k & 1) === 1
}

/** {@link bernoulliExpFraction} on bigints 0 ≤ n ≤ d. */
function bernoulliExpFractionBig(n: bigint, d: bigint, rng: RandomSource): boolean {
  if (n === 0n) return true
  let k = 1
  while (drawBelowBig(d, rng) < n && (k === 1 || drawBelow(k, rng) === 0)) k++
  return (k & 1) === 1
}

/** Bernoulli(exp(−1)) (Algorithm 1 with γ = 1). */
export function bernoulliExpMinusOne(rng: RandomSource): boolean {
  // A_1 ~ Bernoulli(1/1) is always 1, so start at K = 2; A_K ~ Bernoulli(1/K): a draw in [0, K) equal to 0.
  let k = 2
  while (drawBelow(k, rng) === 0) k++
  return (k & 1) === 1
}

/**
 * Bernoulli(exp(−n/d)) for safe integers n ≥ 0, d ≥ 1 (unchecked): the product of ⌊γ⌋ draws of Bernoulli(exp(−1))
 * and one of Bernoulli(exp(−(γ − ⌊γ⌋))) (CKS Section 5). Stops at the first 0, so the expected work is bounded even
 * for large γ.
 */
export function drawBernoulliExp(n: number, d: number, rng: RandomSource): boolean {
  let q = Math.floor(n / d)
  // Float division of safe integers can round up to the next integer: correct it exactly.
  if (q * d > n) q--
  const r = n - q * d
  if (!bernoulliExpFraction(r, d, rng)) return false
  for (let i = 0; i < q; i++) if (!bernoulliExpMinusOne(rng)) return false
  return true
}

/** Bernoulli(exp(−n/d)) for bigints n ≥ 0, d ≥ 1 (unchecked); same algorithm as {@link drawBernoulliExp}. */
export function drawBernoulliExpBig(n: bigint, d: bigint, rng: RandomSource): boolean {
  if (n <= BigInt(MAX_SAFE) && d <= BigInt(MAX_SAFE)) return drawBernoulliExp(Number(n), Number(d), rng)
  const q = n / d
  const r = n - q * d
  if (!bernoulliExpFractionBig(r, d, rng)) return false
  for (let i = 0n; i < q; i++) if (!bernoulliExpMinusOne(rng)) return false
  return true
}

/**
 * Exact Bernoulli(exp(−n/d)) for safe integers n ≥ 0 and d ≥ 1 (CKS 2020, Algorithm 1 and Section 5).
 * Throws PARAMETER_INVALID for anything else.
 */
export function bernoulliExp(n: number, d: number, rng: RandomSource): boolean {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) invalidParameter('n', `expected a safe integer ≥ 0, got ${describe(n)}`)
  if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) invalidParameter('d', `expected a safe integer ≥ 1, got ${describe(d)}`)
  return drawBernoulliExp(n, d, requireRandomSource('rng', rng))
}

/** Exact Bernoulli(exp(−n/d)) for bigints n ≥ 0 and d ≥ 1. Throws PARAMETER_INVALID for anything else. */
export function bernoulliExpBig(n: bigint, d: bigint, rng: RandomSource): boolean {
  if (typeof n !== 'bigint' || n < 0n) invalidParameter('n', `expected a bigint ≥ 0, got ${describe(n)}`)
  if (typeof d !== 'bigint' || d < 1n) invalidParameter('d', `expected a bigint ≥ 1, got ${describe(d)}`)
  return drawBernoulliExpBig(n, d, requireRandomSource('rng', rng))
}
