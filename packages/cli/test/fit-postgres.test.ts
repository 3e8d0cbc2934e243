// `synthkit fit --engine postgres` against a real PostgreSQL server (started here with the engine tests' cluster
// helper): the model file holds the model @synthkit/engine's fits give through postgresEngine in the library, for
// the copula and the Bayesian network; the password of the URL (given by --url or PGURL) is never printed nor written.
// Without PostgreSQL's binaries the suite fails under CI=true and is skipped with the reason otherwise.
import { fromColumns, inferSchema } from '@synthkit/core'
import { type SqlEngine, fitBayesNetSql, fitCopulaSql, inferSchemaSql, openPostgres } from '@synthkit/engine'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadColumns } from '../../../testing/data'
import { POSTGRES_MISSING, type PostgresCluster, postgresBinaries, startPostgres } from '../../../testing/postgres-cluster'
import { loadTable } from '../../../testing/postgres-load'
import { runCli, runMain, tempDir } from './helpers'

const BIN = postgresBinaries()
if (!BIN && process.env.CI !== 'true') console.warn(`fit-postgres.test.ts SKIPPED: ${POSTGRES_MISSING}`)

describe('PostgreSQL binaries', () => {
  it.runIf(process.env.CI === 'true')('are installed in CI (the CLI PostgreSQL test needs them)', () => {
    expect(BIN, POSTGRES_MISSING).not.toBeNull()
  })
})

const PASSWORD = 'pw-never-printed-7f3a'
const clusters: PostgresCluster[] = []
let engine: SqlEngine
let url: string
const { dir, cleanup } = tempDir()

describe.skipIf(!BIN)('synthkit fit --engine postgres', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    clusters.push(await startPostgres(BIN!))
    const c = clusters[0]
    // trust authentication: the server accepts any password, so the URL can carry one the test looks for
    url = `postgres://${c.user}:${PASSWORD}@${c.host}:${c.port}/${c.database}`
    engine = await openPostgres({ connectionString: url })
    const columns = loadColumns('penguins')
    const schema = inferSchema(columns).schema
    await loadTable(engine, 'penguins', schema, columns, { from: 0, to: fromColumns(columns, schema).nRows }, true)
    await engine.run('CREATE SCHEMA lake')
    await loadTable(engine, 'lake.penguins_text', schema, columns, { from: 0, to: fromColumns(columns, schema).nRows }, false)
  }, 60_000)
  afterAll(async () => {
    await engine?.close().catch(() => {})
    for (const c of clusters) c.stop()
    cleanup()
  })

  const noPassword = (...texts: string[]) => {
    for (const text of texts) expect(text).not.toContain(PASSWORD)
  }

  it('fits the copula (--url): the model fitCopulaSql gives through postgresEngine', async () => {
    const out = join(dir, 'copula.json')
    const r = runCli(['fit', '--engine', 'postgres', '--url', url, '--table', 'penguins', '--no-discover', '--out', out, '--seed', '1'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const c = clusters[0]
    expect(r.stdout).toContain(
      `fitted copula through PostgreSQL on postgres://${c.user}@${c.host}:${c.port}/${c.database} table "penguins"`,
    )
    expect(r.stdout).toContain('(344 rows × 7 columns)')
    const file = readFileSync(out, 'utf8')
    noPassword(r.stdout, r.stderr, file)
    const written = JSON.parse(file)
    const schema = await inferSchemaSql(engine, '"penguins"')
    const { model } = await fitCopulaSql(engine, '"penguins"', { schema })
    expect(written.model).toEqual(JSON.parse(JSON.stringify(model)))
    expect(written.lineage).toMatchObject({ rows: 344, columns: 7, seed: 1, input: expect.stringContaining('table "penguins"') })
    expect(written.lineage.sha256).toMatch(/^[0-9a-f]{64}$/)
    // the sampler reads the model as any other
    expect(runCli(['sample', '--model', out, '--rows', '20', '--out', join(dir, 's.csv'), '--seed', '2']).code).toBe(0)
  })

  it('fits the Bayesian network of a schema.table read as text (PGURL): the model fitBayesNetSql gives', async () => {
    const out = join(dir, 'bayesnet.json')
    const r = runCli(
      [
        'fit',
        '--engine',
        'postgres',
        '--method',
        'bayesnet',
        '--table',
        'lake.penguins_text',
        '--no-discover',
        '--out',
        out,
        '--seed',
        '3',
      ],
      {
        env: { PGURL: url, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      },
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/fitted bayesnet through PostgreSQL .* \(344 rows × 7 columns\)/)
    const file = readFileSync(out, 'utf8')
    noPassword(r.stdout, r.stderr, file)
    const relation = '"lake"."penguins_text"'
    const schema = await inferSchemaSql(engine, relation)
    const { model } = await fitBayesNetSql(engine, relation, { schema, seed: 3 })
    expect(JSON.parse(file).model).toEqual(JSON.parse(JSON.stringify(model)))
    // the same table typed gives the same network (the text is read by core's rules)
    const typed = await fitBayesNetSql(engine, '"penguins"', { schema, seed: 3 })
    expect(typed.model).toEqual(model)
  })

  it('says what is wrong, without the password: a missing table, missing or misplaced flags', async () => {
    const out = join(dir, 'never.json')
    const missing = runCli(['fit', '--engine', 'postgres', '--url', url, '--table', 'no_such_table', '--no-discover', '--out', out])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^synthkit: PostgreSQL \(postgres:\/\/postgres@.*\): relation "no_such_table" does not exist \[42P01\]/)
    noPassword(missing.stdout, missing.stderr)
    const refused = runCli(['fit', '--engine', 'postgres', '--url', 'postgres://u:secret-9@127.0.0.1:1/db', '--table', 't', '--out', out])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/synthkit: PostgreSQL \(connecting to postgres:\/\/u@127\.0\.0\.1:1\/db\): .*ECONNREFUSED/)
    expect(refused.stderr).not.toContain('secret-9')
    const cases: [string[], RegExp][] = [
      [['--engine', 'postgres', '--url', url], /--engine postgres needs --table/],
      [['--table', 'penguins'], /--table and --url name a PostgreSQL table: add --engine postgres/],
      [['--engine', 'postgres', '--table', 'penguins', '--data', 'x.csv'], /does not take --data/],
      [['--engine', 'postgres', '--table', 'a.b.c'], /--table: expected a table name or schema.name/],
      [['--engine', 'duckdb'], /required option '--data <file>' not specified/],
    ]
    // (in this process: the same code path as the bin, without a process start per case)
    for (const [args, message] of cases) {
      const r = await runMain(['fit', ...args, '--out', out])
      expect(r.code, args[0] === '--engine' ? args.slice(0, 2).join(' ') : args[0]).toBe(2)
      expect(r.stderr).toMatch(message)
      noPassword(r.stderr)
    }
  })
})
