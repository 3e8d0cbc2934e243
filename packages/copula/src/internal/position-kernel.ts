// A category's principal position (fit-columns.ts principalPosition) in the WebAssembly kernels (assembly/kernels.ts),
// bit-identical to the TypeScript, which runs wherever the kernels do not.
import { type Kernels, lentKernelInstance } from './kernels'

/** Most doubles the instance may hold (the reference coordinates dominate: p per row). */
const MAX_KERNEL_DOUBLES = 2 ** 24

/**
 * The position of each slot (k categories, missing at k), or null as principalPositionFromSums gives it; undefined
 * when the kernel cannot run here (the caller runs the TypeScript).
 */
export function kernelPrincipalPosition(
  codes: Int32Array,
  k: number,
  counts: Float64Array,
  reference: readonly Float64Array[],
): Float64Array | null | undefined {
  const n = codes.length
  const p = reference.length
  const doubles = p * n + 2 * (k + 1) * (p + 1) + p * (p + 3) + n
  if (doubles > MAX_KERNEL_DOUBLES || reference.some((z) => z.length !== n)) return undefined
  const kernel: Kernels | null = lentKernelInstance(doubles)
  if (kernel === null) return undefined
  kernel.positionSetup(n, k, p)
  const memory = new Float64Array(kernel.memory.buffer)
  const ref = kernel.positionRefOffset()
  for (let j = 0; j < p; j++) memory.set(reference[j], ref + j * n)
  memory.set(counts, kernel.positionCountsOffset())
  new Int32Array(kernel.memory.buffer).set(codes, kernel.positionCodesOffset())
  if (!kernel.positionRun()) return null
  const at = kernel.positionOffset()
  return memory.slice(at, at + k + 1)
}
