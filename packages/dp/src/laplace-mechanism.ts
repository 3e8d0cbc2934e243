import { discreteLaplace } from './discrete-laplace'
import { DpError, invalidParameter } from './errors'
import { gridFor, toGrid } from './grid'
import { compareRational, multiplyRational, rational, rationalFromNumber, type Rational } from './rational'
import { chargeThenRelease, requireBudget, sourceOf, type MechanismOptions, type Release } from './release'
import { requireInteger, requirePositive } from './validate'

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

/** The smallest integer s with s·ε ≥ n (exact): an integer scale at least n/ε, so the privacy loss is at most ε. */
export function integerScaleAtLeast(n: number, epsilon: number): number {
  const e = rationalFromNumber(epsilon)
  let s = Math.max(1, Math.ceil(n / epsilon))
  const fits = (v: number): boolean => compareRational(multiplyRational(rational(v), e), rational(n)) >= 0
  while (!fits(s)) s++
  while (s > 1 && fits(s - 1)) s--
  return s
}

function checkIntegers(values: ArrayLike<number>, path: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isSafeInteger(v)) {
      throw new DpError('DATA_INVALID', `${path} must hold safe integers`, [{ path: values.length === 1 ? path : `${path}.${i}`, message: `expected an integer, got ${v}` }])
    }
  }
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
  const budget = requireBudget(options)
  const epsilon = requirePositive('epsilon', options.epsilon)
  const sensitivity = requireInteger('sensitivity', options.sensitivity, 1)
  checkIntegers(values, 'value')
  const rng = sourceOf(options)
  const scale: Rational = multiplyRational(rational(sensitivity), invert(rationalFromNumber(epsilon)))
  return chargeThenRelease(budget, rng, options.what, 'discrete Laplace', { epsilon, delta: 0 }, { epsilon, sensitivity, scale: sensitivity / epsilon }, () => {
    const draw = discreteLaplace(scale, rng)
    const out = new Float64Array(values.length)
    for (let i = 0; i < values.length; i++) out[i] = values[i] + draw()
    return out
  })
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
  const onGrid = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) onGrid[i] = toGrid(values[i], g, values.length === 1 ? 'value' : `value.${i}`)
  const sensitivitySteps = Math.floor(sensitivity / g) + values.length
  const scaleSteps = integerScaleAtLeast(sensitivitySteps, epsilon)
  if (scaleSteps > 2 ** 40) invalidParameter('granularity', 'too fine for this ε and sensitivity (more than 2^40 steps of noise scale)')
  const rng = sourceOf(options)
  const parameters = { epsilon, sensitivity, granularity: g, scale: scaleSteps * g }
  return chargeThenRelease(budget, rng, options.what, 'Laplace (grid)', { epsilon, delta: 0 }, parameters, () => {
    const draw = discreteLaplace(scaleSteps, rng)
    const out = new Float64Array(values.length)
    for (let i = 0; i < values.length; i++) out[i] = (onGrid[i] + draw()) * g
    return out
  })
}
