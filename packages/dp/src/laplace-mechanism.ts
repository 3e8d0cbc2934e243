import { discreteLaplace } from './discrete-laplace'
import { DpError, invalidParameter } from './errors'
import { fromGrid, gridFor, toGrid } from './grid'
import { compareRational, multiplyRational, rational, rationalFromNumber, type Rational } from './rational'
import { prepare, requireBudget, run, sourceOf, type MechanismOptions, type PreparedRelease, type Release } from './release'
import { describe, requireArrayLike, requireInteger, requirePositive } from './validate'

/** Options of {@link discreteLaplaceMechanism}. */
export interface DiscreteLaplaceOptions extends MechanismOptions {
  readonly epsilon: number
  /** L1 sensitivity of the integer query (an integer ≥ 1). */
  readonly sensitivity: number
}

/** Options of {@link laplaceMechanism}. */
export interface LaplaceOptions extends MechanismOptions {
  readonly epsilon: number
  /** L1 sensitivity of the query (> 0). */
  readonly sensitivity: number
  /** Output grid step, a power of two; default 2^(⌊log2 Δ⌋ − 20). */
  readonly granularity?: number
}

const MAX_SCALE_STEPS = 2 ** 40

/**
 * The smallest integer s with s·ε ≥ n (exact): an integer scale at least n/ε, so the privacy loss is at most ε.
 * Throws PARAMETER_INVALID (at `path`) when that scale exceeds 2^40, the samplers' limit.
 */
export function integerScaleAtLeast(n: number, epsilon: number, path = 'epsilon'): number {
  if (!(n / epsilon <= MAX_SCALE_STEPS)) {
    invalidParameter(path, `the noise scale ${n}/${epsilon} exceeds 2^40 steps: ε too small for this sensitivity and granularity`)
  }
  const e = rationalFromNumber(epsilon)
  let s = Math.max(1, Math.ceil(n / epsilon))
  const fits = (v: number): boolean => compareRational(multiplyRational(rational(v), e), rational(n)) >= 0
  while (!fits(s)) s++
  while (s > 1 && fits(s - 1)) s--
  return s
}

/** Checks a vector of safe integers (DATA_INVALID with the position otherwise). */
export function checkIntegers(values: unknown, path: string): ArrayLike<number> {
  const xs = requireArrayLike<number>(path, values)
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new DpError('DATA_INVALID', `${path} must hold safe integers`, [
        { path: xs.length === 1 ? path : `${path}.${i}`, message: `expected an integer, got ${describe(v)}` },
      ])
    }
  }
  return xs
}

/**
 * value + noise as an exact integer. A sum beyond 2^53 − 1 cannot be returned exactly: it is thrown (after the
 * charge, which stands), never rounded. With |value| ≤ 2^53 − 1 and scales ≤ 2^40 this needs noise of order 2^52.
 */
export function addExact(value: number, noise: number): number {
  const y = value + noise
  if (!Number.isSafeInteger(y)) {
    throw new DpError('DATA_INVALID', 'the noisy value is beyond ±(2^53 − 1) and cannot be returned exactly', [
      { path: 'value', message: 'nothing was released; the charge stands (the noise was drawn)' },
    ])
  }
  return y
}

/**
 * The discrete Laplace mechanism on integers: q(x) + Z, Z ~ discrete Laplace with scale Δ/ε, sampled exactly
 * (Canonne, Kamath & Steinke 2020, Algorithm 2). Guarantee: ε-DP for an integer query of L1 sensitivity Δ
 * (Ghosh, Roughgarden & Sundararajan 2009, geometric mechanism). The scale Δ/ε is used as an exact rational.
 */
export function discreteLaplaceMechanism(value: number, options: DiscreteLaplaceOptions): Release<number> {
  const r = discreteLaplaceVectorMechanism([value], options)
  return { ...r, value: r.value[0] }
}

/** {@link discreteLaplaceMechanism} on a vector of integers, Δ being the L1 sensitivity of the whole vector. */
export function discreteLaplaceVectorMechanism(values: ArrayLike<number>, options: DiscreteLaplaceOptions): Release<Float64Array> {
  return run(prepareDiscreteLaplace(values, options))
}

/** Checks everything and builds the sampler of {@link discreteLaplaceVectorMechanism}, without charging. */
export function prepareDiscreteLaplace(values: unknown, options: DiscreteLaplaceOptions): PreparedRelease<Float64Array> {
  const budget = requireBudget(options)
  const epsilon = requirePositive('epsilon', options.epsilon)
  const sensitivity = requireInteger('sensitivity', options.sensitivity, 1)
  const xs = checkIntegers(values, 'value')
  const rng = sourceOf(options)
  const scale: Rational = multiplyRational(rational(sensitivity), invert(rationalFromNumber(epsilon)))
  if (compareRational(scale, rational(MAX_SCALE_STEPS)) > 0) {
    invalidParameter('epsilon', `the noise scale Δ/ε = ${sensitivity / epsilon} exceeds 2^40: ε too small`)
  }
  // Built before the charge: every parameter check of the sampler happens here.
  const draw = discreteLaplace(scale, rng)
  return prepare(
    budget,
    rng,
    options.what,
    'discrete Laplace',
    {
      epsilon,
      delta: 0,
    },
    { epsilon, sensitivity, scale: sensitivity / epsilon },
    () => {
      const out = new Float64Array(xs.length)
      for (let i = 0; i < xs.length; i++) out[i] = addExact(xs[i], draw())
      return out
    },
  )
}

function invert(r: Rational): Rational {
  if (r.num === 0n) invalidParameter('epsilon', 'must be > 0')
  return rational(r.den, r.num)
}

/**
 * The Laplace mechanism for real values, made float-safe (no Mironov 2012 artefact): the input is rounded to a
 * grid of step g = 2^k, discrete Laplace noise is added on the grid, and the result (a multiple of g) is returned.
 * Every output is reachable from every input, so no low-order bits identify the input.
 *
 * Privacy: rounding to the grid can move two neighbouring inputs apart by at most one extra step, so the integer
 * sensitivity is Δ_g = ⌊Δ/g⌋ + 1 and the integer scale is the smallest integer s ≥ Δ_g/ε; the mechanism is ε-DP
 * for a query of L1 sensitivity Δ (the same construction as OpenDP's float Laplace; Mironov, "On Significance of
 * the Least Significant Bits for Differential Privacy", CCS 2012; sampler: Canonne, Kamath & Steinke 2020).
 * The noise is a discretised Laplace of scale s·g ≈ Δ/ε (relative difference ~2^−20 with the default grid).
 */
export function laplaceMechanism(value: number, options: LaplaceOptions): Release<number> {
  const r = laplaceVectorMechanism([value], options)
  return { ...r, value: r.value[0] }
}

/** {@link laplaceMechanism} on a vector; Δ is the L1 sensitivity of the vector, and rounding adds one step per coordinate. */
export function laplaceVectorMechanism(values: ArrayLike<number>, options: LaplaceOptions): Release<Float64Array> {
  const budget = requireBudget(options)
  const epsilon = requirePositive('epsilon', options.epsilon)
  const sensitivity = requirePositive('sensitivity', options.sensitivity)
  const g = gridFor(sensitivity, options.granularity)
  const xs = requireArrayLike<number>('value', values)
  const onGrid = new Float64Array(xs.length)
  for (let i = 0; i < xs.length; i++) onGrid[i] = toGrid(xs[i], g, xs.length === 1 ? 'value' : `value.${i}`)
  const sensitivitySteps = Math.floor(sensitivity / g) + xs.length
  const scaleSteps = integerScaleAtLeast(sensitivitySteps, epsilon, 'granularity')
  const rng = sourceOf(options)
  const draw = discreteLaplace(scaleSteps, rng)
  const parameters = { epsilon, sensitivity, granularity: g, scale: scaleSteps * g }
  return run(
    prepare(budget, rng, options.what, 'Laplace (grid)', { epsilon, delta: 0 }, parameters, () => {
      const out = new Float64Array(xs.length)
      for (let i = 0; i < xs.length; i++) out[i] = fromGrid(addExact(onGrid[i], draw()), g)
      return out
    }),
  )
}
