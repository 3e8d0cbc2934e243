// The seeded generator's WebAssembly kernel (assembly/rng.ts): bulk uniforms and the polar method's normals,
// bit-identical to the TypeScript loops of rng.ts, which run wherever WebAssembly cannot (no WebAssembly, or a host
// that refuses to compile it synchronously).
import { RNG_WASM_BASE64 } from '../generated/rng-wasm'
import { backgroundWasm } from '../wasm'

interface Exports {
  readonly memory: WebAssembly.Memory
  uniforms(count: number): void
  polar(count: number, room: number): number
  uniformsOffset(): number
  normalsOffset(): number
  capacity(): number
}

/** The one instance (its 128 KiB of memory fixed) and views of its regions. */
export interface RngKernel {
  readonly exports: Exports
  /** The generator state, four Int32 words, read and written by `uniforms`. */
  readonly state: Int32Array
  readonly uniforms: Float64Array
  readonly normals: Float64Array
  /** Most doubles one call draws or writes. */
  readonly capacity: number
}

let kernel: RngKernel | null | undefined
let enabled = true
/** Compiled in the background from the moment the package is loaded. */
const compiled = backgroundWasm(RNG_WASM_BASE64)

function load(): RngKernel | null {
  const module = compiled()
  if (module === null) return null
  try {
    const exports = new WebAssembly.Instance(module, { env: { log: Math.log } }).exports as unknown as Exports
    const buffer = exports.memory.buffer
    const capacity = exports.capacity()
    return {
      exports,
      state: new Int32Array(buffer, 0, 4),
      uniforms: new Float64Array(buffer, exports.uniformsOffset(), capacity),
      normals: new Float64Array(buffer, exports.normalsOffset(), capacity),
      capacity,
    }
  } catch {
    return null
  }
}

/** The kernel (instantiated on first use, once per process), or null where WebAssembly is unavailable or off. */
export function rngKernel(): RngKernel | null {
  if (!enabled) return null
  if (kernel === undefined) kernel = load()
  return kernel
}

/** Turns the kernel off (the TypeScript loops run) or back on: for the tests that compare the two. */
export function setRngKernelEnabled(on: boolean): void {
  enabled = on
}
