import { DpError, invalidParameter } from './errors'
import { describe } from './validate'

/**
 * Where @synthkit/dp gets its randomness: uniform unsigned 32-bit integers, and what kind of generator made them.
 * This is the contract shared with @synthkit/core (its `Rng` has both members), checked structurally: dp does not
 * import core. Every sampler here is built from `nextUint32` with exact integer arithmetic (no floating-point
 * `log`/`exp` of random doubles), so the output distribution is exactly the one stated, given uniform input bits.
 */
export interface RandomSource {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number
  /**
   * `'secure'`: a cryptographically secure generator; only releases drawn from one say `fitForRelease: true`.
   * `'seeded'`: reproducible and predictable; its outputs carry no privacy guarantee (`fitForRelease: false`).
   */
  readonly kind: 'seeded' | 'secure'
}

/**
 * Checks that `x` is a {@link RandomSource}: a `nextUint32` function and a `kind` of `'seeded'` or `'secure'`.
 * Throws PARAMETER_INVALID (at `path`) otherwise, before anything is charged or drawn.
 */
export function requireRandomSource(path: string, x: unknown): RandomSource {
  if (typeof x !== 'object' || x === null) invalidParameter(path, `expected a random source { nextUint32(), kind }, got ${describe(x)}`)
  const o = x as { nextUint32?: unknown; kind?: unknown }
  const issues = []
  if (typeof o.nextUint32 !== 'function') {
    issues.push({ path: `${path}.nextUint32`, message: `expected a function returning uniform uint32s, got ${describe(o.nextUint32)}` })
  }
  if (o.kind !== 'seeded' && o.kind !== 'secure') {
    issues.push({ path: `${path}.kind`, message: `expected 'seeded' or 'secure', got ${describe(o.kind)}` })
  }
  if (issues.length > 0) throw new DpError('PARAMETER_INVALID', `invalid parameter ${path}`, issues)
  return x as RandomSource
}

/** True only for a source of kind `'secure'`: what a release's `fitForRelease` says. */
export function isFitForRelease(source: RandomSource): boolean {
  return source.kind === 'secure'
}

// 16384 words = 65536 bytes, the most one getRandomValues call may fill (Web Crypto quota).
const BUFFER_WORDS = 16384

class SecureSource implements RandomSource {
  readonly kind = 'secure' as const
  private readonly buffer = new Uint32Array(BUFFER_WORDS)
  private index = BUFFER_WORDS
  private readonly crypto: Crypto

  constructor(crypto: Crypto) {
    this.crypto = crypto
  }

  /** @deprecated read `kind === 'secure'` instead; kept for code written against @synthkit/dp 0.1. */
  get fitForRelease(): boolean {
    return true
  }

  nextUint32(): number {
    if (this.index === BUFFER_WORDS) {
      this.crypto.getRandomValues(this.buffer)
      this.index = 0
    }
    return this.buffer[this.index++]
  }
}

/**
 * The default source: the platform's cryptographically secure generator (`globalThis.crypto.getRandomValues`,
 * Web Crypto: Node ≥ 19, browsers, workers), read in 64 KiB blocks; `kind: 'secure'`. Throws PARAMETER_INVALID
 * where no Web Crypto exists rather than falling back to anything weaker.
 */
export function secureRandomSource(): RandomSource {
  const crypto = (globalThis as { crypto?: Crypto }).crypto
  if (crypto === undefined || typeof crypto.getRandomValues !== 'function') {
    throw new DpError('PARAMETER_INVALID', 'no cryptographically secure random source: globalThis.crypto.getRandomValues is missing', [
      { path: 'rng', message: 'pass a RandomSource backed by a CSPRNG' },
    ])
  }
  return new SecureSource(crypto)
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** SplitMix32 step, spreading the seed over the 128-bit state (the same seeding as @synthkit/core's createRng). */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0
  let z = state.s
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
  return (z ^ (z >>> 15)) >>> 0
}

const TWO_POW_32 = 4294967296

/**
 * xoshiro128** (Blackman & Vigna 2018): reproducible, NOT cryptographically secure. Seeded exactly like
 * `createRng(seed)` of @synthkit/core (low and high 32-bit words of the seed through SplitMix32; strings by FNV-1a),
 * so both give the same uint32 stream for the same seed.
 */
class SeededSource implements RandomSource {
  readonly kind = 'seeded' as const
  private s0: number
  private s1: number
  private s2: number
  private s3: number

  constructor(lo: number, hi: number) {
    const st = { s: lo ^ Math.imul(hi, 0x9e3779b1) }
    this.s0 = splitmix32(st) | 0
    this.s1 = (splitmix32(st) ^ hi) | 0
    this.s2 = splitmix32(st) | 0
    this.s3 = splitmix32(st) | 0
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1
  }

  /** @deprecated read `kind === 'secure'` instead; kept for code written against @synthkit/dp 0.1. */
  get fitForRelease(): boolean {
    return false
  }

  nextUint32(): number {
    const s1 = this.s1
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }
}

/**
 * A seeded, reproducible source (`kind: 'seeded'`) for tests and examples only. It is predictable, so anything drawn
 * from it has no privacy: every release made with it says `fitForRelease: false`. The name is deliberately loud.
 * Seeds are safe integers (all 53 bits count: 1 and 2^32 + 1 are different seeds) or strings; the stream equals
 * `createRng(seed).nextUint32()` of @synthkit/core.
 */
export function unsafeSeededForTesting(seed: number | string): RandomSource {
  let lo: number
  let hi: number
  if (typeof seed === 'string') {
    // FNV-1a over UTF-16 code units, two different offsets for two words (as @synthkit/core).
    lo = 0x811c9dc5
    hi = 0x01000193 ^ seed.length
    for (let i = 0; i < seed.length; i++) {
      lo = Math.imul(lo ^ seed.charCodeAt(i), 0x01000193)
      hi = Math.imul(hi ^ seed.charCodeAt(i), 0x85ebca6b)
    }
  } else {
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
      invalidParameter('seed', `expected a safe integer or a string, got ${describe(seed)}`)
    }
    lo = seed >>> 0
    hi = Math.floor(seed / TWO_POW_32) >>> 0
  }
  return new SeededSource(lo, hi)
}
