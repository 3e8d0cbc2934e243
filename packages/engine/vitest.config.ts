import { mergeConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared.ts'

// Isolated files: test/postgres-missing.test.ts mocks 'pg' with vi.mock, and without isolation a module mock would
// reach the other files that share the worker (postgres.test.ts needs the real driver).
// Two workers: postgres.test.ts (three servers) and engine.test.ts are long files that would otherwise run in turn.
export default mergeConfig(sharedConfig, { test: { isolate: true, maxWorkers: 2 } })
