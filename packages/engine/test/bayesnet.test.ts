import { fitBayesNet } from '@synthkit/bayesnet'
import { type Table, createRng, fromColumns, inferSchema } from '@synthkit/core'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DatasetName, dataPath, loadColumns } from '../../../testing/data'
import { type SqlEngine, duckDbFileRelation, fitBayesNetSql, openDuckDb } from '../src/index'

let engine: SqlEngine
beforeAll(async () => {
  engine = await openDuckDb({ memoryLimit: '512MB', threads: 2 })
})
afterAll(async () => {
  await engine?.close()
})

function loadTable(name: DatasetName): Table {
  const cols = loadColumns(name)
  return fromColumns(cols, inferSchema(cols).schema)
}

describe('the Bayesian network through DuckDB', () => {
  // at most 20,000 rows: the structure search reads every row in both fits, so the models must be equal
  it.each([
    ['penguins', {}],
    ['seattle_weather', {}],
    ['telco_churn', {}],
    ['penguins', { structure: 'chow-liu', binning: 'equal-width', bins: 7 }],
    ['seattle_weather', { degree: 3, bins: 12 }],
  ] as const)('gives the in-memory model on %s %j (structure and conditional tables)', { timeout: 120_000 }, async (name, options) => {
    const real = loadTable(name)
    const memory = fitBayesNet(real, options, { rng: createRng(1) })
    const { model } = await fitBayesNetSql(engine, duckDbFileRelation(dataPath(name)), { schema: real.schema, ...options })
    expect(model.nodes.map((n) => [n.column, n.parents])).toEqual(memory.nodes.map((n) => [n.column, n.parents]))
    expect(model).toEqual(memory)
  })

  it('searches a larger table on a seeded subsample that does not depend on the row order', { timeout: 120_000 }, async () => {
    const real = loadTable('flights_200k')
    const schema = real.schema
    const dir = mkdtempSync(join(tmpdir(), 'synthkit-bn-'))
    const shuffled = join(dir, 'shuffled.parquet')
    await engine.run(
      `COPY (SELECT * FROM read_csv('${dataPath('flights_200k')}') ORDER BY hash(delay, distance, "time", random())) TO '${shuffled}'`,
    )
    const a = await fitBayesNetSql(engine, duckDbFileRelation(dataPath('flights_200k')), { schema, seed: 7 })
    const b = await fitBayesNetSql(engine, duckDbFileRelation(shuffled), { schema, seed: 7 })
    rmSync(dir, { recursive: true, force: true })
    expect(a.model.parameters.structureRows).toBe(20_000)
    expect(b.model).toEqual(a.model)
    // the conditional tables count every row: the same as in memory for the same structure
    const memory = fitBayesNet(real, { structureRows: real.nRows })
    if (JSON.stringify(memory.nodes.map((n) => n.parents)) === JSON.stringify(a.model.nodes.map((n) => n.parents)))
      expect(a.model.nodes).toEqual(memory.nodes)
    expect(a.model.rows).toBe(real.nRows)
  })
})
