import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { distExports } from '../../../testing/dist'

it('the built package loads in plain Node as ESM and CJS with the same exports', () => {
  const { esm, cjs } = distExports('@synthkit/copula', fileURLToPath(new URL('..', import.meta.url)))
  for (const name of ['fitCopula', 'fitCopulaE', 'sampleCopula', 'sampleCopulaStream', 'parseCopulaModel', 'copulaModelSchema'])
    expect(esm).toContain(name)
  expect(cjs).toEqual(esm.filter((n) => n !== 'default'))
})
