// Rebuilds every package's generated WebAssembly module from its AssemblyScript source (see wasm-kernels.ts).
import { writeFileSync } from 'node:fs'
import { KERNELS, compileKernel, renderKernel } from './wasm-kernels'

for (const kernel of Object.values(KERNELS)) {
  const binary = await compileKernel(kernel)
  writeFileSync(kernel.generated, renderKernel(kernel, binary))
  console.log(`wrote ${kernel.generated.pathname} (${binary.length} bytes of WebAssembly)`)
}
