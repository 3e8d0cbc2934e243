// Rebuilds src/generated/kernels-wasm.ts from assembly/kernels.ts (see kernels-compile).
import { writeFileSync } from 'node:fs'
import { GENERATED, compileKernels, renderGenerated } from './kernels-compile'

const binary = await compileKernels()
writeFileSync(GENERATED, renderGenerated(binary))
console.log(`wrote ${GENERATED.pathname} (${binary.length} bytes of WebAssembly)`)
