import { describe, expect, it } from 'vitest'
import { RNG_WASM_BASE64 } from '../src/generated/rng-wasm'
import { backgroundWasm, embeddedWasm } from '../src/index'

// The loaders of the packages' embedded WebAssembly kernels: a module or null (then the TypeScript references run),
// never an exception, whether the module is asked for before or after its background compilation finished.

/** A module's exports by name and kind. */
const exportsOf = (m: WebAssembly.Module | null) => (m ? WebAssembly.Module.exports(m).map((e) => `${e.name}:${e.kind}`) : null)

describe('embedded WebAssembly', () => {
  it('embeddedWasm compiles a valid module and gives null for bytes that are not one', () => {
    expect(exportsOf(embeddedWasm(RNG_WASM_BASE64))).toContain('uniforms:function')
    expect(embeddedWasm(Buffer.from('not a module').toString('base64'))).toBeNull()
  })

  it('backgroundWasm gives the module when asked at once (compiled synchronously) and after its background job', async () => {
    const early = backgroundWasm(RNG_WASM_BASE64)
    const atOnce = early()
    expect(exportsOf(atOnce)).toEqual(exportsOf(embeddedWasm(RNG_WASM_BASE64)))
    await new Promise((resolve) => setTimeout(resolve, 50))
    // the background result does not replace the module already handed out
    expect(early()).toBe(atOnce)

    const late = backgroundWasm(RNG_WASM_BASE64)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const ready = late()
    expect(ready).toBeInstanceOf(WebAssembly.Module)
    expect(late()).toBe(ready)
    expect(exportsOf(ready)).toEqual(exportsOf(atOnce))
  })

  it('backgroundWasm gives null for invalid bytes, before and after the background job fails (no unhandled rejection)', async () => {
    const bad = Buffer.from('\0asm broken').toString('base64')
    const early = backgroundWasm(bad)
    expect(early()).toBeNull()
    const late = backgroundWasm(bad)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(late()).toBeNull()
  })
})
