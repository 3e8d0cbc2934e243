// The marginal of a numerical column and its normal scores in the WebAssembly kernels (assembly/kernels.ts): the
// `auto` selection of marginal-fit.ts and the per-row scores of fitNumeric, bit-identical to the TypeScript, which
// runs wherever the kernels do not.
import { type Marginal, MARGINAL_FAMILIES, type MarginalFamily } from '../marginal'
import type { MarginalChoice, MarginalSelection } from '../marginal-fit'
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

const RESULT_STRIDE = 7

/**
 * fitMarginal(sorted, 'auto') on the column laid out by {@link layoutColumn}: the same marginal, KS statistics and
 * threshold (the same numbers, keys in the same order).
 */
export function kernelAutoSelection(k: Kernels, n: number): MarginalSelection {
  const threshold = Math.min(1.36 / Math.sqrt(n), 0.02)
  const result = k.marginalSetup()
  const code = k.marginalAuto(threshold)
  const memory = new Float64Array(k.memory.buffer)
  if (code === -2) return { marginal: { family: 'empirical', quantiles: [memory[k.scoresSortedOffset()]] }, ks: {}, threshold }
  const ks: Partial<Record<MarginalFamily, number>> = {}
  for (let f = 0; f < 7; f++)
    if (memory[result + f * RESULT_STRIDE] === 1) ks[MARGINAL_FAMILIES[f]] = memory[result + f * RESULT_STRIDE + 1]
  if (code === -1) {
    const knots = k.marginalKnotsOffset()
    return { marginal: { family: 'empirical', quantiles: Array.from(memory.subarray(knots, knots + 1001)) }, ks, threshold }
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
    case 'truncnorm':
      k.scoresParametric(2, marginal.mean, marginal.sd, marginal.low, marginal.high)
      break
    case 'gamma':
      k.scoresParametric(4, marginal.shape, marginal.scale, marginal.loc, 0)
      break
    case 'beta':
      k.scoresParametric(5, marginal.alpha, marginal.beta, marginal.loc, marginal.scale)
      break
    case 'studentT':
      k.scoresParametric(6, marginal.df, marginal.loc, marginal.scale, 0)
      break
  }
  const at = k.scoresOffset()
  z.set(new Float64Array(k.memory.buffer, at * 8, z.length))
}
