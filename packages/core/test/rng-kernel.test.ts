import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { KERNELS, compileKernel, renderKernel } from '../../../scripts/wasm-kernels'
import { rngKernel, setRngKernelEnabled } from '../src/internal/rng-kernel'
import { createRng, fillStandardNormal, fillUniform } from '../src/index'

// The seeded generator's WebAssembly kernel (assembly/rng.ts) against the TypeScript loops it stands in for: the
// same doubles, the same normals and the same generator state after, on lengths that cross the kernel's capacity
// (4,096 per call) and on every range of a buffer.

afterEach(() => setRngKernelEnabled(true))

function both<T>(f: () => T): [T, T] {
  setRngKernelEnabled(true)
  const on = f()
  setRngKernelEnabled(false)
  const off = f()
  setRngKernelEnabled(true)
  return [on, off]
}

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

describe('the compiled module', () => {
  it('is what assembly/rng.ts compiles to', async () => {
    const binary = await compileKernel(KERNELS.core)
    expect(readFileSync(KERNELS.core.generated, 'utf8')).toBe(renderKernel(KERNELS.core, binary))
  }, 60_000)

  it('instantiates in this runtime (else the properties below compare the TypeScript loops with themselves)', () => {
    expect(rngKernel()).not.toBeNull()
    setRngKernelEnabled(false)
    expect(rngKernel()).toBeNull()
  })
})

describe('WebAssembly = TypeScript', () => {
  it('fillUniform: values on any range and the state after (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 50 }), fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 4000, max: 9000 })), (seed, start, length) => {
        const [on, off] = both(() => {
          const rng = createRng(seed)
          const out = new Float64Array(start + length + 2)
          fillUniform(rng, out, start, start + length)
          return { out, after: [rng.nextUint32(), rng.nextUint32()] }
        })
        return same(on.out, off.out) && on.after[0] === off.after[0] && on.after[1] === off.after[1]
      }),
      { numRuns: 60 },
    )
  })

  it('fillStandardNormal: the normals and the state after (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 4000, max: 12_000 })), (seed, n) => {
        const [on, off] = both(() => {
          const rng = createRng(seed)
          const out = new Float64Array(n)
          fillStandardNormal(rng, out)
          return { out, after: rng.nextUint32() }
        })
        return same(on.out, off.out) && on.after === off.after
      }),
      { numRuns: 40 },
    )
  })
})
