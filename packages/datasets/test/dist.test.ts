import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { distExports } from '../../../testing/dist'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

it('the built package loads in plain Node as ESM and CJS with the same exports', () => {
  const { esm, cjs } = distExports('@synthkit/datasets', packageDir)
  for (const name of [
    'DATASET_NAMES',
    'DATASETS',
    'getDataset',
    'datasetColumns',
    'datasetBytes',
    'loadDataset',
    'penguins',
    'flights200k',
  ])
    expect(esm).toContain(name)
  expect(cjs).toEqual(esm.filter((n) => n !== 'default'))
})

it('the built CJS and ESM builds decompress a dataset to its recorded SHA-256', () => {
  const script = `const d = ds.getDataset('telco_churn'); console.log(require('node:crypto').createHash('sha256').update(ds.datasetBytes(d)).digest('hex') === d.sha256)`
  const cjs = execFileSync(process.execPath, ['-e', `const ds = require('@synthkit/datasets'); ${script}`], {
    cwd: packageDir,
    encoding: 'utf8',
  })
  const esm = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); const ds = await import('@synthkit/datasets'); ${script}`,
    ],
    { cwd: packageDir, encoding: 'utf8' },
  )
  expect(cjs.trim()).toBe('true')
  expect(esm.trim()).toBe('true')
})
