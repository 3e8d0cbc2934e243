import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatDatetime } from '@synthkit/core'
import { FAKER_LOCALES, FAKER_METHODS, generateScenario, parseScenario } from '../src/index'
import { compileDatetimeFormat } from '../src/internal/datetime-format'
import { fakerSource } from '../src/faker-methods'
import { chiSquareP } from './helpers'

describe('faker locale sources', () => {
  it('every allow-listed method gives non-empty text in most locales, and names why when it cannot', () => {
    let available = 0
    for (const locale of FAKER_LOCALES) {
      for (const method of Object.keys(FAKER_METHODS) as (keyof typeof FAKER_METHODS)[]) {
        const s = fakerSource(method, locale)
        if (typeof s === 'string') {
          expect(s).toMatch(/locale/)
          continue
        }
        available++
        const v = s.render({
          next: () => 0.37,
          nextUint32: () => 123456789,
          split: () => {
            throw new Error('no')
          },
          kind: 'seeded',
        })
        expect(v.length, `${locale} ${method}`).toBeGreaterThan(0)
        expect(v, `${locale} ${method}`).not.toMatch(/\{\{|\}\}/)
      }
    }
    expect(available / (FAKER_LOCALES.length * Object.keys(FAKER_METHODS).length)).toBeGreaterThan(0.95)
  })

  it('draws list entries uniformly (chi-square over the tiers of a choice and faker states)', () => {
    const spec = parseScenario({ tables: { t: { rows: 20_000, fields: { s: { type: 'faker', method: 'location.state' } } } } })
    const v = (generateScenario(spec, { seed: 4 }).collect().tables.t!.columns.s as unknown as { values: string[] }).values
    const counts = new Map<string, number>()
    for (const x of v) counts.set(x, (counts.get(x) ?? 0) + 1)
    expect(counts.size).toBe(50)
    expect(chiSquareP([...counts.values()], new Array(50).fill(400))).toBeGreaterThan(0.001)
  })
})

describe('distributions bound to the seeded Rng', () => {
  const spec = parseScenario({
    tables: {
      t: {
        rows: 20_000,
        fields: {
          n: { type: 'normal', mean: 10, sd: 2 },
          e: { type: 'exponential', rate: 0.5 },
          tn: { type: 'normal', mean: 0, sd: 1, min: -1, max: 2 },
          p: { type: 'poisson', lambda: 3 },
          c: { type: 'choice', values: ['a', 'b', 'c'], weights: [5, 3, 2] },
        },
      },
    },
  })
  const t = generateScenario(spec, { seed: 8 }).collect().tables.t!
  const col = (name: string) => (t.columns[name] as { values: Float64Array }).values

  /** Kolmogorov–Smirnov statistic against a CDF; 1.95/√n is the α = 0.001 critical value. */
  function ks(values: Float64Array, cdf: (x: number) => number): number {
    const s = Float64Array.from(values).sort()
    let d = 0
    for (let i = 0; i < s.length; i++) d = Math.max(d, Math.abs(cdf(s[i]!) - i / s.length), Math.abs(cdf(s[i]!) - (i + 1) / s.length))
    return d
  }
  const erf = (x: number) => {
    // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7)
    const s = Math.sign(x)
    const a = Math.abs(x)
    const t = 1 / (1 + 0.3275911 * a)
    const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a)
    return s * y
  }
  const phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2))
  const crit = 1.95 / Math.sqrt(20_000)

  it('normal and exponential fields pass KS at α = 0.001; a shifted normal fails', () => {
    expect(ks(col('n'), (x) => phi((x - 10) / 2))).toBeLessThan(crit)
    expect(ks(col('n'), (x) => phi((x - 10.1) / 2))).toBeGreaterThan(crit)
    expect(ks(col('e'), (x) => 1 - Math.exp(-0.5 * x))).toBeLessThan(crit)
  })

  it('truncation keeps the bounds and the truncated law', () => {
    const v = col('tn')
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1)
    expect(Math.max(...v)).toBeLessThanOrEqual(2)
    const z = phi(2) - phi(-1)
    expect(ks(v, (x) => (phi(x) - phi(-1)) / z)).toBeLessThan(crit)
  })

  it('weighted choices follow their weights (chi-square)', () => {
    const codes = (t.columns.c as { codes: Int32Array }).codes
    const h = [0, 0, 0]
    for (const c of codes) h[c]!++
    expect(chiSquareP(h, [10_000, 6000, 4000])).toBeGreaterThan(0.001)
  })
})

describe('datetime formatting', () => {
  it('gives exactly core’s formatDatetime for every instant and format (property)', () => {
    const formats = [undefined, 'YYYY-MM-DD', 'MM/DD/YYYY HH:mm', 'YYYYMMDDTHHmmss.SSS', 'DD.MM.YYYY']
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), fc.constantFrom(...formats), (ms, format) => {
        expect(compileDatetimeFormat(format)(ms)).toBe(formatDatetime(ms, format))
      }),
      { numRuns: 3000 },
    )
  })
})

describe('JSON Lines', () => {
  it('writes one JSON object per row in schema order: numbers, formatted dates, labels, escaped text, null for missing', async () => {
    const { fromRows } = await import('@synthkit/core')
    const { toJsonLines } = await import('../src/index')
    const table = fromRows(
      [
        { id: 1, at: '2024-02-29', ok: true, tier: 'gold', note: 'say "hi"\n\u2028' },
        { id: 2.5, at: '', ok: false, tier: '', note: null },
      ],
      {
        columns: [
          { name: 'id', kind: 'numerical', type: 'float' },
          { name: 'at', kind: 'datetime', format: 'YYYY-MM-DD' },
          { name: 'ok', kind: 'boolean' },
          { name: 'tier', kind: 'categorical' },
          { name: 'note', kind: 'text' },
        ],
      },
    )
    const text = toJsonLines(table)
    expect(text.endsWith('\n')).toBe(true)
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { id: 1, at: '2024-02-29', ok: true, tier: 'gold', note: 'say "hi"\n\u2028' },
      { id: 2.5, at: null, ok: false, tier: null, note: null },
    ])
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(['id', 'at', 'ok', 'tier', 'note'])
  })
})
