import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { distExports } from '../../../testing/dist'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

it('the built package loads in plain Node as ESM and CJS with the same exports', () => {
  const { esm, cjs } = distExports('@synthkit/engine', packageDir)
  for (const name of ['fitCopulaSql', 'fitPrivBayesSql', 'openDuckDb', 'duckDbFileRelation', 'inferSchemaSql', 'phiInverseBody'])
    expect(esm).toContain(name)
  expect(cjs).toEqual(esm.filter((n) => n !== 'default'))
})
