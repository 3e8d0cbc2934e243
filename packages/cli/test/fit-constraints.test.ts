import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { runMain, tempDir } from './helpers'

const { dir, cleanup } = tempDir('synthkit-fit-constraints-')
afterAll(cleanup)
const data = dataPath('telco_churn')
const schemaFile = join(dir, 'schema.json')

/** The inferred telco schema with these constraints, written to a file. */
function withConstraints(name: string, constraints: unknown[]): string {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'))
  const path = join(dir, `${name}.schema.json`)
  writeFileSync(path, JSON.stringify({ ...schema, constraints }))
  return path
}

beforeAll(async () => {
  const r = await runMain(['infer', '--data', data, '--out', schemaFile])
  expect(r.code, r.stderr).toBe(0)
}, 60_000)

describe('fit checks the constraints against the training data before fitting', () => {
  // Each was accepted by fit before (the copula only checks the constraints it can transform), then enforced on
  // synthetic rows although the real data break them.
  const broken: [string, unknown, RegExp][] = [
    [
      'unique-category',
      { type: 'unique', columns: ['contract'] },
      /unique\(contract\) fails on 7,040 of 7,043 rows \(rows 3, 4, 5, 6, 7, …\)/,
    ],
    [
      'reversed-inequality',
      { type: 'inequality', low: 'total_charges', high: 'monthly_charges' },
      /inequality\(total_charges <= monthly_charges\) fails on [\d,]+ of 7,043 rows/,
    ],
  ]
  for (const [name, constraint, message] of broken) {
    it(`refuses ${name} with a typed error naming the constraint, the count and the first rows, and writes no model`, async () => {
      const out = join(dir, `${name}.model.json`)
      const r = await runMain(['fit', '--data', data, '--schema', withConstraints(name, [constraint]), '--seed', '1', '--out', out])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).toContain('[CONSTRAINT_INVALID]')
      expect(r.stderr).toMatch(/constraints\.0: /)
      expect(existsSync(out)).toBe(false)
    }, 60_000)
  }

  it('names every violated constraint by its index with --verbose and accepts the ones the data satisfy', async () => {
    const schema = withConstraints('mixed', [
      { type: 'positive', column: 'monthly_charges' },
      { type: 'range', column: 'tenure', max: 50 },
      { type: 'unique', columns: ['contract'] },
    ])
    const r = await runMain(['fit', '--data', data, '--schema', schema, '--seed', '1', '--out', join(dir, 'm.json'), '--verbose'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('break 2 of the 3 constraints')
    expect(r.stderr).toMatch(/constraints\.1: range\(tenure <= 50\) fails on 2,105 of 7,043 rows/)
    expect(r.stderr).toMatch(/constraints\.2: unique\(contract\)/)
    expect(r.stderr).not.toMatch(/constraints\.0: /)
    const ok = withConstraints('ok', [{ type: 'positive', column: 'monthly_charges' }])
    const fit = await runMain(['fit', '--data', data, '--schema', ok, '--seed', '1', '--out', join(dir, 'ok.json')])
    expect(fit.code, fit.stderr).toBe(0)
  }, 60_000)
})
