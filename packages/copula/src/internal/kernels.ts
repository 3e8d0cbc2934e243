// The WebAssembly kernels (assembly/kernels.ts): in the fit, a numerical column's `auto` marginal selection and its
// normal scores (fit-columns.ts, marginal-kernel.ts), a category's principal position (position-kernel.ts), the
// pairwise correlation of the scores and the nearest-correlation repair (correlation.ts); in the sample, the
// correlated draws and their stratification (latent.ts) and a batch's column values (values-kernel.ts). Each is
// bit-identical to its TypeScript reference, which runs wherever WebAssembly cannot (no WebAssembly, or a host that
// refuses to compile it synchronously, as a browser's main thread may, until the background compilation is ready).
import { backgroundWasm } from '@synthkit/core'
import { KERNELS_WASM_BASE64 } from '../generated/kernels-wasm'

/** The exports of one instance (offsets are in doubles of `memory`). */
export interface Kernels {
  readonly memory: WebAssembly.Memory
  repairSetup(d: number): number
  repairStep(): number
  repairFinish(floor: number): number
  pairwiseSetup(d: number, n: number): number
  pairwiseMoments(): void
  pairwiseRow(i: number): number
  sampleSetup(d: number, n: number, block: number): void
  sampleRootOffset(): number
  sampleEpsOffset(): number
  sampleZOffset(): number
  sampleUOffset(): number
  sampleCheckLower(): void
  sampleCorrelate(j: number, rows: number, start: number): void
  sampleStratify(j: number): void
  scoresSetup(n: number, observed: number): void
  scoresValuesOffset(): number
  scoresSortedOffset(): number
  scoresOffset(): number
  scoresMidRank(): void
  scoresUniform(low: number, high: number): void
  scoresNormal(mean: number, sd: number, lo: number, hi: number): void
  scoresLogNormal(loc: number, mu: number, sigma: number, lo: number, hi: number): void
  scoresParametric(family: number, p0: number, p1: number, p2: number, p3: number): void
  marginalSetup(): number
  marginalKnotsOffset(): number
  marginalAuto(threshold: number): number
  valuesSetup(n: number, aux: number): void
  valuesUOffset(): number
  valuesMissingOffset(): number
  valuesOutOffset(): number
  valuesAuxOffset(): number
  valuesSlotsOffset(): number
  valuesEmpirical(k: number): void
  valuesUniform(low: number, high: number): void
  valuesNormal(mean: number, sd: number): void
  valuesLogNormal(loc: number, mu: number, sigma: number): void
  valuesTime(unit: number, origin: number): void
  valuesMissing(threshold: number): void
  valuesOutputRule(precision: number, scale: number, hasMin: boolean, min: number, hasMax: boolean, max: number, datetime: boolean): void
  valuesCodes(k: number): void
  valuesParametric(family: number, p0: number, p1: number, p2: number, p3: number): void
  positionSetup(n: number, k: number, p: number): void
  positionRefOffset(): number
  positionCountsOffset(): number
  positionCodesOffset(): number
  positionOffset(): number
  positionRun(): boolean
}

/** What the module imports: the host's own exp, log, log1p, pow and tan, so that its results are the TypeScript code's. */
const IMPORTS = { env: { exp: Math.exp, log: Math.log, log1p: Math.log1p, pow: Math.pow, tan: Math.tan } }

/** Compiled in the background from the moment the package is loaded (ready once the event loop has turned). */
const compiled = backgroundWasm(KERNELS_WASM_BASE64)
let enabled = true

/**
 * A fresh instance with its own memory (released with it, so a fit keeps no buffer after it returns), or null
 * where WebAssembly is unavailable; the module is compiled once per process.
 */
export function kernelInstance(): Kernels | null {
  if (!enabled) return null
  const module = compiled()
  if (module === null) return null
  try {
    return new WebAssembly.Instance(module, IMPORTS).exports as unknown as Kernels
  } catch {
    return null
  }
}

/** The instance lent to contained jobs, and the memory it may keep between them. */
let shared: Kernels | null = null
const SHARED_MAX_BYTES = 8 * 2 ** 20

/**
 * An instance for a job that copies its inputs in and its results out within one call (no view of its memory
 * outlives the call): one instance is lent to every such job of at most `doubles` doubles ≤ 8 MiB, so that a fit of
 * many columns does not create (and collect) an instance and its memory per column; a larger job gets a fresh
 * instance, released with it. Null where WebAssembly is unavailable.
 */
export function lentKernelInstance(doubles: number): Kernels | null {
  if (!enabled) return null
  if (!(doubles * 8 <= SHARED_MAX_BYTES)) return kernelInstance()
  // an estimate that fell short leaves the lent memory larger than allowed: replaced, the old one collected
  if (shared === null || shared.memory.buffer.byteLength > SHARED_MAX_BYTES) shared = kernelInstance()
  return shared
}

/** Turns the kernels off (the TypeScript references run) or back on: for the tests that compare the two. */
export function setKernelsEnabled(on: boolean): void {
  enabled = on
}
