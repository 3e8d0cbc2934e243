import { type Rng, createRngFromState } from '@synthkit/core'

/** MurmurHash3's 32-bit finaliser: a bijective mixer, so distinct words stay distinct. */
function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * An independent generator seeded with 128 fresh bits drawn from `rng` (mixed), used instead of `rng.split()`.
 * Why: core's split hands the child the parent's current xoshiro state and jumps the parent 2^64 steps, so the
 * first split of a child starts exactly where the parent's next child starts (child₁.split() ≡ child₂) — nested
 * splits, as in block → field, would repeat values across blocks. Seeding from drawn bits has no such structure;
 * two substreams overlap only with probability about (draws)² / 2^128.
 */
export function substream(rng: Rng): Rng {
  const a = fmix32(rng.nextUint32())
  const b = fmix32(rng.nextUint32() ^ 0x9e3779b9)
  const c = fmix32(rng.nextUint32() ^ 0x7f4a7c15)
  const d = fmix32(rng.nextUint32() ^ 0x94d049bb)
  return createRngFromState((a | b | c | d) === 0 ? [1, 0, 0, 0] : [a, b, c, d])
}
