import type { Constraint } from '@synthkit/core'
import { createRng, toRows } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { DATASETS } from '../../../testing/data'
import { fitCopula, fitCopulaFromStatistics, sampleCopula } from '../src/index'
import { loadTable } from './helpers'

// The refactor's contract: the fit through sufficient statistics (pass 1 marginals, pass 2 layout, pass 3 pair sums)
// is the in-memory fit up to floating-point rounding — the same model (every string, boolean and structure equal,
// every number to 1e-12 relative: the pair sums Σxy − ΣxΣy/n and fitCopula's centred products round differently)
// and, for a seed, the same sampled rows (categories and missing cells identical, numbers to 1e-9).
function expectClose(got: unknown, want: unknown, tolerance: number, path = ''): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (Object.is(got, want)) return
    const scale = Math.max(1, Math.abs(want))
    if (!(Math.abs(got - want) <= tolerance * scale)) expect.fail(`${path}: ${got} vs ${want}`)
    return
  }
  // expect only on a difference: an expect per cell of 5,000 sampled rows cost seconds (equal primitives pass toEqual)
  if (want === null || typeof want !== 'object' || got === null || typeof got !== 'object') {
    if (!Object.is(got, want)) expect(got, path).toEqual(want)
    return
  }
  const keys = Object.keys(want as object)
  const gotKeys = Object.keys(got as object)
  if (gotKeys.length !== keys.length || gotKeys.some((k, i) => k !== keys[i])) expect(gotKeys, path).toEqual(keys)
  for (const k of keys) expectClose((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], tolerance, `${path}.${k}`)
}

describe.each(DATASETS)('fit through statistics on %s', (name) => {
  it('gives the same model and the same rows as fitCopula (to rounding)', () => {
    const real = loadTable(name)
    const direct = fitCopula(real)
    const viaStatistics = fitCopulaFromStatistics(real)
    expectClose(JSON.parse(JSON.stringify(viaStatistics)), JSON.parse(JSON.stringify(direct)), 1e-12)
    const n = Math.min(real.nRows, 5000)
    expectClose(toRows(sampleCopula(viaStatistics, n, createRng(3))), toRows(sampleCopula(direct, n, createRng(3))), 1e-9)
  })
})

describe('fit through statistics with options', () => {
  it('matches fitCopula with constraint transforms and fixed marginal families', () => {
    const real = loadTable('telco_churn')
    const constraints: Constraint[] = [{ type: 'inequality', low: 'monthly_charges', high: 'total_charges' }]
    for (const options of [{ constraints }, { marginals: 'normal' as const }, { marginals: 'empirical' as const, enforceMinMax: false }]) {
      expectClose(
        JSON.parse(JSON.stringify(fitCopulaFromStatistics(real, options))),
        JSON.parse(JSON.stringify(fitCopula(real, options))),
        1e-12,
      )
    }
  })
})
