import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { distExports } from '../../../testing/dist'

it('the built package loads in plain Node as ESM and CJS with the same exports', () => {
  const { esm, cjs } = distExports('@synthkit/metrics', fileURLToPath(new URL('..', import.meta.url)))
  for (const name of ['qualityReport', 'ksComplement', 'tvComplement', 'correlationSimilarity', 'contingencySimilarity', 'METRICS_VERSION']) {
    expect(esm).toContain(name)
  }
  expect(cjs).toEqual(esm.filter((n) => n !== 'default'))
})
