import { invalidParameter } from './errors'
import { describe } from './validate'

/**
 * An exact non-negative rational number `num / den` (den > 0). Samplers take their parameters in this form so that
 * no floating-point rounding enters the sampled distribution. Every finite double is a dyadic rational, so a
 * number converts exactly ({@link rationalFromNumber}).
 */
export interface Rational {
  readonly num: bigint
  readonly den: bigint
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b]
  return a < 0n ? -a : a
}

/** `num / den` in lowest terms; throws PARAMETER_INVALID unless den > 0 and num ≥ 0. */
export function rational(num: bigint | number, den: bigint | number = 1n, path = 'rational'): Rational {
  if (typeof num !== 'bigint' && !(typeof num === 'number' && Number.isSafeInteger(num))) {
    invalidParameter(path, `numerator must be an integer, got ${describe(num)}`)
  }
  if (typeof den !== 'bigint' && !(typeof den === 'number' && Number.isSafeInteger(den))) {
    invalidParameter(path, `denominator must be an integer, got ${describe(den)}`)
  }
  const n = BigInt(num)
  const d = BigInt(den)
  if (d <= 0n) invalidParameter(path, `denominator must be > 0, got ${d}`)
  if (n < 0n) invalidParameter(path, `must be ≥ 0, got ${n}/${d}`)
  const g = gcd(n, d)
  return g > 1n ? { num: n / g, den: d / g } : { num: n, den: d }
}

const F64 = new Float64Array(1)
const U32 = new Uint32Array(F64.buffer)
// Little- or big-endian: find which 32-bit word holds the sign and exponent.
F64[0] = 1
const HI = U32[1] === 0x3ff00000 ? 1 : 0
const LO = 1 - HI

/** The exact value of a finite double x ≥ 0 as a rational m / 2^k (no rounding: doubles are dyadic rationals). */
export function rationalFromNumber(x: number, path = 'value'): Rational {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) invalidParameter(path, `expected a finite number ≥ 0, got ${describe(x)}`)
  if (x === 0) return { num: 0n, den: 1n }
  if (Number.isSafeInteger(x)) return { num: BigInt(x), den: 1n }
  F64[0] = x
  const hi = U32[HI]
  const lo = U32[LO]
  const biased = (hi >>> 20) & 0x7ff
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  let exponent: number
  if (biased === 0) {
    exponent = -1074 // subnormal
  } else {
    mantissa |= 1n << 52n
    exponent = biased - 1075
  }
  return exponent >= 0 ? rational(mantissa << BigInt(exponent), 1n) : rational(mantissa, 1n << BigInt(-exponent))
}

/** A parameter given either as a number (taken exactly) or as an exact rational. */
export type RationalLike = number | Rational

/** Normalises a {@link RationalLike} parameter that must be > 0. */
export function positiveRational(path: string, x: RationalLike): Rational {
  if (typeof x !== 'number' && (typeof x !== 'object' || x === null)) {
    invalidParameter(path, `expected a number or a rational { num, den }, got ${describe(x)}`)
  }
  const r = typeof x === 'number' ? rationalFromNumber(x, path) : rational(x.num, x.den, path)
  if (r.num === 0n) invalidParameter(path, 'must be > 0')
  return r
}

/** The double nearest to a rational (for reporting only; never used inside a sampler). */
export function rationalToNumber(r: Rational): number {
  if (typeof r !== 'object' || r === null || typeof r.num !== 'bigint' || typeof r.den !== 'bigint') {
    invalidParameter('rational', `expected { num: bigint, den: bigint }, got ${describe(r)}`)
  }
  return Number(r.num) / Number(r.den)
}

/** floor(sqrt(n)) for a bigint n ≥ 0, by Newton's method on integers. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n
  const approx = Math.sqrt(Number(n))
  if (Number.isFinite(approx) && approx < 2 ** 52) {
    // Correct the floating-point estimate exactly.
    let x = BigInt(Math.floor(approx))
    while (x * x > n) x -= 1n
    while ((x + 1n) * (x + 1n) <= n) x += 1n
    return x
  }
  // Newton's iteration from above: x_{k+1} = (x_k + n / x_k) / 2 decreases to floor(sqrt(n)).
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2))
  for (;;) {
    const y = (x + n / x) >> 1n
    if (y >= x) return x
    x = y
  }
}

/** a + b, exactly. */
export function addRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den)
}

/** a − b, exactly; a must be ≥ b. */
export function subtractRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den)
}

/** a · b, exactly. */
export function multiplyRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den)
}

/** −1, 0 or 1 as a <, =, > b, exactly. */
export function compareRational(a: Rational, b: Rational): number {
  const l = a.num * b.den
  const r = b.num * a.den
  return l < r ? -1 : l > r ? 1 : 0
}

/** The largest double ≤ r (conservative when reporting what is left of a budget). */
export function rationalToNumberFloor(r: Rational): number {
  if (r.num === 0n) return 0
  const bitLength = (x: bigint): number => x.toString(2).length
  const shift = 64 - (bitLength(r.num) - bitLength(r.den))
  const q = shift >= 0 ? (r.num << BigInt(shift)) / r.den : r.num / (r.den << BigInt(-shift))
  const extra = Math.max(0, bitLength(q) - 53)
  // Truncate to 53 bits (rounding down), then scale by a power of two in two steps to avoid overflow.
  const e = extra - shift
  let x = Number(q >> BigInt(extra)) * 2 ** Math.trunc(e / 2) * 2 ** (e - Math.trunc(e / 2))
  while (x > 0 && compareRational(rationalFromNumber(x), r) > 0) x = nextDown(x)
  return x
}

function nextDown(x: number): number {
  if (x === 0) return 0
  const f = new Float64Array([x])
  const u = new BigUint64Array(f.buffer)
  u[0] -= 1n
  return f[0]
}
