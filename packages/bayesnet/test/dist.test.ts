import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { distExports } from '../../../testing/dist'

it('the built package loads in plain Node as ESM and CJS with the same exports', () => {
  const { esm, cjs } = distExports('@synthkit/bayesnet', fileURLToPath(new URL('..', import.meta.url)))
  for (const name of [
    'fitBayesNet',
    'fitPrivBayes',
    'buildPrivBayes',
    'buildPrivBayesAsync',
    'sampleBayesNet',
    'sampleBayesNetStream',
    'decodeBayesNetModel',
    'parseBayesNetModel',
    'decodeBayesNetOptions',
    'bayesnetSynthesizer',
    'privbayesSynthesizer',
  ]) {
    expect(esm).toContain(name)
  }
  expect(cjs).toEqual(esm.filter((n) => n !== 'default'))
})
