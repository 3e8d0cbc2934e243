import { fileURLToPath } from 'node:url'
import { mergeConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared.ts'

// The README example imports '@synthkit/cli': from the source, like the other files (not the 9 MB bundle, whose
// transform cost about 15 s of CPU per run); the built bundle is checked in plain Node by test/dist.test.ts.
export default mergeConfig(sharedConfig, {
  resolve: { alias: { '@synthkit/cli': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
})
