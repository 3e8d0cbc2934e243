import type { Constraint } from '@synthkit/core'
import { createRng, toRows } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { DATASETS } from '../../../testing/data'
import { fitCopula, fitCopulaFromStatistics, sampleCopula } from '../src/index'
import { loadTable } from './helpers'

// The refactor's contract: the fit through sufficient statistics (pass 1 marginals, pass 2 layout, pass 3 pair sums)
// is the in-memory fit, bit for bit — the same model JSON and the same sampled rows for a seed.
describe.each(DATASETS)('fit through statistics on %s', (name) => {
  it('gives the same model and the same rows as fitCopula', () => {
    const real = loadTable(name)
    const direct = fitCopula(real)
    const viaStatistics = fitCopulaFromStatistics(real)
    expect(JSON.stringify(viaStatistics)).toBe(JSON.stringify(direct))
    const n = Math.min(real.nRows, 5000)
    expect(toRows(sampleCopula(viaStatistics, n, createRng(3)))).toEqual(toRows(sampleCopula(direct, n, createRng(3))))
  })
})

describe('fit through statistics with options', () => {
  it('matches fitCopula with constraint transforms and fixed marginal families', () => {
    const real = loadTable('telco_churn')
    const constraints: Constraint[] = [{ type: 'inequality', low: 'monthly_charges', high: 'total_charges' }]
    for (const options of [{ constraints }, { marginals: 'normal' as const }, { marginals: 'empirical' as const, enforceMinMax: false }]) {
      expect(JSON.stringify(fitCopulaFromStatistics(real, options))).toBe(JSON.stringify(fitCopula(real, options)))
    }
  })
})
