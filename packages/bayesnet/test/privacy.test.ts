import { type Table, createRng, fromColumns, secureRng } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { createPrivacyBudget } from '@synthkit/dp'
import { createPrivateTable, describeBayesNet, fitPrivBayes, type BayesNetModel } from '../src/index'
import { loadTable } from './helpers'
import { declaredPublic } from './public-schema'

/** Clopper-Pearson bounds of a binomial rate (one-sided at level α each), by bisection on the exact binomial tail. */
function clopperPearson(k: number, n: number, alpha: number): { lower: number; upper: number } {
  const logChoose = (a: number, b: number) => lgamma(a + 1) - lgamma(b + 1) - lgamma(a - b + 1)
  const tailGe = (p: number, kk: number) => {
    let s = 0
    for (let j = kk; j <= n; j++) s += Math.exp(logChoose(n, j) + j * Math.log(p) + (n - j) * Math.log1p(-p))
    return s
  }
  const solve = (f: (p: number) => number) => {
    let lo = 0
    let hi = 1
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2
      if (f(mid) < 0) lo = mid
      else hi = mid
    }
    return (lo + hi) / 2
  }
  // lower: P(X ≥ k | p) = α; upper: P(X ≤ k | p) = α
  const lower = k === 0 ? 0 : solve((p) => tailGe(p, k) - alpha)
  const upper = k === n ? 1 : solve((p) => alpha - (1 - tailGe(p, k + 1)))
  return { lower, upper }
}

function lgamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e−15 for x > 0
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ]
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x)
  x -= 1
  let a = c[0]
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += c[i] / (x + i)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

/**
 * The empirical ε lower bound of a distinguishing test run `trials` times on each of two neighbours (Jagielski,
 * Ullman & Oprea, "Auditing differentially private machine learning", NeurIPS 2020): with rates p0 on D and p1 on D′
 * of the event, ε ≥ ln(p̂1_lower / p̂0_upper) and ε ≥ ln((1 − p0)_lower / (1 − p1)_upper), Clopper-Pearson at 95 %
 * overall (2.5 % per bound).
 */
function epsilonLowerBound(hitsD: number, hitsD1: number, trials: number): number {
  const a = clopperPearson(hitsD1, trials, 0.0125)
  const b = clopperPearson(hitsD, trials, 0.0125)
  const c = clopperPearson(trials - hitsD, trials, 0.0125)
  const d = clopperPearson(trials - hitsD1, trials, 0.0125)
  return Math.max(0, Math.log(a.lower / b.upper), Math.log(c.lower / d.upper))
}

/** Two boolean columns, `rows` rows, the first `ones` rows true in A; B copies A on even rows. */
function tiny(rows: number, ones: number): Table {
  const A = Array.from({ length: rows }, (_, i) => i < ones)
  const B = A.map((a, i) => (i % 2 === 0 ? a : !a))
  return fromColumns(
    { A, B },
    {
      columns: [
        { name: 'A', kind: 'boolean' },
        { name: 'B', kind: 'boolean' },
      ],
    },
  )
}

/** What the attacker reads off the model: the count of A = true it implies, rows × P(A = true). */
function impliedCount(m: BayesNetModel): number {
  const a = m.nodes.find((n) => n.column === 'A')!
  const b = m.nodes.find((n) => n.column === 'B')!
  let pTrue: number
  if (a.parents.length === 0) pTrue = a.cpt[1]
  else {
    // A ← B: P(A = 1) = Σ_b P(b) P(A = 1 | b)
    pTrue = b.cpt[0] * a.cpt[1] + b.cpt[1] * a.cpt[3]
  }
  return m.rows * pTrue
}

function audit(divisor: number | undefined, trials: number): { p0: number; p1: number; epsilonLower: number } {
  // neighbours under replace-one-row: row 60 has A = false in D and A = true in D′
  const D = tiny(120, 60)
  const D1 = tiny(120, 61)
  const options = { degree: 1, nullable: [] as string[], ...(divisor ? { unsafeTestOnlyNoiseDivisor: divisor } : {}) }
  let hitsD = 0
  let hitsD1 = 0
  for (let r = 0; r < trials; r++) {
    // the threshold sits between the two true counts, fixed before looking at any output
    if (impliedCount(fitPrivBayes(D, options, { epsilon: 1, noise: createRng(1000 + r) }, { rng: createRng(r) })) > 60.5) hitsD++
    if (impliedCount(fitPrivBayes(D1, options, { epsilon: 1, noise: createRng(50_000 + r) }, { rng: createRng(r) })) > 60.5) hitsD1++
  }
  return { p0: hitsD / trials, p1: hitsD1 / trials, epsilonLower: epsilonLowerBound(hitsD, hitsD1, trials) }
}

describe('privacy accounting', () => {
  it('charges every release to one budget whose ledger sums to the requested ε, with the split and relation stated', () => {
    const t = loadTable('telco_churn', 2000)
    const pub = declaredPublic(t)
    for (const epsilon of [0.3, 1, 2.5]) {
      const m = fitPrivBayes(pub.table, { degree: 2, nullable: pub.nullable }, { epsilon, noise: createRng(3) }, { rng: createRng(1) })
      if (m.privacy.kind !== 'differential-privacy') throw new Error('expected a DP model')
      const total = m.privacy.ledger.reduce((a, e) => a + e.epsilon, 0)
      expect(Math.abs(total - epsilon)).toBeLessThan(1e-12)
      expect(Math.abs(m.privacy.epsilon - epsilon)).toBeLessThan(1e-12)
      expect(Math.abs(Object.values(m.privacy.split).reduce((a, b) => a + b, 0) - epsilon)).toBeLessThan(1e-12)
      // d − 1 structure steps, then one table per family not inside another
      expect(m.privacy.ledger.filter((e) => e.what.startsWith('structure')).length).toBe(m.nodes.length - 1)
      expect(m.privacy.ledger.filter((e) => e.what.startsWith('noisy joint counts')).length).toBe(m.parameters.tables)
      expect(m.privacy.neighbouring).toBe('replace-one-row')
      expect(m.privacy.fitForRelease).toBe(false) // seeded noise
    }
  })

  it('charges DP bounds for numerical columns without declared min/max, and the ledger still sums to ε', () => {
    const t = loadTable('telco_churn', 2000)
    const pub = declaredPublic(t)
    const schema = {
      ...pub.table.schema,
      columns: pub.table.schema.columns.map((c) => (c.kind === 'numerical' ? { ...c, min: undefined, max: undefined } : c)),
    }
    const m = fitPrivBayes(
      { ...pub.table, schema: JSON.parse(JSON.stringify(schema)) },
      { nullable: pub.nullable },
      { epsilon: 1, noise: createRng(4) },
      { rng: createRng(1) },
    )
    if (m.privacy.kind !== 'differential-privacy') throw new Error('expected a DP model')
    const numeric = t.schema.columns.filter((c) => c.kind === 'numerical').length
    expect(m.privacy.ledger.filter((e) => e.what.startsWith('bounds of')).length).toBe(numeric)
    expect(Math.abs(m.privacy.ledger.reduce((a, e) => a + e.epsilon, 0) - 1)).toBeLessThan(1e-12)
    expect(m.privacy.split.bounds).toBeCloseTo(0.1, 12)
  })

  it('is fit for release only with secure noise, and describe() states the guarantee actually spent', () => {
    const t = tiny(50, 20)
    const m = fitPrivBayes(t, {}, { epsilon: 0.5, noise: secureRng() }, { rng: createRng(1) })
    const d = describeBayesNet(m)
    expect(d.privacy).toMatchObject({
      kind: 'differential-privacy',
      epsilon: 0.5,
      delta: 0,
      neighbouring: 'replace-one-row',
      fitForRelease: true,
    })
    expect(d.privacy.kind === 'differential-privacy' && d.privacy.publicInputs.some((s) => s.includes('number of training rows'))).toBe(
      true,
    )
    expect(d.privacy.kind === 'differential-privacy' && d.privacy.fitForRelease).toBe(true)
  })

  it('the private view exposes only charged DP mechanisms: every read adds a ledger line', () => {
    const budget = createPrivacyBudget({ epsilon: 1 })
    const view = createPrivateTable(tiny(40, 10), { budget, noise: createRng(1) })
    expect(Object.keys(view).sort()).toEqual(['defineVariable', 'noisyCounts', 'rows', 'selectFamily'])
    const a = view.defineVariable('A', { type: 'labels', labels: ['false', 'true'] })
    const b = view.defineVariable('B', { type: 'labels', labels: ['false', 'true'] })
    expect(budget.ledger().length).toBe(0)
    view.noisyCounts([a, b], 0.25, 'counts')
    view.selectFamily(
      [
        { child: a, parents: [b] },
        { child: b, parents: [a] },
      ],
      0.25,
      'select',
    )
    expect(budget.ledger().map((e) => e.cost)).toEqual([
      { epsilon: 0.25, delta: 0 },
      { epsilon: 0.25, delta: 0 },
    ])
    expect(() => view.noisyCounts([a], 0.6, 'too much')).toThrow(/budget/)
  })

  it('a privacy audit (500 fits on each of two neighbours) keeps the empirical ε lower bound below the claimed ε = 1, and catches noise divided by 10', () => {
    const honest = audit(undefined, 500)
    expect(honest.epsilonLower).toBeLessThan(1)
    const broken = audit(10, 500)
    expect(broken.epsilonLower).toBeGreaterThan(1)
    console.log(
      `audit: honest p0 ${honest.p0}, p1 ${honest.p1}, ε_lower ${honest.epsilonLower.toFixed(3)}; broken (noise / 10) p0 ${broken.p0}, p1 ${broken.p1}, ε_lower ${broken.epsilonLower.toFixed(3)}`,
    )
  })

  it('different ε visibly change the output: the marginals get closer to the data as ε grows', () => {
    const t = loadTable('telco_churn', 3000)
    const pub = declaredPublic(t)
    const err = (epsilon: number) => {
      let total = 0
      for (const seed of [1, 2, 3]) {
        const m = fitPrivBayes(
          pub.table,
          { degree: 1, nullable: pub.nullable },
          { epsilon, noise: createRng(seed * 31) },
          { rng: createRng(seed) },
        )
        const contract = m.nodes.find((n) => n.column === 'contract')!
        // marginal of the root-free node through its parent
        const real = t.columns.contract
        if (real.type !== 'coded') throw new Error('coded')
        const freq = new Float64Array(real.dictionary.length)
        for (const c of real.codes) freq[c] += 1 / t.nRows
        const p = marginalOf(m, contract.column)
        total += freq.reduce((a, f, i) => a + Math.abs(f - p[i]), 0) / 2
      }
      return total / 3
    }
    const e01 = err(0.05)
    const e10 = err(10)
    expect(e10).toBeLessThan(e01 / 3)
  })
})

/** The marginal of a column under the model, by forward propagation along the topological order (exact). */
function marginalOf(m: BayesNetModel, column: string): Float64Array {
  const sizes = m.nodes.map((n) =>
    n.states.type === 'labels'
      ? n.states.labels.length
      : n.states.type === 'values'
        ? n.states.values.length
        : n.states.edges.length - 1 + (n.states.missing ? 1 : 0),
  )
  // degree 1: a tree; marginals propagate parent → child
  const marg: (Float64Array | undefined)[] = m.nodes.map(() => undefined)
  const get = (i: number): Float64Array => {
    if (marg[i]) return marg[i]!
    const node = m.nodes[i]
    const out = new Float64Array(sizes[i])
    if (node.parents.length === 0) for (let s = 0; s < sizes[i]; s++) out[s] = node.cpt[s]
    else {
      const pm = get(node.parents[0])
      for (let c = 0; c < pm.length; c++) for (let s = 0; s < sizes[i]; s++) out[s] += pm[c] * node.cpt[c * sizes[i] + s]
    }
    marg[i] = out
    return out
  }
  return get(m.nodes.findIndex((n) => n.column === column))
}

describe('public inputs', () => {
  it('codes booleans with their own labels (e.g. No/Yes) and samples them back', () => {
    const flag = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 'Yes' : 'No'))
    const t = fromColumns({ flag }, { columns: [{ name: 'flag', kind: 'boolean', labels: ['No', 'Yes'] }] })
    const m = fitPrivBayes(t, { nullable: [] }, { epsilon: 5, noise: createRng(1) })
    expect(m.nodes[0].states).toEqual({ type: 'labels', labels: ['false', 'true'] })
    expect(Math.abs(m.nodes[0].cpt[1] - 1 / 3)).toBeLessThan(0.05)
  })
})
