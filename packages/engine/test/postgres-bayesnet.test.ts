// The Bayesian network fitted by a real PostgreSQL server (started here): the in-memory model on tables the structure
// search reads whole, and a seeded structure subsample that does not depend on the rows' order. Without PostgreSQL's
// binaries the suite fails under CI=true and is skipped with the reason otherwise (as test/postgres.test.ts).
import { fitBayesNet } from '@synthkit/bayesnet'
import { type Table, createRng, fromColumns, inferSchema } from '@synthkit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DatasetName, loadColumns } from '../../../testing/data'
import { POSTGRES_MISSING, type PostgresCluster, postgresBinaries, startPostgres } from '../../../testing/postgres-cluster'
import { loadTable } from '../../../testing/postgres-load'
import { type SqlEngine, fitBayesNetSql, openPostgres } from '../src/index'

const BIN = postgresBinaries()
if (!BIN && process.env.CI !== 'true') console.warn(`postgres-bayesnet.test.ts SKIPPED: ${POSTGRES_MISSING}`)

describe('PostgreSQL binaries', () => {
  it.runIf(process.env.CI === 'true')('are installed in CI (the Bayesian network test needs them)', () => {
    expect(BIN, POSTGRES_MISSING).not.toBeNull()
  })
})

const NAMES: DatasetName[] = ['penguins', 'seattle_weather']
const clusters: PostgresCluster[] = []
let engine: SqlEngine
const tables = new Map<string, Table>()

describe.skipIf(!BIN)('the Bayesian network through PostgreSQL', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    clusters.push(await startPostgres(BIN!))
    const c = clusters[0]
    engine = await openPostgres({ host: c.host, port: c.port, user: c.user, database: c.database })
    for (const name of NAMES) {
      const columns = loadColumns(name)
      const real = fromColumns(columns, inferSchema(columns).schema)
      tables.set(name, real)
      await loadTable(engine, `${name}_text`, real.schema, columns, { from: 0, to: real.nRows }, false)
      await loadTable(engine, `${name}_typed`, real.schema, columns, { from: 0, to: real.nRows }, true)
      // the same rows in another order (every 7th first, …): what a server's scan order may be
      const order = Array.from({ length: real.nRows }, (_, r) => r).sort((a, b) => (a % 7) - (b % 7) || a - b)
      const shuffled = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, order.map((r) => v[r])]))
      await loadTable(engine, `${name}_shuffled`, real.schema, shuffled, { from: 0, to: real.nRows }, true)
    }
  }, 60_000)
  afterAll(async () => {
    await engine?.close().catch(() => {})
    for (const c of clusters) c.stop()
  })

  it.each(NAMES.flatMap((name) => [`${name}_text`, `${name}_typed`]))(
    'gives the in-memory model on %s (structure and conditional tables)',
    async (table) => {
      const real = tables.get(table.replace(/_(text|typed)$/, ''))!
      const memory = fitBayesNet(real, {}, { rng: createRng(1) })
      const { model } = await fitBayesNetSql(engine, table, { schema: real.schema })
      expect(model.nodes.map((n) => [n.column, n.parents])).toEqual(memory.nodes.map((n) => [n.column, n.parents]))
      expect(model).toEqual(memory)
    },
  )

  it('searches a seeded subsample that does not depend on the row order, and counts every row', async () => {
    const real = tables.get('seattle_weather')!
    const options = { schema: real.schema, structureRows: 300, seed: 7 }
    const a = await fitBayesNetSql(engine, 'seattle_weather_typed', options)
    const b = await fitBayesNetSql(engine, 'seattle_weather_shuffled', options)
    expect(a.model.parameters.structureRows).toBe(300)
    expect(b.model).toEqual(a.model)
    expect(a.model.rows).toBe(real.nRows)
  })
})
