import { fileURLToPath } from 'node:url'
import { mergeConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared.ts'

// The README example imports '@synthkit/cli': from the source, like the other files (not the 9 MB built bundle, whose
// transform cost about 15 s of CPU per run); the built bundle is checked in plain Node by test/dist.test.ts.
// Two workers (vitest's default on 2 cores is one): the CLI's files hold about half of the suite's CPU, so with one
// worker they ran one after another on one core long after the other packages had finished.
// The files that replace a module with vi.mock (the secure source of @synthkit/core, the pg driver) run isolated, in
// a project of their own: without isolation their mock would reach the files that share the worker.
const MOCKING = ['test/fit-engine-privbayes.test.ts', 'test/fit-postgres-missing.test.ts']

export default mergeConfig(sharedConfig, {
  resolve: { alias: { '@synthkit/cli': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'cli', include: ['test/**/*.test.ts'], exclude: MOCKING } },
      { extends: true, test: { name: 'cli (isolated: module mocks)', include: MOCKING, isolate: true } },
    ],
  },
})
