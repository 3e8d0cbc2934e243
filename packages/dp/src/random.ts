import { DpError } from './errors'

/**
 * Where @synthkit/dp gets its randomness: uniform unsigned 32-bit integers. Every sampler in this package is built
 * from `nextUint32` with exact integer arithmetic (no floating-point `log`/`exp` of random doubles), so the output
 * distribution is exactly the one stated, given uniform input bits.
 */
export interface RandomSource {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number
  /**
   * False for sources that are reproducible (seeded): their outputs carry no privacy guarantee, and every release
   * drawn from them is marked `fitForRelease: false`.
   */
  readonly fitForRelease: boolean
}

// 16384 words = 65536 bytes, the most one getRandomValues call may fill (Web Crypto quota).
const BUFFER_WORDS = 16384

class SecureSource implements RandomSource {
  readonly fitForRelease = true
  private readonly buffer = new Uint32Array(BUFFER_WORDS)
  private index = BUFFER_WORDS
  private readonly crypto: Crypto

  constructor(crypto: Crypto) {
    this.crypto = crypto
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
 * Web Crypto: Node ≥ 19, browsers, workers), read in 64 KiB blocks. Throws PARAMETER_INVALID where no Web Crypto
 * exists rather than falling back to anything weaker.
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

/** xoshiro128** (Blackman & Vigna 2018), seeded through SplitMix32: reproducible, NOT cryptographically secure. */
class SeededSource implements RandomSource {
  readonly fitForRelease = false
  private s0: number
  private s1: number
  private s2: number
  private s3: number

  constructor(seed: number) {
    let s = seed | 0
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
      return z ^ (z >>> 15)
    }
    this.s0 = next()
    this.s1 = next()
    this.s2 = next()
    this.s3 = next()
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1
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
 * A seeded, reproducible source for tests and examples only. It is predictable, so anything drawn from it has no
 * privacy: every release made with it is marked `fitForRelease: false`. The name is deliberately loud.
 */
export function unsafeSeededForTesting(seed: number): RandomSource {
  if (!Number.isSafeInteger(seed)) {
    throw new DpError('PARAMETER_INVALID', 'invalid seed', [{ path: 'seed', message: `expected an integer, got ${seed}` }])
  }
  return new SeededSource(seed)
}
