// PostgreSQL's limits on one statement (1,664 select-list entries, 1,600 table columns): a 300-column table
// (numerical, categorical and datetime columns, many with missing values) fits through one real server started here,
// and gives the in-memory statistics exactly. Without PostgreSQL's binaries the suite fails under CI=true and is
// skipped with the reason otherwise (as test/postgres.test.ts).
import { type TableSchema, createRng, fromColumns, inferSchema } from '@synthkit/core'
import { fitCopula, memoryMarginalStatistics, prepareTable } from '@synthkit/copula'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POSTGRES_MISSING, type PostgresCluster, postgresBinaries, startPostgres } from '../../../testing/postgres-cluster'
import { loadTable } from '../../../testing/postgres-load'
import { type SqlEngine, fitCopulaSql, openPostgres } from '../src/index'

const BIN = postgresBinaries()
if (!BIN && process.env.CI !== 'true') console.warn(`postgres-wide.test.ts SKIPPED: ${POSTGRES_MISSING}`)

describe('PostgreSQL binaries', () => {
  it.runIf(process.env.CI === 'true')('are installed in CI (the wide-table test needs them)', () => {
    expect(BIN, POSTGRES_MISSING).not.toBeNull()
  })
})

const ROWS = 500
const NUMERIC = 70
const CATEGORICAL = 20
const DATETIME = 20
const GENERATED = 190

/**
 * A wide table as text (as a CSV file holds it), 300 columns: 70 numerical columns on 6 shared factors (2 decimals;
 * 60 of them with 4 % missing: 1,770 pairs of missingness indicators, where PostgreSQL's select list holds 1,664),
 * 20 categorical columns (5 categories cut from a factor; 7 with missing cells), 20 datetime columns (dates, every
 * fifth with a time of day; 4 with missing cells), and 190 id and text columns (generated, not learned): 110 learned
 * columns and 64 missingness indicators, 174 copula dimensions (the copula refuses more than 250, in memory too: its
 * correlation repair costs d³; pass 3 reads the sums of 15,051 pairs in several queries).
 */
function wideColumns(): Record<string, string[]> {
  const rng = createRng(19)
  const normal = () => {
    const u = Math.max(rng.next(), 1e-12)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next())
  }
  const factors = Array.from({ length: ROWS }, () => Array.from({ length: 6 }, normal))
  const out: Record<string, string[]> = {}
  for (let k = 0; k < NUMERIC; k++)
    out[`x${k}`] = factors.map((f) =>
      k >= 10 && rng.next() < 0.04 ? '' : (Math.round((f[k % 6] + 0.5 * normal()) * 100 * (1 + k)) / 100).toFixed(2),
    )
  for (let k = 0; k < CATEGORICAL; k++)
    out[`g${k}`] = factors.map((f) => {
      if (k % 3 === 0 && rng.next() < 0.03) return ''
      const z = f[(k + 1) % 6] + 0.8 * normal()
      return ['low', 'mid-low', 'mid', 'mid-high', 'high'][z < -1 ? 0 : z < -0.3 ? 1 : z < 0.3 ? 2 : z < 1 ? 3 : 4]
    })
  for (let k = 0; k < DATETIME; k++)
    out[`t${k}`] = factors.map((f) => {
      if (k % 5 === 1 && rng.next() < 0.05) return ''
      const day = Math.round(18_000 + 200 * (f[(k + 2) % 6] + 0.5 * normal()))
      const ms = day * 86_400_000 + (k % 5 === 0 ? Math.floor(rng.next() * 86_400) * 1000 : 0)
      const iso = new Date(ms).toISOString()
      return k % 5 === 0 ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(0, 10)
    })
  for (let k = 0; k < GENERATED; k++) out[`${k % 2 === 0 ? 'id' : 'note'}${k}`] = factors.map((_, r) => `row ${r} col ${k}`)
  return out
}

/** The inferred schema, with the generated columns declared id or text (as a user's schema file would). */
function wideSchema(cols: Record<string, string[]>): TableSchema {
  const inferred = inferSchema(Object.fromEntries(Object.entries(cols).filter(([name]) => /^[xgt]\d/.test(name)))).schema
  const byName = new Map(inferred.columns.map((c) => [c.name, c]))
  return {
    ...inferred,
    columns: Object.keys(cols).map((name) =>
      name.startsWith('id') ? { name, kind: 'id' as const } : name.startsWith('note') ? { name, kind: 'text' as const } : byName.get(name)!,
    ),
  }
}

const cluster: PostgresCluster[] = []
const engines: SqlEngine[] = []
let columns: Record<string, string[]>
let schema: TableSchema

describe.skipIf(!BIN)('a 300-column table on PostgreSQL', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    cluster.push(await startPostgres(BIN!))
    const c = cluster[0]
    for (let k = 0; k < 2; k++) engines.push(await openPostgres({ host: c.host, port: c.port, user: c.user, database: c.database }))
    columns = wideColumns()
    schema = wideSchema(columns)
    await loadTable(engines[0], 'wide_text', schema, columns, { from: 0, to: ROWS }, false)
  }, 60_000)
  afterAll(async () => {
    for (const e of engines) await e.close().catch(() => {})
    for (const c of cluster) c.stop()
  })

  it('has the kinds it is meant to (the inferred schema)', () => {
    const kinds = schema.columns.map((c) => c.kind)
    expect(kinds).toHaveLength(300)
    expect(kinds.filter((k) => k === 'numerical')).toHaveLength(NUMERIC)
    expect(kinds.filter((k) => k === 'categorical')).toHaveLength(CATEGORICAL)
    expect(kinds.filter((k) => k === 'datetime')).toHaveLength(DATETIME)
  })

  it('as text, gives the in-memory statistics exactly and its correlations to 1e-6', async () => {
    const real = fromColumns(columns, schema)
    const { model, statistics } = await fitCopulaSql(engines[0], 'wide_text', { schema })
    expect(statistics.marginal).toEqual(memoryMarginalStatistics(prepareTable(real)))
    const reference = fitCopula(real)
    expect(model.dimensions).toEqual(reference.dimensions)
    expect(model.dimensions).toHaveLength(174)
    let worst = 0
    model.correlation.forEach((row, i) => row.forEach((r, j) => (worst = Math.max(worst, Math.abs(r - reference.correlation[i][j])))))
    expect(worst).toBeLessThan(1e-6)
  })
})
