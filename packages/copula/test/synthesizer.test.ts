import { concat, createRng, isSynthkitError } from '@synthkit/core'
import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import { copulaSynthesizer, fitCopula, sampleCopula } from '../src/index'
import { loadTable } from './helpers'

describe('the copula through the synthesizer protocol', () => {
  const real = loadTable('penguins')

  it('decodes options with defaults and names the path of a bad one', () => {
    expect(E.isRight(copulaSynthesizer.decodeOptions({}))).toBe(true)
    const bad = copulaSynthesizer.decodeOptions({ marginals: 'cauchy' })
    expect(E.isLeft(bad) && [...new Set(bad.left.issues.map((i) => i.path))]).toEqual(['marginals'])
    const extra = copulaSynthesizer.decodeOptions({ extra: 1 })
    expect(E.isLeft(extra) && extra.left.code).toBe('OPTIONS_INVALID')
  })

  it('fits, survives a JSON round trip through decodeModel, and streams the rows sampleCopula gives', async () => {
    const options = E.getOrElseW(() => ({}))(copulaSynthesizer.decodeOptions({ marginals: 'auto' }))
    const model = await copulaSynthesizer.fit({ kind: 'table', table: real }, options, { rng: createRng(1) })
    expect(model).toEqual(fitCopula(real))
    const decoded = copulaSynthesizer.decodeModel(JSON.parse(JSON.stringify(model)))
    if (E.isLeft(decoded)) throw decoded.left
    const chunks = [...copulaSynthesizer.stream(decoded.right, { rows: 1000, rng: createRng(5), chunkRows: 300 })]
    expect(chunks.map((c) => c.rows.nRows)).toEqual([300, 300, 300, 100])
    expect(new Set(chunks.map((c) => c.table)).size).toBe(1)
    expect(concat(chunks.map((c) => c.rows)).columns).toEqual(sampleCopula(model, 1000, createRng(5)).columns)
    const schema = copulaSynthesizer.schema(decoded.right)
    expect(schema.kind === 'table' && schema.schema).toEqual(real.schema)
  })

  it('describes itself as not differentially private and refuses a privacy budget', () => {
    const model = fitCopula(real)
    const d = copulaSynthesizer.describe(model)
    expect(d.privacy.kind).toBe('none')
    expect(d.trainingRows).toBe(real.nRows)
    expect(d.limitations.length).toBeGreaterThan(0)
    let error: unknown
    try {
      copulaSynthesizer.fit(
        { kind: 'table', table: real },
        {},
        { rng: createRng(1), privacy: { epsilon: 1, delta: 0, noise: createRng(2) } },
      )
    } catch (e) {
      error = e
    }
    expect(isSynthkitError(error) && error.code).toBe('UNSUPPORTED')
  })

  it('names its package and version', () => {
    expect(copulaSynthesizer.packageName).toBe('@synthkit/copula')
    expect(copulaSynthesizer.version).toMatch(/^\d+\.\d+\.\d+/)
  })
})
