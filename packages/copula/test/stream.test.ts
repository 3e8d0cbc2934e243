import { concat, createRng } from '@synthkit/core'
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

  it('rejects a chunk size that is not a positive integer', () => {
    expect(() => [...sampleCopulaStream(model, 10, createRng(1), { chunkRows: 0 })]).toThrow(/chunkRows/)
    expect(() => sampleCopula(model, -1, createRng(1))).toThrow(/non-negative integer/)
  })
})
