import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { distExports } from '../../../testing/dist'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

it('the built package loads in plain Node as ESM and CJS with the same exports', () => {
  const { esm, cjs } = distExports('@synthkit/dp', packageDir)
  for (const name of [
    'DpError',
    'secureRandomSource',
    'unsafeSeededForTesting',
    'discreteGaussian',
    'discreteLaplace',
    'createPrivacyBudget',
    'laplaceMechanism',
    'gaussianMechanism',
    'exponentialMechanism',
    'dpMean',
    'dpQuantile',
    'createRdpAccountant',
    'analyticGaussianSigma',
  ]) {
    expect(esm).toContain(name)
  }
  expect(cjs).toEqual(esm.filter((n) => n !== 'default'))
})

it('the built CJS and ESM builds release with the default secure source in plain Node', () => {
  const script = `const b = dp.createPrivacyBudget({ epsilon: 1 }); const r = dp.laplaceMechanism(10, { epsilon: 1, sensitivity: 1, budget: b }); console.log(JSON.stringify([r.fitForRelease, Number.isFinite(r.value), b.ledger().length]))`
  const cjs = execFileSync(process.execPath, ['-e', `const dp = require('@synthkit/dp'); ${script}`], { cwd: packageDir, encoding: 'utf8' })
  const esm = execFileSync(process.execPath, ['--input-type=module', '-e', `const dp = await import('@synthkit/dp'); ${script}`], {
    cwd: packageDir,
    encoding: 'utf8',
  })
  expect(JSON.parse(cjs)).toEqual([true, true, 1])
  expect(JSON.parse(esm)).toEqual([true, true, 1])
})
