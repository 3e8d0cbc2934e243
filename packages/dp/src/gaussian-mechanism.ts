import { discreteGaussian } from './discrete-gaussian'
import { discreteGaussianSigmaSquared } from './discrete-gaussian-calibration'
import { DpError, invalidParameter } from './errors'
import { gridFor, toGrid } from './grid'
import type { PrivacyCost } from './privacy-budget'
import { addRational, multiplyRational, rational, rationalFromNumber, rationalToNumber, type Rational } from './rational'
import { prepare, requireBudget, run, sourceOf, type MechanismOptions, type PreparedRelease, type Release } from './release'
import { addExact, checkIntegers } from './laplace-mechanism'
import { fromGrid } from './grid'
import { requireArrayLike, requireDelta, requirePositive } from './validate'
import { rhoForApproxDp } from './zcdp'

/** The privacy target of a Gaussian mechanism: ρ-zCDP, or (ε, δ)-DP. */
export type GaussianPrivacy = { readonly rho: number } | { readonly epsilon: number; readonly delta: number }

/** Options of {@link discreteGaussianMechanism}. */
export type DiscreteGaussianOptions = MechanismOptions &
  GaussianPrivacy & {
    /** L2 sensitivity of the integer query (> 0). */
    readonly sensitivity: number
  }

/** Options of {@link gaussianMechanism}. */
export type GaussianOptions = DiscreteGaussianOptions & {
  /** Output grid step, a power of two; default 2^(⌊log2 Δ⌋ − 12). */
  readonly granularity?: number
}

interface Privacy {
  readonly rho: number
  readonly cost: PrivacyCost
  readonly approx?: { readonly epsilon: number; readonly delta: number }
}

function privacyOf(options: GaussianPrivacy): Privacy {
  const o0 = options as { rho?: unknown; epsilon?: unknown; delta?: unknown }
  if (o0.rho !== undefined && (o0.epsilon !== undefined || o0.delta !== undefined)) {
    invalidParameter('rho', 'give either rho or (epsilon, delta), not both')
  }
  if ('rho' in options && options.rho !== undefined) {
    const rho = requirePositive('rho', options.rho)
    return { rho, cost: { rho } }
  }
  const o = options as { epsilon: number; delta: number }
  const epsilon = requirePositive('epsilon', o.epsilon)
  const delta = requireDelta('delta', o.delta)
  // Vectors: (ε, δ) through zCDP, the discrete Gaussian being Δ²/(2σ²)-zCDP (CKS Theorem 14), converted with CKS
  // Corollary 13. Scalars use the exact privacy profile instead (CKS Theorem 7, see sigmaSquaredScalar).
  const rho = rhoForApproxDp(epsilon, delta)
  if (!(rho > 0 && Number.isFinite(rho))) invalidParameter('epsilon', `no finite ρ corresponds to (ε, δ) = (${epsilon}, ${delta})`)
  return { rho, cost: { epsilon, delta }, approx: { epsilon, delta } }
}

/**
 * σ² for one coordinate with an integer sensitivity bound: by CKS Theorem 7 when (ε, δ) was asked for (within
 * ~0.1 % of the analytic Gaussian's σ), otherwise from ρ.
 */
function sigmaSquaredScalar(privacy: Privacy, integerSensitivity: number): Rational {
  if (privacy.approx !== undefined) {
    return rationalFromNumber(discreteGaussianSigmaSquared(privacy.approx.epsilon, privacy.approx.delta, integerSensitivity))
  }
  return sigmaSquaredFor(rational(integerSensitivity), privacy.rho)
}

/**
 * σ² (in grid units) as a dyadic rational ≥ Δ²/(2ρ), rounded up to about 20 significant bits so that the exact
 * sampler mostly stays on its fast double-arithmetic path. Rounding up only adds noise.
 */
function sigmaSquaredFor(sensitivity: Rational, rho: number): Rational {
  const approxS = rationalToNumber(sensitivity)
  // σ² ≤ 2^80 is the sampler's limit; checked here (with a margin the exact check in the sampler settles) so that the
  // dyadic rounding below works on finite numbers.
  if (!((approxS * approxS) / (2 * rho) <= 2 ** 81)) invalidParameter('rho', `too small for sensitivity ${approxS}: σ would exceed 2^40`)
  const exact = multiplyRational(multiplyRational(sensitivity, sensitivity), invert2(rationalFromNumber(rho)))
  const approx = rationalToNumber(exact)
  // 20 significant bits; σ² below 2^−1000 (an ε in the hundreds) keeps 1100 fractional bits, still exact.
  const m = approx > 0 ? Math.min(1100, Math.max(0, 20 - Math.floor(Math.log2(approx)))) : 1100
  const scaled = exact.num * (1n << BigInt(m))
  const p = (scaled + exact.den - 1n) / exact.den // ceil
  return rational(p, 1n << BigInt(m))
}

function invert2(r: Rational): Rational {
  return rational(r.den, 2n * r.num)
}

/** √d rounded up to a dyadic rational (exactly checked). */
function sqrtUpper(d: number): Rational {
  if (d === 1) return rational(1)
  const scale = 1n << 30n
  let s = BigInt(Math.ceil(Math.sqrt(d) * 2 ** 30))
  while (s * s < BigInt(d) * scale * scale) s++
  return rational(s, scale)
}

/**
 * The discrete Gaussian mechanism on integers: q(x) + Z, Z ~ N_ℤ(0, σ²) sampled exactly (Canonne, Kamath &
 * Steinke, "The Discrete Gaussian for Differential Privacy", NeurIPS 2020, Algorithm 3).
 * Guarantee: ρ-zCDP with ρ = Δ²/(2σ²) for a query of L2 sensitivity Δ (CKS Theorems 4 and 14). Given (ε, δ)
 * instead, a scalar is calibrated by the exact (ε, δ) profile of the discrete Gaussian (CKS Theorem 7, Δ taken as
 * ⌊Δ⌋), within ~0.1 % of the analytic Gaussian σ; a vector through zCDP (CKS Corollary 13), ~8–10 % more noise.
 */
export function discreteGaussianMechanism(value: number, options: DiscreteGaussianOptions): Release<number> {
  const r = discreteGaussianVectorMechanism([value], options)
  return { ...r, value: r.value[0] }
}

/** {@link discreteGaussianMechanism} on a vector of integers, Δ being the L2 sensitivity of the whole vector. */
export function discreteGaussianVectorMechanism(values: ArrayLike<number>, options: DiscreteGaussianOptions): Release<Float64Array> {
  return run(prepareDiscreteGaussian(values, options))
}

/** Checks everything and builds the sampler of {@link discreteGaussianVectorMechanism}, without charging. */
export function prepareDiscreteGaussian(values: unknown, options: DiscreteGaussianOptions): PreparedRelease<Float64Array> {
  const budget = requireBudget(options)
  const sensitivity = requirePositive('sensitivity', options.sensitivity)
  const privacy = privacyOf(options)
  const { rho, cost } = privacy
  const xs = checkIntegers(values, 'value')
  const rng = sourceOf(options)
  // A scalar integer query moves by at most ⌊Δ⌋.
  const scalarSensitivity = Math.max(1, Math.floor(sensitivity))
  const s2 = xs.length === 1 ? sigmaSquaredScalar(privacy, scalarSensitivity) : sigmaSquaredFor(rationalFromNumber(sensitivity), rho)
  const sigma = Math.sqrt(rationalToNumber(s2))
  // The ρ actually achieved by the σ used (≤ the ρ asked for; for (ε, δ) scalars, the zCDP view of that σ).
  const used = xs.length === 1 ? scalarSensitivity : sensitivity
  const rhoAchieved = (used * used) / (2 * rationalToNumber(s2))
  // Built before the charge: the sampler's parameter checks (σ ≤ 2^40) happen here.
  const draw = discreteGaussian({ sigmaSquared: s2 }, rng)
  return prepare(budget, rng, options.what, 'discrete Gaussian', cost, { sensitivity, rho: rhoAchieved, sigma }, () => {
    const out = new Float64Array(xs.length)
    for (let i = 0; i < xs.length; i++) out[i] = addExact(xs[i], draw())
    return out
  })
}

/**
 * The Gaussian mechanism for real values, made float-safe (no Mironov 2012 artefact): inputs are rounded to a grid
 * of step g = 2^k, exact discrete Gaussian noise is added on the grid, and the result (a multiple of g) returned.
 *
 * Privacy: rounding moves each coordinate by at most g/2, so the L2 sensitivity on the grid is at most Δ/g + √d
 * steps for d coordinates; σ (in steps) satisfies σ² ≥ Δ_g²/(2ρ), giving ρ-zCDP (CKS 2020, Theorem 14). Given
 * (ε, δ), a scalar release is calibrated by CKS Theorem 7 with the integer sensitivity ⌊Δ/g⌋ + 1 steps (σ within
 * ~0.1 % of {@link analyticGaussianSigma}); a vector through zCDP (CKS Corollary 13), ~8–10 % more noise — the
 * price of an exact sampler with a proof for every coordinate count.
 */
export function gaussianMechanism(value: number, options: GaussianOptions): Release<number> {
  const r = gaussianVectorMechanism([value], options)
  return { ...r, value: r.value[0] }
}

/** {@link gaussianMechanism} on a vector; Δ is the L2 sensitivity of the whole vector. */
export function gaussianVectorMechanism(values: ArrayLike<number>, options: GaussianOptions): Release<Float64Array> {
  const budget = requireBudget(options)
  const sensitivity = requirePositive('sensitivity', options.sensitivity)
  const privacy = privacyOf(options)
  const { rho, cost } = privacy
  const g = gridFor(sensitivity, options.granularity, 12)
  const xs = requireArrayLike<number>('value', values)
  const onGrid = new Float64Array(xs.length)
  for (let i = 0; i < xs.length; i++) onGrid[i] = toGrid(xs[i], g, xs.length === 1 ? 'value' : `value.${i}`)
  // Δ/g is exact (power-of-two scaling); add √d steps for the rounding.
  const sensitivitySteps = addRational(rationalFromNumber(sensitivity / g), sqrtUpper(Math.max(1, xs.length)))
  // One coordinate: the rounded query moves by at most ⌊Δ/g⌋ + 1 whole steps.
  const s2 = xs.length === 1 ? sigmaSquaredScalar(privacy, Math.floor(sensitivity / g) + 1) : sigmaSquaredFor(sensitivitySteps, rho)
  const sigmaSteps = Math.sqrt(rationalToNumber(s2))
  const usedSteps = xs.length === 1 ? Math.floor(sensitivity / g) + 1 : rationalToNumber(sensitivitySteps)
  const rhoAchieved = (usedSteps * usedSteps) / (2 * rationalToNumber(s2))
  const rng = sourceOf(options)
  const draw = discreteGaussian({ sigmaSquared: s2 }, rng)
  return run(
    prepare(
      budget,
      rng,
      options.what,
      'Gaussian (grid)',
      cost,
      { sensitivity, rho: rhoAchieved, granularity: g, sigma: sigmaSteps * g },
      () => {
        const out = new Float64Array(xs.length)
        for (let i = 0; i < xs.length; i++) out[i] = fromGrid(addExact(onGrid[i], draw()), g)
        return out
      },
    ),
  )
}
