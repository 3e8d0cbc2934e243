// The marginal of a numerical column and its normal scores in the WebAssembly kernels (assembly/kernels.ts): the
// `auto` selection of marginal-fit.ts and the per-row scores of fitNumeric, bit-identical to the TypeScript, which
// runs wherever the kernels do not.
import { type Marginal, MARGINAL_FAMILIES, type MarginalFamily } from '../marginal'
import { EMPIRICAL_KNOTS, type MarginalChoice, type MarginalSelection, ksThreshold } from '../marginal-fit'
import type { Kernels } from './kernels'

/** A column's values and its sorted observed values laid out in a kernel instance (scoresSetup). */
export function layoutColumn(k: Kernels, values: Float64Array, sorted: Float64Array): void {
  k.scoresSetup(values.length, sorted.length)
  const memory = new Float64Array(k.memory.buffer)
  memory.set(values, k.scoresValuesOffset())
  memory.set(sorted, k.scoresSortedOffset())
}

/** The marginal of a family from its parameters in the order the kernel keeps them (the model's order). */
function marginalOf(family: MarginalFamily, p: Float64Array, at: number): Marginal {
  switch (family) {
    case 'uniform':
      return { family, low: p[at], high: p[at + 1] }
    case 'normal':
      return { family, mean: p[at], sd: p[at + 1] }
    case 'truncnorm':
      return { family, mean: p[at], sd: p[at + 1], low: p[at + 2], high: p[at + 3] }
    case 'lognormal':
      return { family, mu: p[at], sigma: p[at + 1], loc: p[at + 2] }
    case 'gamma':
      return { family, shape: p[at], scale: p[at + 1], loc: p[at + 2] }
    case 'beta':
      return { family, alpha: p[at], beta: p[at + 1], loc: p[at + 2], scale: p[at + 3] }
    default:
      return { family: 'studentT', df: p[at], loc: p[at + 1], scale: p[at + 2] }
  }
}

/**
 * The kernel's code of a truncated-normal, gamma, beta or Student-t marginal (its cdf and quantile switch) and its
 * parameters in the model's order; null for the families the kernels treat by their own functions.
 */
export function parametricCode(m: Marginal): readonly [code: number, p0: number, p1: number, p2: number, p3: number] | null {
  switch (m.family) {
    case 'truncnorm':
      return [2, m.mean, m.sd, m.low, m.high]
    case 'gamma':
      return [4, m.shape, m.scale, m.loc, 0]
    case 'beta':
      return [5, m.alpha, m.beta, m.loc, m.scale]
    case 'studentT':
      return [6, m.df, m.loc, m.scale, 0]
    default:
      return null
  }
}

/** The kernel's result region: per parametric family [evaluated, KS statistic, up to 5 parameters]. */
const RESULT_STRIDE = 7
const PARAMETRIC_FAMILIES = MARGINAL_FAMILIES.length - 1 // all but the empirical, last

/**
 * fitMarginal(sorted, 'auto') on the column laid out by {@link layoutColumn}: the same marginal, KS statistics and
 * threshold (the same numbers, keys in the same order).
 */
export function kernelAutoSelection(k: Kernels, n: number): MarginalSelection {
  const threshold = ksThreshold(n)
  const result = k.marginalSetup()
  const code = k.marginalAuto(threshold)
  const memory = new Float64Array(k.memory.buffer)
  if (code === -2) return { marginal: { family: 'empirical', quantiles: [memory[k.scoresSortedOffset()]] }, ks: {}, threshold }
  const ks: Partial<Record<MarginalFamily, number>> = {}
  for (let f = 0; f < PARAMETRIC_FAMILIES; f++)
    if (memory[result + f * RESULT_STRIDE] === 1) ks[MARGINAL_FAMILIES[f]] = memory[result + f * RESULT_STRIDE + 1]
  if (code === -1) {
    const knots = k.marginalKnotsOffset()
    return { marginal: { family: 'empirical', quantiles: Array.from(memory.subarray(knots, knots + EMPIRICAL_KNOTS)) }, ks, threshold }
  }
  return { marginal: marginalOf(MARGINAL_FAMILIES[code], memory, result + code * RESULT_STRIDE + 2), ks, threshold }
}

/** Whether the kernel path gives the selection for this choice (explicit families stay in TypeScript). */
export function kernelSelects(choice: MarginalChoice): boolean {
  return choice === 'auto'
}

/**
 * The normal scores of the column laid out by {@link layoutColumn} under its marginal, into z (fitNumeric's loops);
 * `lo` and `hi` are score(0) and score(1).
 */
export function kernelColumnScores(k: Kernels, marginal: Marginal, z: Float64Array, lo: number, hi: number): void {
  switch (marginal.family) {
    case 'empirical':
      k.scoresMidRank()
      break
    case 'uniform':
      k.scoresUniform(marginal.low, marginal.high)
      break
    case 'normal':
      k.scoresNormal(marginal.mean, marginal.sd, lo, hi)
      break
    case 'lognormal':
      k.scoresLogNormal(marginal.loc, marginal.mu, marginal.sigma, lo, hi)
      break
    default: {
      const parametric = parametricCode(marginal)
      if (parametric) k.scoresParametric(...parametric)
    }
  }
  const at = k.scoresOffset()
  z.set(new Float64Array(k.memory.buffer, at * 8, z.length))
}
