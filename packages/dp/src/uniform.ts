import { invalidParameter } from './errors'
import { requireRandomSource, type RandomSource } from './random'
import { describe } from './validate'

const TWO_POW_32 = 4294967296
const TWO_POW_53 = 9007199254740992

/**
 * A uniform integer in [0, m) for an integer 1 ≤ m ≤ 2^53, exactly (rejection sampling: no modulo bias).
 * Ranges up to 2^32 cost one draw (rarely two); larger ones 53 bits from two draws. Parameters are checked.
 */
export function uniformBelow(m: number, rng: RandomSource): number {
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > TWO_POW_53) {
    invalidParameter('m', `expected an integer in [1, 2^53], got ${describe(m)}`)
  }
  return drawBelow(m, requireRandomSource('rng', rng))
}

/** {@link uniformBelow} without parameter checks, for the samplers' inner loops (1 ≤ m ≤ 2^53, an integer). */
export function drawBelow(m: number, rng: RandomSource): number {
  if (m <= TWO_POW_32) {
    // Accept u below the largest multiple of m that fits in 2^32; `%` on doubles is exact.
    const limit = TWO_POW_32 - (TWO_POW_32 % m)
    for (;;) {
      const u = rng.nextUint32()
      if (u < limit) return u % m
    }
  }
  const limit = TWO_POW_53 - (TWO_POW_53 % m)
  for (;;) {
    const v = (rng.nextUint32() >>> 11) * TWO_POW_32 + rng.nextUint32()
    if (v < limit) return v % m
  }
}

/** A uniform bigint in [0, m) for m ≥ 1, by masking to m's bit length and rejecting (≤ 2 tries on average). */
export function drawBelowBig(m: bigint, rng: RandomSource): bigint {
  if (m <= 9007199254740992n) return BigInt(drawBelow(Number(m), rng))
  const bits = (m - 1n).toString(2).length
  const words = Math.ceil(bits / 32)
  const mask = (1n << BigInt(bits)) - 1n
  for (;;) {
    let v = 0n
    for (let i = 0; i < words; i++) v = (v << 32n) | BigInt(rng.nextUint32())
    v &= mask
    if (v < m) return v
  }
}

/** A fair coin from one bit of one draw. */
export function fairBit(rng: RandomSource): number {
  return rng.nextUint32() & 1
}
