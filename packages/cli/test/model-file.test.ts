import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { runMain, tempDir } from './helpers'

describe('model files are untrusted input', () => {
  const { dir, cleanup } = tempDir()
  afterAll(cleanup)
  const model = join(dir, 'model.json')
  // biome-ignore lint/suspicious/noExplicitAny: model JSON, edited freely to tamper with it
  type Json = Record<string, any>
  let file: Json
  beforeAll(async () => {
    const fit = await runMain(['fit', '--data', dataPath('penguins'), '--out', model, '--seed', '11'])
    expect(fit.code).toBe(0)
    file = JSON.parse(readFileSync(model, 'utf8'))
  })
  const write = (edit: (f: Json) => void): string => {
    const f = structuredClone(file)
    edit(f)
    const path = join(dir, `edited-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(path, JSON.stringify(f))
    return path
  }

  it('records the seed, the package, the options and both timings in the lineage', () => {
    expect(file.lineage).toMatchObject({ seed: 11, package: '@synthkit/copula', privacy: null, options: {} })
    expect(file.lineage.fitSeconds).toBeGreaterThan(0)
    expect(file.lineage.readSeconds).toBeGreaterThan(0)
  })

  const cases: [string, (f: Json) => void, RegExp][] = [
    [
      'a lineage time that is not a number',
      (f) => (f.lineage.fitSeconds = 'soon'),
      /lineage\.fitSeconds: expected a finite number ≥ 0, got "soon"/,
    ],
    ['a hash that is not SHA-256', (f) => (f.lineage.sha256 = 'abc'), /lineage\.sha256/],
    ['an unknown method', (f) => (f.method = 'gan'), /unknown method "gan"; available: copula/],
    ['an old envelope version', (f) => (f.version = 1), /version/],
    ['a tampered correlation', (f) => (f.model.correlation[0][1] = f.model.correlation[1][0] = -1), /model\.correlation/],
  ]
  for (const [what, edit, message] of cases) {
    it(`refuses ${what} with exit code 2 and the path`, async () => {
      for (const command of [
        ['sample', '--rows', '5', '--out', join(dir, 'o.csv')],
        ['card', '--real', dataPath('penguins'), '--synthetic', dataPath('penguins'), '--out', join(dir, 'c.md')],
      ]) {
        const r = await runMain([command[0], '--model', write(edit), ...command.slice(1)])
        expect(r.code).toBe(2)
        expect(r.stderr).toMatch(message)
      }
    })
  }

  it('refuses a privacy budget for a method that is not differentially private, before reading data', async () => {
    const r = await runMain(['fit', '--data', join(dir, 'missing.csv'), '--out', join(dir, 'm.json'), '--epsilon', '1'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/copula is not differentially private/)
  })

  it("passes options from a JSON file and from the method's own flags, and names a bad one", async () => {
    const options = join(dir, 'options.json')
    writeFileSync(options, JSON.stringify({ marginals: 'normal' }))
    const out = join(dir, 'normal.json')
    expect(
      (await runMain(['fit', '--data', dataPath('penguins'), '--out', out, '--options', options, '--enforce-min-max', 'false'])).code,
    ).toBe(0)
    const m = JSON.parse(readFileSync(out, 'utf8'))
    expect(m.lineage.options).toEqual({ marginals: 'normal', enforceMinMax: false })
    expect(
      m.model.columns
        .filter((c: { kind: string; marginal?: { family: string } }) => c.kind === 'numeric' && c.marginal)
        .every((c: { marginal: { family: string } }) => c.marginal.family === 'normal'),
    ).toBe(true)
    const bad = await runMain(['fit', '--data', dataPath('penguins'), '--out', out, '--marginal', 'cauchy'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/invalid copula options[\s\S]*marginals/)
  })
})
