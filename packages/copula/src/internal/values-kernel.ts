// A sampled batch's column values in the WebAssembly kernels (assembly/kernels.ts, "A sampled column's values"):
// the inverse marginals of fromUniforms (every family), the datetime grid, the missing indicator, the output rule and
// the categories' slot search of drawBatch (src/sample.ts), bit-identical to the TypeScript there, which runs wherever
// the kernels do not.
import type { OutputRule } from '@synthkit/core'
import type { Marginal } from '../marginal'
import { type Kernels, lentKernelInstance } from './kernels'
import { parametricCode } from './marginal-kernel'

/** Most doubles a batch's instance may hold (3 per row plus the knots or thresholds). */
const MAX_KERNEL_DOUBLES = 2 ** 24

/** An instance laid out for batches of n rows with at most `aux` knots or thresholds per column, or null. */
export function valuesKernel(n: number, aux: number): Kernels | null {
  if (n === 0 || 3 * n + 2 * aux + 2 > MAX_KERNEL_DOUBLES) return null
  const k = lentKernelInstance(3 * n + 2 * aux + 2)
  if (k === null) return null
  k.valuesSetup(n, aux)
  return k
}

/** How a numerical column's values are finished in the kernel after F⁻¹(u). */
export interface ValuesFinish {
  readonly time: { readonly unit: number; readonly origin: number } | null
  /** The indicator's probabilities and the threshold above which a row is missing, or null. */
  readonly missing: { readonly u: Float64Array; readonly threshold: number } | null
  /** The output rule applied here (null: the caller applies it later, after the constraints' inversion). */
  readonly rule: OutputRule | null
  readonly datetime: boolean
}

/** The column's values into `out`; false (nothing written) for a family the kernel does not know. */
export function kernelColumnValues(k: Kernels, m: Marginal, u: Float64Array, finish: ValuesFinish, out: Float64Array): boolean {
  const memory = new Float64Array(k.memory.buffer)
  memory.set(u, k.valuesUOffset())
  switch (m.family) {
    case 'empirical':
      memory.set(m.quantiles, k.valuesAuxOffset())
      k.valuesEmpirical(m.quantiles.length)
      break
    case 'uniform':
      k.valuesUniform(m.low, m.high)
      break
    case 'normal':
      k.valuesNormal(m.mean, m.sd)
      break
    case 'lognormal':
      k.valuesLogNormal(m.loc, m.mu, m.sigma)
      break
    default: {
      // the other families by their quantile functions
      const parametric = parametricCode(m)
      if (parametric === null) return false
      k.valuesParametric(...parametric)
    }
  }
  if (finish.time) k.valuesTime(finish.time.unit, finish.time.origin)
  if (finish.missing) {
    memory.set(finish.missing.u, k.valuesMissingOffset())
    k.valuesMissing(finish.missing.threshold)
  }
  const rule = finish.rule
  if (rule) {
    const { precision, min, max } = rule
    k.valuesOutputRule(
      precision ?? -1,
      precision === null ? 0 : 10 ** precision,
      min !== null,
      min ?? 0,
      max !== null,
      max ?? 0,
      finish.datetime,
    )
  }
  const at = k.valuesOutOffset()
  out.set(memory.subarray(at, at + out.length))
  return true
}

/** A category's codes into `out`: slots[s] for the interval of the cumulative `thresholds` that holds u. */
export function kernelCodes(k: Kernels, u: Float64Array, thresholds: Float64Array, slots: readonly number[], out: Int32Array): void {
  const memory = new Float64Array(k.memory.buffer)
  memory.set(u, k.valuesUOffset())
  memory.set(thresholds, k.valuesAuxOffset())
  new Int32Array(k.memory.buffer).set(slots, k.valuesSlotsOffset())
  k.valuesCodes(thresholds.length)
  out.set(new Int32Array(k.memory.buffer, k.valuesOutOffset() * 8, out.length))
}
