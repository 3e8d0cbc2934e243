import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { distExports } from '../../../testing/dist'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

it('the built package loads in plain Node as ESM and CJS with the same exports', () => {
  const { esm, cjs } = distExports('@synthkit/privacy', packageDir)
  for (const name of [
    'dcrValues',
    'distanceToClosestRecord',
    'dcrBaselineProtection',
    'dcrOverfittingProtection',
    'membershipInference',
    'singlingOut',
    'linkability',
    'attributeInference',
    'anonymityReport',
    'attackOutcome',
  ]) {
    expect(esm).toContain(name)
  }
  expect(cjs).toEqual(esm.filter((n) => n !== 'default'))
})

it('the built CJS build computes a DCR in plain Node', () => {
  const script = `const core = require('@synthkit/core'); const p = require('@synthkit/privacy');
const s = core.parseTableSchema({ columns: [{ name: 'x', kind: 'numerical', type: 'float' }] });
const v = p.dcrValues(core.fromColumns({ x: [1.5] }, s), core.fromColumns({ x: [0, 1, 4] }, s));
console.log(JSON.stringify(Array.from(v.dcr)))`
  expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: packageDir, encoding: 'utf8' }))).toEqual([0.125])
})
