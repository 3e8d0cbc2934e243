// The copula's fit on shards against one table: two real PostgreSQL servers (started here, as in
// test/postgres.test.ts) each holding half of a shared table, one server holding it whole, DuckDB over the CSV file,
// and the in-memory fit. Wall time of the fit only (loading the servers is not timed). Prints, never asserts; the
// machine is shared, so figures vary with its load (printed). No peer publishes a sharded copula fit to compare with.
import { fromColumns, inferSchema } from '@synthkit/core'
import { fitCopula } from '@synthkit/copula'
import { cpus, loadavg } from 'node:os'
import { DATA_DIR, type DatasetName, dataPath, loadColumns } from '../../../testing/data'
import { duckDbFileRelation, fitCopulaShards, fitCopulaSql, openDuckDb, openPostgres } from '../src/index'
import { postgresBinaries, startPostgres } from '../../../testing/postgres-cluster'
import { loadTable } from '../../../testing/postgres-load'

const NAMES: DatasetName[] = ['adult', 'flights_200k']
const bin = postgresBinaries()
if (!bin) {
  console.log('shards bench skipped: PostgreSQL server binaries not found (apt-get install postgresql, or SYNTHKIT_PG_BIN)')
  process.exit(0)
}
const seconds = async (f: () => Promise<unknown> | unknown) => {
  const t0 = performance.now()
  await f()
  return (performance.now() - t0) / 1000
}

const clusters = [await startPostgres(bin), await startPostgres(bin)]
const engines = await Promise.all(clusters.map((c) => openPostgres({ host: c.host, port: c.port, user: c.user, database: c.database })))
const duck = await openDuckDb({ memoryLimit: '512MB', threads: 2 })
try {
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, Node ${process.version}; ${clusters[0].version}, DuckDB via @duckdb/node-api`,
  )
  console.log(`data: ${DATA_DIR}`)
  console.log('')
  console.log('| table | rows × columns | in memory s | DuckDB (CSV) s | PostgreSQL, one server s | PostgreSQL, two shards s |')
  console.log('|---|---|---|---|---|---|')
  for (const name of NAMES) {
    const columns = loadColumns(name)
    const real = fromColumns(columns, inferSchema(columns).schema)
    const schema = real.schema
    const n = real.nRows
    const half = Math.round(n / 2)
    await loadTable(engines[0], 'whole', schema, columns, { from: 0, to: n }, true)
    await loadTable(engines[0], 'shard', schema, columns, { from: 0, to: half }, true)
    await loadTable(engines[1], 'shard', schema, columns, { from: half, to: n }, true)
    const memory = await seconds(() => fitCopula(real))
    const duckdb = await seconds(() => fitCopulaSql(duck, duckDbFileRelation(dataPath(name)), { schema }))
    const one = await seconds(() => fitCopulaSql(engines[0], 'whole', { schema, scoreBy: 'marginal' }))
    const two = await seconds(() => fitCopulaShards(engines, 'shard', { schema }))
    const f = (x: number) => x.toFixed(2)
    console.log(
      `| ${name} | ${n.toLocaleString('en-US')} × ${schema.columns.length} | ${f(memory)} | ${f(duckdb)} | ${f(one)} | ${f(two)} |`,
    )
  }
  console.log('')
  console.log('Both shard servers run on this machine, sharing its cores with Node and each other: the shards’ passes do not')
  console.log('run side by side here as they would on separate servers. Loading the servers is not timed.')
} finally {
  await duck.close()
  for (const e of engines) await e.close()
  for (const c of clusters) c.stop()
}
