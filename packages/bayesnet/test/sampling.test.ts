import { type Table, concat, createRng, isSynthkitError, toRows } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { type BayesNetModel, fitBayesNet, parseBayesNetModel, sampleBayesNet, sampleBayesNetStream } from '../src/index'
import { loadTable } from './helpers'

/**
 * A hand-written network: A → B → C (binary categoricals), A → X (X numerical, bins [0, 1) and [1, 2], uniform
 * within), D an id column the driver fills.
 */
function handModel(): BayesNetModel {
  const labels = { type: 'labels' as const, labels: ['no', 'yes'] }
  return parseBayesNetModel({
    format: 'synthkit.bayesnet',
    version: 1,
    method: 'bayesnet',
    table: 'hand',
    schema: {
      columns: [
        { name: 'A', kind: 'categorical', categories: ['no', 'yes'] },
        { name: 'B', kind: 'categorical', categories: ['no', 'yes'] },
        { name: 'C', kind: 'categorical', categories: ['no', 'yes'] },
        { name: 'X', kind: 'numerical', type: 'float' },
        { name: 'D', kind: 'id' },
      ],
    },
    rows: 100,
    nodes: [
      { column: 'A', states: labels, parents: [], cpt: [0.7, 0.3] },
      { column: 'B', states: labels, parents: [0], cpt: [0.9, 0.1, 0.2, 0.8] },
      { column: 'C', states: labels, parents: [1], cpt: [0.6, 0.4, 0.05, 0.95] },
      { column: 'X', states: { type: 'bins', edges: [0, 1, 2], missing: false, knots: null }, parents: [0], cpt: [0.8, 0.2, 0.25, 0.75] },
    ],
    outputRules: { X: { integer: false, precision: null, min: 0, max: 2 } },
    generated: [{ name: 'D', kind: 'id', missingRate: 0 }],
    parameters: { structure: 'hand', degree: 1 },
    privacy: { kind: 'none', statement: 'hand-written' },
  })
}

function share(t: Table, column: string, label: string): number {
  const col = t.columns[column]
  if (col.type !== 'coded') throw new Error('coded')
  const code = col.dictionary.indexOf(label)
  let k = 0
  for (const c of col.codes) k += c === code ? 1 : 0
  return k / t.nRows
}

const N = 100_000
// tolerance: 4.5 standard errors of a share at n = 10^5 (sd ≤ 0.0016): a false alarm below 1e−5 per check
const tol = (p: number) => 4.5 * Math.sqrt((p * (1 - p)) / N)

describe('conditional sampling is exact', () => {
  it('on a descendant (C = yes): P(A | C) and P(X | C) follow Bayes’ rule', () => {
    const m = handModel()
    const t = sampleBayesNet(m, N, createRng(1), { conditions: { C: 'yes' } })
    expect(share(t, 'C', 'yes')).toBe(1)
    // P(C=yes | A) = Σ_b P(b | A) P(C=yes | b)
    const pc = (a: number) => (a === 0 ? 0.9 * 0.4 + 0.1 * 0.95 : 0.2 * 0.4 + 0.8 * 0.95)
    const pA = (0.3 * pc(1)) / (0.7 * pc(0) + 0.3 * pc(1))
    expect(Math.abs(share(t, 'A', 'yes') - pA)).toBeLessThan(tol(pA))
    // X is not an ancestor of C, so it follows P(X | A) with A from its posterior: P(X ≥ 1 | C) = Σ_a P(a | C) P(bin 1 | a)
    const pX = (1 - pA) * 0.2 + pA * 0.75
    const x = t.columns.X
    if (x.type !== 'numeric') throw new Error('numeric')
    const high = x.values.reduce((k, v) => k + (v >= 1 ? 1 : 0), 0) / N
    expect(Math.abs(high - pX)).toBeLessThan(tol(pX))
  })

  it('on a numerical range (X in [0.5, 1.5]): every X lies in it, and P(A | X ∈ range) is exact', () => {
    const m = handModel()
    const t = sampleBayesNet(m, N, createRng(2), { conditions: { X: { min: 0.5, max: 1.5 } } })
    const x = t.columns.X
    if (x.type !== 'numeric') throw new Error('numeric')
    expect(x.values.every((v) => v >= 0.5 && v <= 1.5)).toBe(true)
    // P(X ∈ [0.5, 1.5] | a) = ½ P(bin 0 | a) + ½ P(bin 1 | a) = ½ for both a: A keeps its prior 0.3
    expect(Math.abs(share(t, 'A', 'yes') - 0.3)).toBeLessThan(tol(0.3))
    // and within the range, X is uniform on each half: P(X ≥ 1) = P(bin 1 | range) = 0.7·0.2 + 0.3·0.75
    const p1 = 0.7 * 0.2 + 0.3 * 0.75
    const high = x.values.reduce((k, v) => k + (v >= 1 ? 1 : 0), 0) / N
    expect(Math.abs(high - p1)).toBeLessThan(tol(p1))
  })

  it('refuses a condition of probability zero with CONDITION_INVALID', () => {
    const m = handModel()
    const zero = { ...m, nodes: m.nodes.map((n) => (n.column === 'C' ? { ...n, cpt: [1, 0, 1, 0] } : n)) }
    try {
      sampleBayesNet(parseBayesNetModel(zero), 10, createRng(1), { conditions: { C: 'yes' } })
      expect.unreachable()
    } catch (e) {
      expect(isSynthkitError(e) && e.code).toBe('CONDITION_INVALID')
      expect(String(e)).toMatch(/probability zero/)
    }
    expect(() => sampleBayesNet(m, 10, createRng(1), { conditions: { C: 'maybe' } })).toThrow(/not a state/)
    expect(() => sampleBayesNet(m, 10, createRng(1), { conditions: { D: 'x' } })).toThrow(/generated/)
    expect(() => sampleBayesNet(m, 10, createRng(1), { conditions: { X: 5 } })).toThrow(/outside the range/)
  })
})

describe('streaming', () => {
  it('gives the same rows for every chunk size, fills ids across chunks, and equals one-call sampling', () => {
    const m = fitBayesNet(loadTable('telco_churn', 3000), {}, { rng: createRng(1) })
    const whole = sampleBayesNet(m, 10_000, createRng(5))
    for (const chunkRows of [1000, 4096, 7777]) {
      const chunks = [...sampleBayesNetStream(m, 10_000, createRng(5), { chunkRows })]
      expect(chunks.every((c) => c.nRows <= chunkRows)).toBe(true)
      expect(toRows(concat(chunks))).toEqual(toRows(whole))
    }
    const h = [...sampleBayesNetStream(handModel(), 9000, createRng(3), { chunkRows: 2500 })]
    const ids = h.flatMap((c) => (c.columns.D.type === 'string' ? c.columns.D.values : []))
    expect(new Set(ids).size).toBe(9000)
  })

  it('honours the schema’s constraints by the driver’s bounded rejection', () => {
    const t = loadTable('telco_churn', 3000)
    const schema = { ...t.schema, constraints: [{ type: 'inequality' as const, low: 'monthly_charges', high: 'total_charges' }] }
    const m = fitBayesNet({ ...t, schema }, {}, { rng: createRng(1) })
    const s = sampleBayesNet(m, 5000, createRng(2))
    const lo = s.columns.monthly_charges
    const hi = s.columns.total_charges
    if (lo.type !== 'numeric' || hi.type !== 'numeric') throw new Error('numeric')
    let broken = 0
    for (let i = 0; i < s.nRows; i++) if (lo.values[i] > hi.values[i]) broken++
    expect(broken).toBe(0)
  })

  it('keeps non-private marginals faithful: category shares within 1.5 points, numbers within the observed range', () => {
    const t = loadTable('adult', 20_000)
    const m = fitBayesNet(t, {}, { rng: createRng(1) })
    const s = sampleBayesNet(m, t.nRows, createRng(2))
    for (const spec of t.schema.columns) {
      const a = t.columns[spec.name]
      const b = s.columns[spec.name]
      if (a.type === 'coded' && b.type === 'coded') {
        for (const label of a.dictionary)
          expect(Math.abs(share(t, spec.name, label) - share(s, spec.name, label)), `${spec.name}=${label}`).toBeLessThan(0.015)
      }
      if (a.type === 'numeric' && b.type === 'numeric') {
        const lo = Math.min(...a.values.filter((v) => v === v))
        const hi = Math.max(...a.values.filter((v) => v === v))
        expect(
          b.values.every((v) => v !== v || (v >= lo && v <= hi)),
          spec.name,
        ).toBe(true)
      }
    }
  })
})

describe('conditional sampling agrees with rejection sampling on a fitted k = 2 network', () => {
  it('telco_churn: P(churn | contract = Two year, tenure ≥ 60) and P(payment_method | same) match within 4.5 standard errors', () => {
    const m = fitBayesNet(loadTable('telco_churn'), { degree: 2 }, { rng: createRng(1) })
    const cond = { contract: 'Two year', tenure: { min: 60 } }
    const exact = sampleBayesNet(m, 40_000, createRng(7), { conditions: cond })
    const all = sampleBayesNet(m, 250_000, createRng(8))
    const coded = (t: Table, name: string) => {
      const c = t.columns[name]
      if (c.type !== 'coded') throw new Error('coded')
      return c
    }
    const numeric = (t: Table, name: string) => {
      const c = t.columns[name]
      if (c.type !== 'numeric') throw new Error('numeric')
      return c.values
    }
    const contract = coded(all, 'contract')
    const tenure = numeric(all, 'tenure')
    const two = contract.dictionary.indexOf('Two year')
    const kept: number[] = []
    for (let i = 0; i < all.nRows; i++) if (contract.codes[i] === two && tenure[i] >= 60) kept.push(i)
    expect(kept.length).toBeGreaterThan(10_000)
    const ec = coded(exact, 'contract')
    const et = numeric(exact, 'tenure')
    expect(ec.codes.every((c) => ec.dictionary[c] === 'Two year') && et.every((v) => v >= 60)).toBe(true)
    for (const [column, value] of [
      ['churn', 'Yes'],
      ['payment_method', 'Electronic check'],
      ['internet_service', 'No'],
    ] as const) {
      const a = coded(exact, column)
      const b = coded(all, column)
      const p1 = a.codes.filter((c) => a.dictionary[c] === value).length / exact.nRows
      const p2 = kept.filter((i) => b.dictionary[b.codes[i]] === value).length / kept.length
      const pooled = (p1 + p2) / 2
      const se = Math.sqrt(pooled * (1 - pooled) * (1 / exact.nRows + 1 / kept.length))
      expect(Math.abs(p1 - p2), `${column} = ${value}: ${p1} vs ${p2}`).toBeLessThan(4.5 * se + 1e-9)
    }
  })
})
