// PrivBayes through a real PostgreSQL server (its own cluster, started here): the in-memory model for the same noise
// and root streams, from tables as a warehouse holds them (typed numbers and timestamps) and as a CSV dump would
// (text, read by core's rules in PostgreSQL's SQL). Without PostgreSQL's binaries the suite is skipped with the reason
// outside CI, and fails under CI=true.
import { fitPrivBayes } from '@synthkit/bayesnet'
import { createRng } from '@synthkit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DatasetName, loadColumns } from '../../../testing/data'
import { type SqlEngine, fitPrivBayesSql, openPostgres } from '../src/index'
import { POSTGRES_MISSING, type PostgresCluster, postgresBinaries, startPostgres } from '../../../testing/postgres-cluster'
import { loadTable } from '../../../testing/postgres-load'
import { publicTable } from './privbayes-public'

const BIN = postgresBinaries()
if (!BIN && process.env.CI !== 'true') console.warn(`privbayes-postgres.test.ts SKIPPED: ${POSTGRES_MISSING}`)

describe('PostgreSQL binaries', () => {
  it.runIf(process.env.CI === 'true')('are installed under CI', () => {
    expect(BIN, POSTGRES_MISSING).not.toBeNull()
  })
})

// penguins: missing values, as text; seattle_weather: dates as timestamps; telco_churn: 20 learned columns, typed
const TABLES: [DatasetName, boolean][] = [
  ['penguins', false],
  ['seattle_weather', true],
  ['telco_churn', true],
]

describe.skipIf(!BIN)('PrivBayes through PostgreSQL', { timeout: 120_000 }, () => {
  let cluster: PostgresCluster
  let engine: SqlEngine
  beforeAll(async () => {
    cluster = await startPostgres(BIN!)
    engine = await openPostgres({ host: cluster.host, port: cluster.port, user: cluster.user, database: cluster.database })
    for (const [name, typed] of TABLES) {
      const columns = loadColumns(name)
      const { table } = publicTable(name, false)
      await loadTable(engine, name, table.schema, columns, { from: 0, to: table.nRows }, typed)
    }
  }, 120_000)
  afterAll(async () => {
    await engine?.close().catch(() => {})
    cluster?.stop()
  })

  // telco with learned bounds only (each fit of it costs seconds here)
  const CASES: [DatasetName, boolean][] = [
    ['penguins', true],
    ['penguins', false],
    ['seattle_weather', true],
    ['seattle_weather', false],
    ['telco_churn', false],
  ]
  it.each(CASES)('gives the in-memory model on %s (declared bounds: %s)', async (name, bounds) => {
    const { table, nullable } = publicTable(name, bounds)
    const options = { nullable, degree: 2 }
    const memory = fitPrivBayes(table, options, { epsilon: 1.5, noise: createRng(21) }, { rng: createRng(2) })
    const { model } = await fitPrivBayesSql(
      engine,
      name,
      { ...options, schema: table.schema, rng: createRng(2) },
      { epsilon: 1.5, noise: createRng(21) },
    )
    expect(model).toEqual(memory)
    if (name !== 'penguins') return
    // a different noise stream gives another model (the equality is not vacuous)
    const other = await fitPrivBayesSql(
      engine,
      name,
      { ...options, schema: table.schema, rng: createRng(2) },
      { epsilon: 1.5, noise: createRng(22) },
    )
    expect(other.model).not.toEqual(memory)
  })
})
