import { type Synthesizer, createRng, isSynthkitError } from '@synthkit/core'
import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import { bayesnetSynthesizer, privbayesSynthesizer } from '../src/index'
import { loadTable } from './helpers'
import { declaredPublic } from './public-schema'

describe('the protocol adapters', () => {
  it('fit, stream { table, rows } chunks through the shared driver, decode their own JSON model and describe it', () => {
    const t = loadTable('telco_churn', 2000)
    const adapter: Synthesizer = bayesnetSynthesizer as unknown as Synthesizer
    const options = E.getOrElseW(() => ({}))(adapter.decodeOptions({ degree: 2 }))
    const model = adapter.fit({ kind: 'table', table: t }, options, { rng: createRng(1) })
    const decoded = adapter.decodeModel(JSON.parse(JSON.stringify(model)))
    expect(E.isRight(decoded)).toBe(true)
    const chunks = [...adapter.stream(E.isRight(decoded) ? decoded.right : model, { rows: 5000, rng: createRng(2), chunkRows: 2000 })]
    expect(chunks.map((c) => c.rows.nRows)).toEqual([2000, 2000, 1000])
    expect(new Set(chunks.map((c) => c.table))).toEqual(new Set([(model as { table: string }).table]))
    const d = adapter.describe(model)
    expect(d.privacy.kind).toBe('none')
    expect(d.trainingRows).toBe(2000)
  })

  it('privbayes needs context.privacy, reads it, and its model is refused by the bayesnet adapter', async () => {
    const pub = declaredPublic(loadTable('telco_churn', 2000))
    const input = { kind: 'table' as const, table: pub.table }
    expect(() => privbayesSynthesizer.fit(input, { nullable: pub.nullable }, { rng: createRng(1) })).toThrow(/privacy budget/)
    const model = await privbayesSynthesizer.fit(
      input,
      { nullable: pub.nullable },
      { rng: createRng(1), privacy: { epsilon: 1, delta: 0, noise: createRng(9) } },
    )
    const d = privbayesSynthesizer.describe(model)
    expect(d.privacy).toMatchObject({ kind: 'differential-privacy', epsilon: 1, neighbouring: 'replace-one-row', fitForRelease: false })
    const wrong = bayesnetSynthesizer.decodeModel(JSON.parse(JSON.stringify(model)))
    expect(E.isLeft(wrong) && wrong.left.code).toBe('MODEL_INVALID')
    // rows default to the model's noisy count
    const rows = [...privbayesSynthesizer.stream(model, { rng: createRng(3) })].reduce((a, c) => a + c.rows.nRows, 0)
    expect(rows).toBe(model.rows)
    expect(Math.abs(model.rows - 2000)).toBeLessThan(400)
  })

  it('refuses dataset input with a typed error', () => {
    try {
      bayesnetSynthesizer.fit({ kind: 'none' }, {}, { rng: createRng(1) })
      expect.unreachable()
    } catch (e) {
      expect(isSynthkitError(e) && e.code).toBe('UNSUPPORTED')
    }
  })
})
