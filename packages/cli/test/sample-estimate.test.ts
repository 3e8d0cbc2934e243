import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { csvRowsBytes, defaultRegistry, readModelFile } from '../src/index'
import { FORCE_BYTES, FORCE_ROWS, checkSampleSize, estimateSample, formatBytes } from '../src/synthesizers/sample-estimate'
import { runMain, tempDir } from './helpers'

const { dir, cleanup } = tempDir('synthkit-estimate-')
afterAll(cleanup)
const model = join(dir, 'penguins.json')

beforeAll(async () => {
  const fit = await runMain(['fit', '--data', dataPath('penguins'), '--seed', '3', '--out', model])
  expect(fit.code, fit.stderr).toBe(0)
})

describe('sample size estimates', () => {
  it('refuses a trillion rows with the estimated size and time, before writing anything', async () => {
    const out = join(dir, 'huge.csv')
    const r = await runMain(['sample', '--model', model, '--rows', '1000000000000', '--seed', '1', '--out', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--rows 1000000000000: 1,000,000,000,000 rows ≈ \d+(\.\d)? TB as CSV, ≈ .+ to draw and encode/)
    expect(r.stderr).toContain('more than 100,000,000 rows')
    expect(r.stderr).toContain('pass --force')
    expect(existsSync(out)).toBe(false)
  })

  it('scales a probe to within 5 % of the CSV size of a real 30,000-row sample', async () => {
    const loaded = await readModelFile(model, defaultRegistry)
    const rows = 30_000
    const estimate = estimateSample(loaded.synthesizer, loaded.model, rows, undefined)
    let bytes = 0
    for (const c of loaded.synthesizer.stream(loaded.model, { rows, rng: (await import('@synthkit/core')).createRng(9) }))
      bytes += csvRowsBytes(c.rows).byteLength
    expect(Math.abs(estimate.bytes - bytes) / bytes).toBeLessThan(0.05)
    expect(estimate.seconds).toBeGreaterThan(0)
  })

  it('lets --force through, and refuses by size as well as by rows', () => {
    const big = { rows: FORCE_ROWS + 1, bytes: 1, seconds: 1 }
    expect(() => checkSampleSize(big, false)).toThrow(/more than 100,000,000 rows/)
    expect(() => checkSampleSize(big, true)).not.toThrow()
    const wide = { rows: 1000, bytes: FORCE_BYTES + 1, seconds: 1 }
    expect(() => checkSampleSize(wide, false)).toThrow(/more than 10\.0 GB/)
    expect(() => checkSampleSize({ rows: FORCE_ROWS, bytes: FORCE_BYTES, seconds: 1 }, false)).not.toThrow()
    expect(formatBytes(1536)).toBe('1.5 kB')
  })
})
