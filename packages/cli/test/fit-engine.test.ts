import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { runCli, tempDir } from './helpers'

describe('synthkit fit --engine', () => {
  it('duckdb (through the bundled bin, DuckDB loaded as the optional peer) writes the model the in-memory fit writes', {
    timeout: 180_000,
  }, () => {
    const { dir, cleanup } = tempDir()
    try {
      const data = dataPath('penguins')
      const duck = runCli(['fit', '--data', data, '--engine', 'duckdb', '--no-discover', '--out', join(dir, 'duck.json'), '--seed', '1'])
      expect(duck.stderr).toBe('')
      expect(duck.code).toBe(0)
      expect(duck.stdout).toMatch(/fitted copula through DuckDB .* \(344 rows × 7 columns\)/)
      const memory = runCli([
        'fit',
        '--data',
        data,
        '--engine',
        'memory',
        '--no-discover',
        '--out',
        join(dir, 'memory.json'),
        '--seed',
        '1',
      ])
      expect(memory.code).toBe(0)
      const a = JSON.parse(readFileSync(join(dir, 'duck.json'), 'utf8')).model
      const b = JSON.parse(readFileSync(join(dir, 'memory.json'), 'utf8')).model
      // the schema is inferred from the first 50,000 rows (all 344 here): the same schema, dimensions and marginals
      // (the in-memory fit records the constraints it discovered or was given: none with --no-discover)
      const { constraints: none, ...memorySchema } = b.schema
      expect(none ?? []).toEqual([])
      expect(a.schema).toEqual(memorySchema)
      expect(a.columns).toEqual(b.columns)
      a.correlation.forEach((row: number[], i: number) =>
        row.forEach((r, j) => expect(Math.abs(r - b.correlation[i][j])).toBeLessThan(1e-6)),
      )
      const sampled = runCli(['sample', '--model', join(dir, 'duck.json'), '--rows', '50', '--out', join(dir, 's.csv'), '--seed', '2'])
      expect(sampled.code).toBe(0)
    } finally {
      cleanup()
    }
  })

  it('duckdb fits the Bayesian network (--method bayesnet): the model the in-memory fit writes', { timeout: 180_000 }, () => {
    const { dir, cleanup } = tempDir()
    try {
      const data = dataPath('penguins')
      const args = (engine: string) => [
        'fit',
        '--data',
        data,
        '--method',
        'bayesnet',
        '--engine',
        engine,
        '--no-discover',
        '--out',
        join(dir, `${engine}.json`),
        '--seed',
        '1',
      ]
      const duck = runCli(args('duckdb'))
      expect(duck.stderr).toBe('')
      expect(duck.code).toBe(0)
      expect(duck.stdout).toMatch(/fitted bayesnet through DuckDB .* \(344 rows × 7 columns\)/)
      expect(runCli(args('memory')).code).toBe(0)
      const a = JSON.parse(readFileSync(join(dir, 'duckdb.json'), 'utf8')).model
      const b = JSON.parse(readFileSync(join(dir, 'memory.json'), 'utf8')).model
      const { constraints: none, ...memorySchema } = b.schema
      expect(none ?? []).toEqual([])
      expect({ ...a, schema: memorySchema }).toEqual({ ...b, schema: memorySchema })
      expect(a.schema).toEqual(memorySchema)
      const sampled = runCli(['sample', '--model', join(dir, 'duckdb.json'), '--rows', '50', '--out', join(dir, 's.csv'), '--seed', '2'])
      expect(sampled.code).toBe(0)
    } finally {
      cleanup()
    }
  })

  it('rejects an unknown engine', () => {
    const r = runCli(['fit', '--data', dataPath('penguins'), '--engine', 'spark', '--out', '/tmp/never.json'])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/expected duckdb, memory or postgres/)
  })
})
