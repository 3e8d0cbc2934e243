import { type Table, createRng, createTable, isSynthkitError } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { type CopulaModel, fitCopula, sampleCopula } from '../src/index'
import { loadTable } from './helpers'

function gaussianTable(n: number, rho: number): Table {
  const rng = createRng('conditional')
  const gauss = () => {
    for (;;) {
      const u = 2 * rng.next() - 1
      const v = 2 * rng.next() - 1
      const s = u * u + v * v
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s)
    }
  }
  const a = new Float64Array(n)
  const b = new Float64Array(n)
  const c = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const e1 = gauss()
    const e2 = gauss()
    const e3 = gauss()
    a[i] = 10 + 2 * e1
    b[i] = -5 + 4 * (rho * e1 + Math.sqrt(1 - rho * rho) * e2)
    c[i] = 3 * (0.5 * e1 + 0.5 * e2 + Math.sqrt(0.5) * e3)
  }
  const schema = { columns: ['a', 'b', 'c'].map((name) => ({ name, kind: 'numerical' as const, type: 'float' as const })) }
  return createTable(schema, { a: { type: 'numeric', values: a }, b: { type: 'numeric', values: b }, c: { type: 'numeric', values: c } })
}

const values = (t: Table, name: string): Float64Array => {
  const col = t.columns[name]
  if (col.type !== 'numeric') throw new Error('not numeric')
  return col.values
}
const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length
const variance = (v: Float64Array) => {
  const m = mean(v)
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)
}
const normalPdf = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)
const normalCdf = (z: number) => {
  // Abramowitz & Stegun 7.1.26 via erf, accurate to 1.5e-7: independent of the package's stdlib Φ
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x)
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf)
}

function normalParams(model: CopulaModel, name: string): { mean: number; sd: number; dim: number } {
  const c = model.columns.find((x) => x.name === name)!
  if (c.kind !== 'numeric' || c.marginal?.family !== 'normal' || c.value === null) throw new Error('expected a normal marginal')
  return { mean: c.marginal.mean, sd: c.marginal.sd, dim: c.value }
}

describe('conditional sampling from the conditional Gaussian', () => {
  const table = gaussianTable(20_000, 0.7)
  const model = fitCopula(table, { marginals: 'normal' })
  const A = normalParams(model, 'a')
  const B = normalParams(model, 'b')
  const rho = model.correlation[A.dim][B.dim]
  const n = 20_000

  it('an equality condition gives the analytic conditional mean and variance', () => {
    const s = sampleCopula(model, n, createRng(1), { conditions: { a: 13 } })
    expect(values(s, 'a').every((x) => x === 13)).toBe(true)
    const za = (13 - A.mean) / A.sd
    const m = B.mean + B.sd * rho * za
    const v = B.sd * B.sd * (1 - rho * rho)
    const b = values(s, 'b')
    expect(Math.abs(mean(b) - m)).toBeLessThan(4 * Math.sqrt(v / n))
    expect(Math.abs(variance(b) / v - 1)).toBeLessThan(0.05)
  })

  it('a range condition keeps the column inside the range and gives the analytic truncated conditional mean', () => {
    const s = sampleCopula(model, n, createRng(2), { conditions: { a: { min: 11, max: 12.5 } } })
    const a = values(s, 'a')
    expect(a.every((x) => x >= 11 && x <= 12.5)).toBe(true)
    const lo = (11 - A.mean) / A.sd
    const hi = (12.5 - A.mean) / A.sd
    const ez = (normalPdf(lo) - normalPdf(hi)) / (normalCdf(hi) - normalCdf(lo))
    expect(Math.abs(mean(values(s, 'b')) - (B.mean + B.sd * rho * ez))).toBeLessThan(4 * Math.sqrt((B.sd * B.sd) / n))
    expect(Math.abs(mean(a) - (A.mean + A.sd * ez))).toBeLessThan(4 * Math.sqrt((A.sd * A.sd) / n))
  })

  it('two range conditions (Gibbs) agree with rejection from unconditional samples', () => {
    const conditions = { a: { min: 10.5, max: 14 }, c: { max: -1 } }
    const s = sampleCopula(model, n, createRng(3), { conditions })
    expect(values(s, 'a').every((x) => x >= 10.5 && x <= 14)).toBe(true)
    expect(values(s, 'c').every((x) => x <= -1)).toBe(true)
    const free = sampleCopula(model, 400_000, createRng(4), { stratify: false })
    const fa = values(free, 'a')
    const fb = values(free, 'b')
    const fc = values(free, 'c')
    const kept: number[] = []
    for (let i = 0; i < fa.length; i++) if (fa[i] >= 10.5 && fa[i] <= 14 && fc[i] <= -1) kept.push(fb[i])
    const ref = Float64Array.from(kept)
    const se = Math.sqrt(variance(ref) / ref.length + variance(values(s, 'b')) / (n / 10)) // the chain's draws are autocorrelated
    expect(Math.abs(mean(values(s, 'b')) - mean(ref))).toBeLessThan(4 * se)
    expect(Math.abs(variance(values(s, 'b')) / variance(ref) - 1)).toBeLessThan(0.1)
  })

  it('refuses a range with probability below 1e-9, an unknown column and a wrong value type with CONDITION_INVALID', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return isSynthkitError(e) ? `${e.code}:${e.issues[0]?.path}` : 'other'
      }
      return 'none'
    }
    expect(codeOf(() => sampleCopula(model, 10, createRng(1), { conditions: { a: { min: 1000 } } }))).toBe('CONDITION_INVALID:conditions.a')
    expect(codeOf(() => sampleCopula(model, 10, createRng(1), { conditions: { a: { min: 12, max: 11 } } }))).toBe(
      'CONDITION_INVALID:conditions.a',
    )
    expect(codeOf(() => sampleCopula(model, 10, createRng(1), { conditions: { nope: 1 } }))).toBe('CONDITION_INVALID:conditions.nope')
    expect(codeOf(() => sampleCopula(model, 10, createRng(1), { conditions: { a: 'high' } }))).toBe('CONDITION_INVALID:conditions.a')
  })
})

describe('conditions on real data (telco_churn)', () => {
  const real = loadTable('telco_churn')
  const model = fitCopula(real)

  it('a category condition fixes the column and moves the associated columns toward the real conditional', () => {
    const s = sampleCopula(model, 5000, createRng(5), { conditions: { contract: 'Two year' } })
    const col = s.columns.contract
    expect(col.type === 'coded' && col.codes.every((c) => col.dictionary[c] === 'Two year')).toBe(true)
    const tenure = values(real, 'tenure')
    const contract = real.columns.contract
    if (contract.type !== 'coded') throw new Error('coded')
    const twoYear = tenure.filter((_, i) => contract.dictionary[contract.codes[i]] === 'Two year')
    const synthetic = mean(values(s, 'tenure'))
    expect(Math.abs(synthetic - mean(twoYear))).toBeLessThan(Math.abs(synthetic - mean(tenure)))
  })

  it('conditions combine a category, a numeric range and a number, and a never-seen category is refused', () => {
    const s = sampleCopula(model, 2000, createRng(6), {
      conditions: { internet_service: 'Fiber optic', tenure: { min: 24, max: 48 }, monthly_charges: 90 },
    })
    expect(values(s, 'tenure').every((x) => x >= 24 && x <= 48 && Number.isInteger(x))).toBe(true)
    expect(values(s, 'monthly_charges').every((x) => x === 90)).toBe(true)
    expect(() => sampleCopula(model, 10, createRng(1), { conditions: { contract: 'Ten year' } })).toThrow(/probability 0/)
  })
})

describe('conditions on special columns', () => {
  it('a range on a column reparametrised by a positive constraint maps through the transform (diamonds x)', () => {
    const real = loadTable('diamonds', 20_000)
    const model = fitCopula(real, { constraints: [{ type: 'positive', column: 'x' }] })
    const s = sampleCopula(model, 2000, createRng(7), { conditions: { x: { min: 6, max: 7 }, cut: 'Ideal' } })
    expect(values(s, 'x').every((v) => v >= 6 && v <= 7)).toBe(true)
    // carat follows x: larger stones than the unconditional mean
    expect(mean(values(s, 'carat'))).toBeGreaterThan(mean(values(real, 'carat')))
  })

  it('the high side of an inequality cannot be conditioned on; its low side can', () => {
    const real = loadTable('telco_churn')
    const model = fitCopula(real, { constraints: [{ type: 'inequality', low: 'monthly_charges', high: 'total_charges' }] })
    expect(() => sampleCopula(model, 10, createRng(1), { conditions: { total_charges: { min: 100 } } })).toThrow(
      /condition on "monthly_charges" instead/,
    )
    const s = sampleCopula(model, 500, createRng(1), { conditions: { monthly_charges: { min: 100 } } })
    const low = values(s, 'monthly_charges')
    const high = values(s, 'total_charges')
    expect(low.every((v) => v >= 100)).toBe(true)
    expect(high.every((v, i) => Number.isNaN(v) || v >= low[i])).toBe(true)
  })

  it('a datetime range can be given as dates in the column format', () => {
    const real = loadTable('seattle_weather')
    const s = sampleCopula(fitCopula(real), 300, createRng(8), { conditions: { date: { min: '2014-06-01', max: '2014-08-31' } } })
    const d = values(s, 'date')
    expect(d.every((v) => v >= Date.UTC(2014, 5, 1) && v <= Date.UTC(2014, 7, 31) && v % 86_400_000 === 0)).toBe(true)
    // spread over the range, not piled on one day
    expect(new Set(d).size).toBeGreaterThan(60)
  })

  it('a boolean column is conditioned with true/false', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ member: i % 3 === 0, spend: i % 3 === 0 ? 100 + (i % 10) : 10 + (i % 10) }))
    const t = createTable(
      {
        columns: [
          { name: 'member', kind: 'boolean' },
          { name: 'spend', kind: 'numerical', type: 'int' },
        ],
      },
      {
        member: { type: 'coded', codes: Int32Array.from(rows, (r) => (r.member ? 1 : 0)), dictionary: ['false', 'true'] },
        spend: { type: 'numeric', values: Float64Array.from(rows, (r) => r.spend) },
      },
    )
    const s = sampleCopula(fitCopula(t), 500, createRng(9), { conditions: { member: true } })
    const m = s.columns.member
    expect(m.type === 'coded' && m.codes.every((c) => c === 1)).toBe(true)
    const high = values(s, 'spend').filter((v) => v >= 100).length / 500
    // a Gaussian copula blurs a threshold relation slightly; most conditioned rows land in the members' cluster
    expect(high).toBeGreaterThan(0.95)
  })
})
