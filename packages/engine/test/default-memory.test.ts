// The engine fits a wide, mostly categorical real table (telco_churn: 20 learned columns, 17 of them categories read
// as text) within DuckDB's default memory_limit of 256 MB — the setting the CLI uses. Until the missing-marker test of
// a cell became one trim and one IN list, the staging query's expression tree (every column's test repeated by
// DuckDB's projection inlining) took ~190 KB of plan and DuckDB's per-expression vectors exceeded 256 MB on these
// 7,043 rows, for the copula and both Bayesian networks: memory grew with the width, not with the data.
import { SynthkitError, isSynthkitError } from '@synthkit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPath, loadColumns } from '../../../testing/data'
import { type SqlEngine, duckDbFileRelation, fitBayesNetSql, fitCopulaSql, inferSchemaSql, openDuckDb } from '../src/index'

let engine: SqlEngine
beforeAll(async () => {
  engine = await openDuckDb({ threads: 2 }) // memory_limit left at its default
})
afterAll(async () => {
  await engine?.close()
})

describe('DuckDB at its default memory limit on a wide categorical table', { timeout: 120_000 }, () => {
  it('fits the copula and the Bayesian network on telco_churn from its CSV file', async () => {
    const [{ memory_limit: limit }] = await engine.query(`SELECT current_setting('memory_limit') AS memory_limit`)
    expect(String(limit)).toMatch(/^2(44|56)/) // 256 MB (DuckDB prints 244.1 MiB)
    const relation = duckDbFileRelation(dataPath('telco_churn'))
    const schema = await inferSchemaSql(engine, relation)
    expect(schema.columns.filter((c) => c.kind === 'categorical').length).toBeGreaterThanOrEqual(15)
    const rows = Object.values(loadColumns('telco_churn'))[0].length
    const copula = await fitCopulaSql(engine, relation, { schema })
    expect(copula.statistics.marginal.rows).toBe(rows)
    const bn = await fitBayesNetSql(engine, relation, { schema }, () => performance.now())
    expect(bn.model.rows).toBe(rows)
  })

  it('still reads padded missing markers as missing (the shorter test is the same test)', async () => {
    // core's rule: a cell is missing when, trimmed of white space, it is one of the markers ('' included)
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE pads AS SELECT * FROM (VALUES ('a'), (' NA '), ('NA'), (chr(9) || 'null'), (' '), ('b '), (NULL)) t(x)`,
    )
    const schema = {
      columns: [{ name: 'x', kind: 'categorical' as const, nullable: true }],
      missingValues: ['', 'NA', 'null'],
    }
    const { statistics } = await fitCopulaSql(engine, 'pads', { schema })
    const column = statistics.marginal.columns[0]
    if (column.kind !== 'category') throw new SynthkitError('DATA_INVALID', 'expected a category column')
    // counts[dictionary.length] is the missing rows: ' NA ', 'NA', tab + 'null', ' ' and NULL
    const counts = Object.fromEntries(column.dictionary.map((d, i) => [d, column.counts[i]]))
    expect(counts).toEqual({ a: 1, 'b ': 1 })
    expect(column.counts[column.dictionary.length]).toBe(5)
  })
})

describe('DuckDB out of memory', () => {
  it("is a typed error naming the setting to raise, not DuckDB's own", async () => {
    const small = await openDuckDb({ memoryLimit: '16MB', threads: 1 })
    try {
      // one aggregate state of ~100 MB: nothing DuckDB can spill
      const err = await small.query(`SELECT length(string_agg(repeat('x', 1000), '')) AS n FROM range(100000)`).catch((e) => e)
      expect(isSynthkitError(err), String(err)).toBe(true)
      expect(err.code).toBe('OPTIONS_INVALID')
      expect(err.message).toContain('memory_limit of 16MB')
      expect(err.issues[0].path).toBe('memoryLimit')
      expect(err.issues[0].message).toMatch(/Out of Memory Error.*--engine-memory/)
      // other errors pass through unchanged
      const syntax = await small.query('SELEC 1').catch((e) => e)
      expect(isSynthkitError(syntax)).toBe(false)
    } finally {
      await small.close()
    }
  })
})
