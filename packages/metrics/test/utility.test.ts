import { concat, createRng, slice } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { fairness, mlEfficacy, newRowSynthesis, shuffleColumns } from '../src/index'
import { halves, uniformNoise } from './helpers'
import { loadReferenceCase } from './sdmetrics-reference'
import { loadColumns } from '../../../testing/data'

const telco = loadReferenceCase('telco_churn')

describe('new-row synthesis', () => {
  it('finds every copied row and nothing else', () => {
    const noise = uniformNoise(telco.real, 100, createRng(3))
    const mixed = concat([slice(telco.real, 0, 150), noise])
    const r = newRowSynthesis(telco.real, mixed)
    expect(r.copiedRows).toBe(150)
    expect(r.newRowRate).toBeCloseTo(100 / 250, 15)
    expect(newRowSynthesis(telco.real, telco.real).score).toBe(0)
  })

  it('treats missing as equal to missing (total_charges has missing values)', () => {
    const rowsWithMissing =
      telco.real.columns.total_charges.type === 'numeric'
        ? [...telco.real.columns.total_charges.values].flatMap((v, i) => (v !== v ? [i] : []))
        : []
    expect(rowsWithMissing.length).toBe(11)
    const copies = slice(telco.real, rowsWithMissing[0], rowsWithMissing[0] + 1)
    expect(newRowSynthesis(telco.real, copies).copiedRows).toBe(1)
  })
})

describe('ML efficacy', () => {
  it('a second real sample is as useful as the real training data (score near 1)', () => {
    const [a, b] = halves(telco.real, createRng(31))
    const r = mlEfficacy(a, b, { target: 'churn', rng: createRng(32) })
    expect(r.task).toBe('classification')
    if (!('f1' in r.trainedOnReal)) throw new Error('classification scores expected')
    // churn is predictable: real-trained macro F1 well above the 0.42 of always answering "No"
    expect(r.trainedOnReal.f1).toBeGreaterThan(0.65)
    expect(r.trainedOnReal.auc!).toBeGreaterThan(0.8)
    expect(r.score!).toBeGreaterThan(0.93)
  })

  it('a column-wise shuffle, which keeps no relation to the target, is nearly useless', () => {
    const r = mlEfficacy(telco.real, shuffleColumns(telco.real, createRng(33)), { target: 'churn', rng: createRng(34) })
    if (!('auc' in r.trainedOnSynthetic)) throw new Error('classification scores expected')
    expect(r.trainedOnSynthetic.auc!).toBeLessThan(0.6)
    expect(r.score!).toBeLessThan(0.75)
  })

  it('regression reports R² (monthly charges follow from the services almost linearly)', () => {
    const r = mlEfficacy(telco.real, telco.synthetic, { target: 'monthly_charges', rng: createRng(35), model: 'linear-regression' })
    expect(r.task).toBe('regression')
    if (!('r2' in r.trainedOnReal) || !('r2' in r.trainedOnSynthetic)) throw new Error('regression scores expected')
    expect(r.trainedOnReal.r2).toBeGreaterThan(0.95)
    expect(r.trainedOnSynthetic.r2).toBeLessThan(r.trainedOnReal.r2)
    expect(r.score).toBeCloseTo(Math.max(0, r.trainedOnSynthetic.r2) / r.trainedOnReal.r2, 12)
  })

  it('rejects an unknown target and a model that does not fit the task', () => {
    expect(() => mlEfficacy(telco.real, telco.synthetic, { target: 'nope', rng: createRng(1) })).toThrow(/target/)
    expect(() => mlEfficacy(telco.real, telco.synthetic, { target: 'churn', rng: createRng(1), model: 'linear-regression' })).toThrow(
      /model|classify/,
    )
  })
})

describe('fairness', () => {
  it('reports group shares and outcome rates that match direct counts of the CSV', () => {
    const r = fairness(telco.real, telco.synthetic, { sensitive: ['senior_citizen'], outcome: { column: 'churn' } })
    expect(r.outcome).toEqual({ column: 'churn', positive: 'Yes' }) // the minority outcome by default
    const raw = loadColumns('telco_churn')
    const seniors = raw.senior_citizen.map((v, i) => [v, raw.churn[i]] as const).filter(([v]) => v === '1')
    const g = r.columns[0].groups.find((x) => x.group === '1')!
    expect(g.realShare).toBeCloseTo(seniors.length / raw.churn.length, 15)
    expect(g.realRate!).toBeCloseTo(seniors.filter(([, c]) => c === 'Yes').length / seniors.length, 15)
    const g0 = r.columns[0].groups.find((x) => x.group === '0')!
    expect(r.columns[0].realParityGap!).toBeCloseTo(Math.abs(g.realRate! - g0.realRate!), 15)
    expect(r.columns[0].representationGap).toBeCloseTo(Math.abs(g.shareGap), 12)
  })

  it('shows that a column-wise shuffle erases the outcome disparity while keeping representation', () => {
    const r = fairness(telco.real, shuffleColumns(telco.real, createRng(41)), {
      sensitive: ['senior_citizen', 'tenure'],
      outcome: { column: 'churn', positive: 'Yes' },
    })
    const senior = r.columns[0]
    expect(senior.representationGap).toBe(0)
    expect(senior.realParityGap!).toBeGreaterThan(0.15) // seniors churn far more in the real data
    expect(senior.syntheticParityGap!).toBeLessThan(0.05)
    expect(r.columns[1].groups.length).toBe(4) // tenure quartiles
  })

  it('needs a sensitive column', () => {
    expect(() => fairness(telco.real, telco.synthetic)).toThrow(/sensitive/)
  })
})
