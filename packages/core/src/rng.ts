import { SynthkitError } from './errors'
import { type RngKernel, rngKernel } from './internal/rng-kernel'

/**
 * The smallest shape of randomness shared by every synthkit package: uniform 32-bit words and a declared kind.
 * Core's {@link Rng} and @synthkit/dp's sources all satisfy it structurally; differential-privacy code treats a
 * source as fit for release only when it declares `kind: 'secure'`.
 */
export interface RandomSource {
  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number
  /** `seeded` streams are reproducible (tests, demos); `secure` ones come from a cryptographic generator. */
  readonly kind: 'seeded' | 'secure'
}

/**
 * A source of uniform random numbers. Every random choice in synthkit draws from one of these, injected by the
 * caller; the platform's unseeded global generator is never used.
 */
export interface Rng extends RandomSource {
  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number
  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number
  /**
   * An independent substream (for workers, shards, blocks or sub-tasks), reproducible from the parent's state; the
   * parent moves on. Splits nest: a child's own splits never replay a sibling's stream.
   */
  split(): Rng
  /** `seeded` streams are reproducible; `secure` ones draw from the platform's cryptographic generator. */
  readonly kind: 'seeded' | 'secure'
}

const TWO_POW_32 = 4294967296
const TWO_POW_53 = 9007199254740992

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** SplitMix32 step, used only to spread a seed over the generator's 128-bit state. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0
  let z = state.s
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
  return (z ^ (z >>> 15)) >>> 0
}

/** xoshiro128** (period 2^128 − 1); integer-only arithmetic, so the stream is identical on every machine. */
class Xoshiro128 implements Rng {
  readonly kind = 'seeded' as const
  private s0: number
  private s1: number
  private s2: number
  private s3: number

  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0
    this.s1 = s1 | 0
    this.s2 = s2 | 0
    this.s3 = s3 | 0
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

  next(): number {
    const hi = this.nextUint32() >>> 5 // 27 bits
    const lo = this.nextUint32() >>> 6 // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53
  }

  /** out[i] = next() for i = start, …, end − 1: the same numbers, in the kernel (or one next() at a time). */
  fill(out: Float64Array, start: number, end: number): void {
    const k = end - start >= KERNEL_MIN_DRAWS ? rngKernel() : null
    if (!k) {
      for (let i = start; i < end; i++) out[i] = this.next()
      return
    }
    this.toKernel(k)
    for (let at = start; at < end; at += k.capacity) {
      const count = Math.min(k.capacity, end - at)
      k.exports.uniforms(count)
      out.set(count === k.capacity ? k.uniforms : k.uniforms.subarray(0, count), at)
    }
    this.fromKernel(k)
  }

  /**
   * {@link fillStandardNormal} in the kernel: each round draws the uniforms and runs the polar method there (the same
   * rounds, so the same draws consumed and the same normals).
   */
  fillNormal(k: RngKernel, out: Float64Array): void {
    this.toKernel(k)
    const n = out.length
    let i = 0
    while (i < n) {
      const count = 2 * Math.min(Math.ceil((n - i) / 2), NORMAL_ROUND_PAIRS)
      k.exports.uniforms(count)
      const made = k.exports.polar(count, n - i)
      out.set(made === k.capacity ? k.normals : k.normals.subarray(0, made), i)
      i += made
    }
    this.fromKernel(k)
  }

  private toKernel(k: RngKernel): void {
    k.state[0] = this.s0
    k.state[1] = this.s1
    k.state[2] = this.s2
    k.state[3] = this.s3
  }

  private fromKernel(k: RngKernel): void {
    this.s0 = k.state[0]
    this.s1 = k.state[1]
    this.s2 = k.state[2]
    this.s3 = k.state[3]
  }

  split(): Rng {
    // A child seeded from 128 fresh bits of the parent, each word mixed through SplitMix32's finaliser (so the
    // child's state is not a linear function of the parent's outputs). A jump-based split (child = current state,
    // parent jumps 2^64) is only safe one level deep: the child's own first split would land on its next sibling's
    // stream and replay it. Hash-seeded substreams overlap with probability about (draws)² / 2^128: never in practice.
    const st = { s: this.nextUint32() }
    const a = splitmix32(st) ^ this.nextUint32()
    const b = splitmix32(st) ^ this.nextUint32()
    const c = splitmix32(st) ^ this.nextUint32()
    const d = splitmix32(st)
    return new Xoshiro128(a, b, c, d)
  }
}

/**
 * A seeded, splittable generator (xoshiro128**). The same seed gives the same numbers on every machine.
 * Seeds are integers in ±2^53 or strings (hashed).
 */
export function createRng(seed: number | string): Rng {
  let lo: number
  let hi: number
  if (typeof seed === 'string') {
    // FNV-1a over UTF-16 code units, two different offsets for two words
    lo = 0x811c9dc5
    hi = 0x01000193 ^ seed.length
    for (let i = 0; i < seed.length; i++) {
      lo = Math.imul(lo ^ seed.charCodeAt(i), 0x01000193)
      hi = Math.imul(hi ^ seed.charCodeAt(i), 0x85ebca6b)
    }
  } else {
    if (!Number.isSafeInteger(seed)) {
      throw new SynthkitError('OPTIONS_INVALID', 'Invalid seed', [
        { path: 'seed', message: `expected an integer in ±2^53 or a string, got ${seed}` },
      ])
    }
    lo = seed >>> 0
    hi = Math.floor(seed / TWO_POW_32) >>> 0
  }
  const st = { s: lo ^ Math.imul(hi, 0x9e3779b1) }
  const a = splitmix32(st)
  const b = splitmix32(st) ^ hi
  const c = splitmix32(st)
  const d = splitmix32(st)
  return new Xoshiro128(a, b, c, d)
}

/**
 * A generator started from an explicit xoshiro128** state of four 32-bit words (not all zero), e.g. to resume
 * a stream or to check the algorithm against its published test vectors.
 */
export function createRngFromState(state: readonly [number, number, number, number]): Rng {
  if (state.length !== 4 || state.some((w) => !Number.isInteger(w)) || state.every((w) => (w | 0) === 0)) {
    throw new SynthkitError('OPTIONS_INVALID', 'Invalid generator state', [
      { path: 'state', message: 'expected four 32-bit integers, not all zero' },
    ])
  }
  return new Xoshiro128(state[0], state[1], state[2], state[3])
}

interface CryptoLike {
  getRandomValues<T extends ArrayBufferView | null>(array: T): T
}

/** Draws from Web Crypto `getRandomValues` (browsers, workers, Node ≥ 19), buffered 1024 words at a time. */
class SecureRng implements Rng {
  readonly kind = 'secure' as const
  private readonly buffer = new Uint32Array(1024)
  private index = 1024
  constructor(private readonly crypto: CryptoLike) {}

  nextUint32(): number {
    if (this.index >= this.buffer.length) {
      this.crypto.getRandomValues(this.buffer)
      this.index = 0
    }
    return this.buffer[this.index++]
  }

  next(): number {
    const hi = this.nextUint32() >>> 5
    const lo = this.nextUint32() >>> 6
    return (hi * 67108864 + lo) / TWO_POW_53
  }

  split(): Rng {
    return new SecureRng(this.crypto)
  }
}

/** A cryptographically secure source (Web Crypto). Throws when the platform has none. */
export function secureRng(): Rng {
  const c = (globalThis as { crypto?: CryptoLike }).crypto
  if (!c || typeof c.getRandomValues !== 'function') {
    throw new SynthkitError('UNSUPPORTED', 'No cryptographically secure random source (globalThis.crypto.getRandomValues) on this platform')
  }
  return new SecureRng(c)
}

/** A `() => number` in [0, 1) for d3-random's `.source()`: `randomNormal.source(d3Source(rng))(0, 1)`. */
export function d3Source(rng: Rng): () => number {
  return () => rng.next()
}

/** An unbiased integer in [0, n) (rejection sampling on 32-bit words; n ≤ 2^32). */
export function uniformInt(rng: Rng, n: number): number {
  if (!(n >= 1 && n <= TWO_POW_32 && Number.isInteger(n))) {
    throw new SynthkitError('OPTIONS_INVALID', 'Invalid range for uniformInt', [
      { path: 'n', message: `expected an integer in [1, 2^32], got ${n}` },
    ])
  }
  const limit = TWO_POW_32 - (TWO_POW_32 % n)
  let x = rng.nextUint32()
  while (x >= limit) x = rng.nextUint32()
  return x % n
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(rng: Rng, array: T): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1)
    const tmp = array[i]
    array[i] = array[j]
    array[j] = tmp
  }
  return array
}

/** A standard normal draw (Marsaglia polar method with its second value discarded, so draws are stateless). */
export function standardNormal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.next() - 1
    const v = 2 * rng.next() - 1
    const s = u * u + v * v
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s)
  }
}

/**
 * Fills out[start..end) (default: all of it) with successive `rng.next()` draws, in order: exactly the numbers (and
 * the generator state after) of calling `next()` once per element. Core's seeded generator draws them in its
 * WebAssembly kernel (assembly/rng.ts), which a fresh process runs many times faster than as many method calls.
 */
export function fillUniform(rng: Rng, out: Float64Array, start = 0, end = out.length): void {
  if (rng instanceof Xoshiro128) rng.fill(out, start, end)
  else for (let i = start; i < end; i++) out[i] = rng.next()
}

/** Pairs of uniforms drawn per round by {@link fillStandardNormal} (the kernel's capacity is twice this). */
const NORMAL_ROUND_PAIRS = 2048
/** Fewer draws than this are made in TypeScript (crossing into the kernel costs more than it saves). */
const KERNEL_MIN_DRAWS = 64

/**
 * Fills `out` with independent standard normal draws (Marsaglia's polar method, both values of each pair used):
 * the bulk form of {@link standardNormal} for samplers. The uniforms are drawn in rounds of as many pairs as the
 * normals still missing need at least (never more than the pairs the method consumes, so the generator ends in the
 * same state as with one `next()` per uniform, and the normals are the same); for core's seeded generator both
 * steps run in a small WebAssembly kernel (assembly/rng.ts), bit for bit the same.
 */
export function fillStandardNormal(rng: Rng, out: Float64Array): void {
  const n = out.length
  if (rng instanceof Xoshiro128 && n >= KERNEL_MIN_DRAWS) {
    const k = rngKernel()
    if (k) {
      rng.fillNormal(k, out)
      return
    }
  }
  const buffer = new Float64Array(2 * Math.min(Math.ceil(n / 2), NORMAL_ROUND_PAIRS))
  let i = 0
  while (i < n) {
    const count = 2 * Math.min(Math.ceil((n - i) / 2), NORMAL_ROUND_PAIRS)
    fillUniform(rng, buffer, 0, count)
    // each pair gives at most two normals, so every pair of the round is needed: i reaches n at the last one at the earliest
    for (let p = 0; p < count; p += 2) {
      const u = 2 * buffer[p] - 1
      const v = 2 * buffer[p + 1] - 1
      const s = u * u + v * v
      if (s >= 1 || s === 0) continue
      const f = Math.sqrt((-2 * Math.log(s)) / s)
      out[i++] = u * f
      if (i < n) out[i++] = v * f
    }
  }
}
