import { mergeConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared.ts'

// Two workers (vitest's default on 2 cores is one): the distribution sweep is one long file (~2 min of the suite's
// run), so with one worker the rest of the package waited behind it.
export default mergeConfig(sharedConfig, { test: { maxWorkers: 2 } })
