import type { RandomSource } from './random'
import { uniformBelow, uniformBelowBig } from './uniform'

// Exact Bernoulli samplers for rational probabilities, after Canonne, Kamath & Steinke, "The Discrete Gaussian for
// Differential Privacy" (NeurIPS 2020), Section 5 / Algorithm 1, which follows von Neumann (1951) and Forsythe
// (1972). Only integer comparisons of uniform draws are used: the probabilities are exact.

const MAX_SAFE = Number.MAX_SAFE_INTEGER

/** Bernoulli(n/d) for safe integers 0 ≤ n ≤ d, d ≥ 1: a uniform draw in [0, d) compared with n. */
export function bernoulliRatio(n: number, d: number, rng: RandomSource): boolean {
  return uniformBelow(d, rng) < n
}

/**
 * Bernoulli(exp(−n/d)) for integers 0 ≤ n ≤ d (γ ∈ [0, 1]), CKS Algorithm 1: draw A_K ~ Bernoulli(γ/K) for
 * K = 1, 2, … until the first A_K = 0; return 1 iff that K is odd. Falls back to BigInt once d·K leaves the safe
 * integers.
 */
export function bernoulliExpFraction(n: number, d: number, rng: RandomSource): boolean {
  if (n === 0) return true // A_1 ~ Bernoulli(0) = 0 at once: K = 1 is odd
  let k = 1
  for (;;) {
    const dk = d * k
    if (dk > MAX_SAFE) return bernoulliExpFractionBigFrom(BigInt(n), BigInt(d), k, rng)
    if (uniformBelow(dk, rng) >= n) break
    k++
  }
  return (k & 1) === 1
}

function bernoulliExpFractionBigFrom(n: bigint, d: bigint, k: number, rng: RandomSource): boolean {
  let kk = BigInt(k)
  while (uniformBelowBig(d * kk, rng) < n) kk++
  return (kk & 1n) === 1n
}

/** Bernoulli(exp(−1)) (Algorithm 1 with γ = 1). */
export function bernoulliExpMinusOne(rng: RandomSource): boolean {
  // A_1 ~ Bernoulli(1/1) is always 1, so start at K = 2; A_K ~ Bernoulli(1/K): a draw in [0, K) equal to 0.
  let k = 2
  while (uniformBelow(k, rng) === 0) k++
  return (k & 1) === 1
}

/**
 * Bernoulli(exp(−n/d)) for safe integers n ≥ 0, d ≥ 1 and any γ = n/d: the product of ⌊γ⌋ draws of
 * Bernoulli(exp(−1)) and one of Bernoulli(exp(−(γ − ⌊γ⌋))) (CKS Section 5). Stops at the first 0, so the expected
 * work is bounded even for large γ.
 */
export function bernoulliExp(n: number, d: number, rng: RandomSource): boolean {
  let q = Math.floor(n / d)
  // Float division of safe integers can round up to the next integer: correct it exactly.
  if (q * d > n) q--
  const r = n - q * d
  if (!bernoulliExpFraction(r, d, rng)) return false
  for (let i = 0; i < q; i++) if (!bernoulliExpMinusOne(rng)) return false
  return true
}

/** Bernoulli(exp(−n/d)) for bigints n ≥ 0, d ≥ 1; same algorithm as {@link bernoulliExp}. */
export function bernoulliExpBig(n: bigint, d: bigint, rng: RandomSource): boolean {
  if (n <= BigInt(MAX_SAFE) && d <= BigInt(MAX_SAFE)) return bernoulliExp(Number(n), Number(d), rng)
  const q = n / d
  const r = n - q * d
  if (!bernoulliExpFractionBigFrom(r, d, 1, rng)) return false
  for (let i = 0n; i < q; i++) if (!bernoulliExpMinusOne(rng)) return false
  return true
}
