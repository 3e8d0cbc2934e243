import { type Table, concat, createRng, createTable } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { fitCopula, sampleCopula, sampleCopulaStream } from '../src/index'
import { loadTable, maxShareGap } from './helpers'

describe('streaming', () => {
  const real = loadTable('diamonds')
  const model = fitCopula(real)

  it('yields chunks of chunkRows rows (the last one shorter) that add up to n', () => {
    const sizes = [...sampleCopulaStream(model, 25_000, createRng(1), { chunkRows: 10_000 })].map((t) => t.nRows)
    expect(sizes).toEqual([10_000, 10_000, 5_000])
  })

  it('defaults to 65,536-row chunks and keeps category shares of the whole stream within 2 points', () => {
    const chunks = [...sampleCopulaStream(model, 140_000, createRng(2))]
    expect(chunks.map((c) => c.nRows)).toEqual([65_536, 65_536, 8_928])
    const all = concat(chunks)
    for (const name of ['cut', 'color', 'clarity']) expect(maxShareGap(real, all, name)).toBeLessThan(0.02)
  })

  it('is reproducible: the same seed gives the same stream', () => {
    const a = [...sampleCopulaStream(model, 3000, createRng(3), { chunkRows: 1000 })]
    const b = [...sampleCopulaStream(model, 3000, createRng(3), { chunkRows: 1000 })]
    expect(a.map((t) => t.columns)).toEqual(b.map((t) => t.columns))
  })

  it('keeps ids unique across chunks and follows a simple id pattern', () => {
    const schema = {
      columns: [
        { name: 'customer', kind: 'id' as const, pattern: '^C\\d{5}$' },
        { name: 'spend', kind: 'numerical' as const, type: 'float' as const },
      ],
    }
    const values = Float64Array.from({ length: 200 }, (_, i) => 10 + (i % 17))
    const ids = Array.from({ length: 200 }, (_, i) => `C${String(i).padStart(5, '0')}`)
    const m = fitCopula({ schema, nRows: 200, columns: { customer: { type: 'string', values: ids }, spend: { type: 'numeric', values } } })
    const seen = new Set<string>()
    for (const chunk of sampleCopulaStream(m, 2500, createRng(4), { chunkRows: 1000 })) {
      const col = chunk.columns.customer
      if (col.type !== 'string') throw new Error('string')
      for (const v of col.values) {
        expect(v).toMatch(/^C\d{5}$/)
        seen.add(v!)
      }
    }
    expect(seen.size).toBe(2500)
  })

  const numbers = (t: Table, name: string): Float64Array => {
    const col = t.columns[name]
    if (col.type !== 'numeric') throw new Error(`${name} is not numeric`)
    return col.values
  }

  it('gives the same rows for every chunk size, and the same rows as sampleCopula, for one seed', () => {
    const telco = fitCopula(loadTable('telco_churn'))
    const whole = sampleCopula(telco, 10_000, createRng(7))
    for (const chunkRows of [999, 4096, 4097, 65_536]) {
      const streamed = concat([...sampleCopulaStream(telco, 10_000, createRng(7), { chunkRows })])
      expect(streamed.columns).toEqual(whole.columns)
    }
    const small = sampleCopula(telco, 300, createRng(8))
    expect(concat([...sampleCopulaStream(telco, 300, createRng(8), { chunkRows: 1 })]).columns).toEqual(small.columns)
  })

  it('never repeats the values of one chunk in the next (no per-chunk fixed quantiles)', () => {
    // Before: each chunk's latent draws were replaced by the same Φ⁻¹((k + ½)/n) positions, so every chunk held
    // exactly the same multiset of values per column, only reordered.
    const telco = fitCopula(loadTable('telco_churn'))
    const chunks = [...sampleCopulaStream(telco, 3 * 8192, createRng(8), { chunkRows: 8192 })]
    const sorted = chunks.map((c) => Float64Array.from(numbers(c, 'monthly_charges')).sort())
    const sameRank = (a: Float64Array, b: Float64Array) => {
      let same = 0
      for (let k = 0; k < a.length; k++) same += a[k] === b[k] ? 1 : 0
      return same / a.length
    }
    // monthly_charges is rounded to cents, so two independent samples share many values at equal ranks; the
    // baseline is a chunk of an unrelated stream. Fixed quantiles made this share exactly 1.
    const independent = Float64Array.from(numbers([...sampleCopulaStream(telco, 8192, createRng(99))][0], 'monthly_charges')).sort()
    const baseline = sameRank(sorted[0], independent)
    for (let i = 1; i < sorted.length; i++) expect(sameRank(sorted[i], sorted[0])).toBeLessThan(Math.min(0.95, baseline + 0.1))
  })

  it('keeps unique constraints over the whole stream, not only within a chunk', () => {
    const n = 3000
    const rng = createRng(9)
    const k = Float64Array.from({ length: n }, () => Math.floor(rng.next() * 20_000))
    const v = Float64Array.from(k, (x) => x / 10 + rng.next())
    const schema = {
      columns: [
        { name: 'k', kind: 'numerical' as const, type: 'int' as const },
        { name: 'v', kind: 'numerical' as const, type: 'float' as const },
      ],
      constraints: [{ type: 'unique' as const, columns: ['k'] }],
    }
    const dedup = [...new Set(k)]
    const table = createTable(schema, {
      k: { type: 'numeric', values: Float64Array.from(dedup) },
      v: { type: 'numeric', values: Float64Array.from(dedup, (x) => x / 10) },
    })
    void v
    const m = fitCopula(table)
    const seen = new Set<number>()
    let rows = 0
    for (const chunk of sampleCopulaStream(m, 8000, createRng(10), { chunkRows: 2000 })) {
      for (const x of numbers(chunk, 'k')) seen.add(x)
      rows += chunk.nRows
    }
    expect(rows).toBe(8000)
    expect(seen.size).toBe(8000)
  })

  it('rejects a chunk size that is not a positive integer', () => {
    expect(() => [...sampleCopulaStream(model, 10, createRng(1), { chunkRows: 0 })]).toThrow(/chunkRows/)
    expect(() => sampleCopula(model, -1, createRng(1))).toThrow(/non-negative integer/)
  })
})
