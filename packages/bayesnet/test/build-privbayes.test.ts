import { type Table, createRng } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { type BayesNetModel, type PrivBayesRequest, type PrivateEncoding, buildPrivBayes, fitPrivBayes } from '../src/index'
import { loadTable } from './helpers'
import { declaredPublic } from './public-schema'

// large enough for parent sets to pass the θ-usefulness rule on 344 rows (the structure steps count candidates)
const EPSILON = 40

/** A row's state under an encoding, written plainly (a linear scan, not the fit's code): the reference coding. */
function stateOf(table: Table, column: string, row: number, e: PrivateEncoding): number {
  const col = table.columns[column]
  if (col.type === 'coded') {
    const c = col.codes[row]
    if (e.type !== 'labels') throw new Error('labels expected')
    return c < 0 ? e.labels.indexOf(null) : e.labels.indexOf(col.dictionary[c])
  }
  if (col.type !== 'numeric') throw new Error('numeric expected')
  const x = col.values[row]
  if (e.type === 'bins') {
    const bins = e.edges.length - 1
    if (Number.isNaN(x)) return e.missing ? bins : -1
    let b = 0
    for (let k = 1; k < bins; k++) if (x >= e.edges[k]) b = k
    return b
  }
  if (e.type !== 'values') throw new Error('values expected')
  if (Number.isNaN(x)) return e.values.indexOf(null)
  let best = -1
  e.values.forEach((v, k) => {
    if (v !== null && (best < 0 || Math.abs(v - x) < Math.abs((e.values[best] as number) - x))) best = k
  })
  return best
}

/** Drives a build by hand, counting row by row; `tamper` may change the exact tables before the build sees them. */
function drive(table: Table, options: object, seed: number, tamper?: (r: PrivBayesRequest, t: Float64Array[]) => void): BayesNetModel {
  const build = buildPrivBayes(
    { schema: table.schema, rows: table.nRows },
    options,
    { epsilon: EPSILON, noise: createRng(seed) },
    { rng: createRng(1) },
  )
  const vars: { column: string; encoding: PrivateEncoding; states: number }[] = []
  const states = (e: PrivateEncoding) =>
    e.type === 'labels' ? e.labels.length : e.type === 'values' ? e.values.length : e.edges.length - (e.missing ? 0 : 1)
  let next = build.next()
  while (!next.done) {
    const r = next.value
    if (r.type === 'define') {
      for (const v of r.variables) vars.push({ ...v, states: states(v.encoding) })
      next = build.next([])
      continue
    }
    const tables = r.sets.map((set) => {
      const t = new Float64Array(set.reduce((a, v) => a * vars[v].states, 1))
      for (let i = 0; i < table.nRows; i++) {
        let code = 0
        for (const v of set) code = code * vars[v].states + stateOf(table, vars[v].column, i, vars[v].encoding)
        t[code]++
      }
      // every count covers all rows (PrivBayes' sensitivities are for the whole table: no subsample)
      expect(t.reduce((a, b) => a + b, 0)).toBe(table.nRows)
      return t
    })
    tamper?.(r, tables)
    next = build.next(tables)
  }
  return next.value
}

describe('PrivBayes from counts (buildPrivBayes, the code path of fitPrivBayes and the engines)', () => {
  // learned bounds (noisy octave histograms), bins, labels, missing states
  const real = loadTable('penguins')
  const pub = declaredPublic(real)
  const schema = {
    ...pub.table.schema,
    columns: pub.table.schema.columns.map((c) => (c.kind === 'numerical' ? { ...c, min: undefined, max: undefined } : c)),
  }
  const table = { ...pub.table, schema }

  it('counted row by row gives the model fitPrivBayes gives for the same noise and root streams', () => {
    const memory = fitPrivBayes(table, { degree: 2 }, { epsilon: EPSILON, noise: createRng(7) }, { rng: createRng(1) })
    expect(drive(table, { degree: 2 }, 7)).toEqual(memory)
    // and not for another noise stream, nor with one count of the noisy tables moved by one
    expect(drive(table, { degree: 2 }, 8)).not.toEqual(memory)
    const tampered = drive(table, { degree: 2 }, 7, (r, t) => {
      if (r.type === 'count' && r.phase === 'noisy tables') t[0][0]++
    })
    expect(tampered).not.toEqual(memory)
  })

  it('asks for the bounds first, then the structure steps, then the noisy tables, over variables it defined', () => {
    const phases: string[] = []
    drive(table, { degree: 2 }, 7, (r) => {
      if (r.type === 'count' && phases[phases.length - 1] !== r.phase) phases.push(r.phase)
    })
    expect(phases).toEqual(['bounds', 'structure', 'noisy tables'])
    expect(fitPrivBayes(table, { degree: 2 }, { epsilon: EPSILON, noise: createRng(7) }).nodes.some((n) => n.parents.length === 2)).toBe(
      true,
    )
  })
})
