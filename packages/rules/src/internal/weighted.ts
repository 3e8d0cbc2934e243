import { type Rng, uniformInt } from '@synthkit/core'

const TWO_POW_32 = 4294967296

/**
 * Draws an index with probability proportional to `weights` by Walker's alias method (Walker 1977; Vose 1991's
 * stable construction): O(1) per draw from one 53-bit uniform, set up in O(k).
 */
export function aliasSampler(weights: readonly number[]): (rng: Rng) => number {
  const k = weights.length
  const total = weights.reduce((a, b) => a + b, 0)
  const prob = new Float64Array(k)
  const alias = new Int32Array(k)
  const scaled = weights.map((w) => (w * k) / total)
  const small: number[] = []
  const large: number[] = []
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i))
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!
    const l = large.pop()!
    prob[s] = scaled[s]!
    alias[s] = l
    scaled[l] = scaled[l]! + scaled[s]! - 1
    ;(scaled[l]! < 1 ? small : large).push(l)
  }
  for (const i of large) prob[i] = 1
  for (const i of small) prob[i] = 1
  if (k === 1) return () => 0
  return (rng) => {
    const u = rng.next() * k
    const i = Math.floor(u)
    return u - i < prob[i]! ? i : alias[i]!
  }
}

/**
 * An unbiased index in [0, n): Lemire's multiply-and-reject ("Fast random integer generation in an interval", 2019)
 * while x·n stays exact in a double (n < 2^21), core's uniformInt beyond.
 */
export function pickIndex(rng: Rng, n: number): number {
  if (n <= 1) return 0
  if (n >= 2097152) return uniformInt(rng, n)
  const threshold = (TWO_POW_32 - n) % n
  for (;;) {
    const m = rng.nextUint32() * n
    if (m % TWO_POW_32 >= threshold) return Math.floor(m / TWO_POW_32)
  }
}
