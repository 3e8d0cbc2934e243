import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { runMain, tempDir } from './helpers'

describe('a differentially private fit through the CLI (privbayes)', () => {
  const { dir, cleanup } = tempDir()
  afterAll(cleanup)

  it('refuses an inferred schema without category sets, then fits with declared ones and states the ε spent', async () => {
    const data = dataPath('penguins')
    const refused = await runMain(['fit', '--data', data, '--method', 'privbayes', '--epsilon', '1', '--out', join(dir, 'x.json')])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/category sets in the schema/)
    const schema = join(dir, 'schema.json')
    expect((await runMain(['infer', '--data', data, '--out', schema, '--with-categories'])).code).toBe(0)
    const model = join(dir, 'model.json')
    const card = join(dir, 'card.md')
    const fit = await runMain([
      'fit',
      '--data',
      data,
      '--schema',
      schema,
      '--method',
      'privbayes',
      '--epsilon',
      '0.5',
      '--degree',
      '1',
      '--out',
      model,
      '--card',
      card,
    ])
    expect(fit.stderr).toBe('')
    expect(fit.stdout).toMatch(/differential privacy spent: ε = 0.5, δ = 0/)
    const json = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8'))
    expect(json.privacy.differentialPrivacy).toMatchObject({ kind: 'differential-privacy', epsilon: 0.5, delta: 0, fitForRelease: true })
    expect(JSON.parse(readFileSync(model, 'utf8')).lineage.privacy).toEqual({ epsilon: 0.5, delta: 0 })
    expect((await runMain(['sample', '--model', model, '--rows', '200', '--out', join(dir, 's.csv'), '--seed', '2'])).code).toBe(0)
  })
})
