// Text cells of typed columns on PostgreSQL: read as @synthkit/core reads them (dates checked field by field, numbers
// beyond the doubles' range), and a cell the schema cannot read is the typed error the DuckDB path gives (the code,
// the column, the most frequent offending values) — never PostgreSQL's own error. One real server, started here;
// without PostgreSQL's binaries the suite fails under CI=true and is skipped with the reason otherwise.
import { type TableSchema, matchDatetimeFormats } from '@synthkit/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORMATS, fields, formatText, isoText } from './datetime-texts'
import { POSTGRES_MISSING, type PostgresCluster, postgresBinaries, startPostgres } from '../../../testing/postgres-cluster'
import { type SqlEngine, fitCopulaSql, openDuckDb, openPostgres } from '../src/index'
import { postgresDatetimeSql } from '../src/internal/postgres-datetime'
import { POSTGRES_SESSION, postgresColumnSql } from '../src/internal/postgres-sql'

const BIN = postgresBinaries()
if (!BIN && process.env.CI !== 'true') console.warn(`postgres-text.test.ts SKIPPED: ${POSTGRES_MISSING}`)

describe('PostgreSQL binaries', () => {
  it.runIf(process.env.CI === 'true')('are installed in CI (the text-reading test needs them)', () => {
    expect(BIN, POSTGRES_MISSING).not.toBeNull()
  })
})

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`
const clusters: PostgresCluster[] = []
let pg: SqlEngine
let duck: SqlEngine

/** PostgreSQL's value of `sql(s)` for every text, in one query. */
async function evaluate(texts: readonly string[], sql: (s: string) => string): Promise<(number | null)[]> {
  const rows = await pg.query(
    `SELECT k, ${sql('s')} AS x FROM (VALUES ${texts.map((t, k) => `(${k}, CAST(${quote(t)} AS text))`).join(', ')}) v(k, s) ORDER BY k`,
  )
  return rows.map((r) => (r.x === null ? null : Number(r.x)))
}

describe.skipIf(!BIN)('text of typed columns on PostgreSQL', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    clusters.push(await startPostgres(BIN!))
    const c = clusters[0]
    pg = await openPostgres({ host: c.host, port: c.port, user: c.user, database: c.database })
    await pg.run(POSTGRES_SESSION)
    duck = await openDuckDb({ threads: 1 })
  }, 60_000)
  afterAll(async () => {
    await pg?.close().catch(() => {})
    await duck?.close().catch(() => {})
    for (const c of clusters) c.stop()
  })

  it('reads ISO 8601 as core does: the same epoch milliseconds, NULL exactly where core finds no date (600 texts)', async () => {
    const texts = fc.sample(fields, { numRuns: 600, seed: 19 }).map(isoText)
    const got = await evaluate(texts, (s) => postgresDatetimeSql(s, [undefined]))
    const want = texts.map((t) => {
      const m = matchDatetimeFormats(t, [undefined])
      return m.status === 'ok' ? m.ms : null
    })
    expect(got).toEqual(want)
    // the sample holds both: impossible dates (Feb 30, hour 24, …) and real ones, leap days and leap seconds among them
    expect(want.filter((w) => w === null).length).toBeGreaterThan(100)
    expect(want.filter((w) => w !== null).length).toBeGreaterThan(100)
    expect(texts.some((t, k) => t.includes('-02-29') && want[k] !== null)).toBe(true)
  })

  it('refuses the ISO-like shapes core refuses (lower-case t or z, slashes, hour 24, a spaced offset)', async () => {
    const texts = ['2021-03-04t10:30', '2021-03-04T10:30z', '2021/03/04', '2021-3-4', '2021-03-04T24:00', '2021-03-04 10:30:00 +02:00']
    const got = await evaluate(texts, (s) => postgresDatetimeSql(s, [undefined]))
    expect(texts.map((t) => matchDatetimeFormats(t, [undefined]).status)).not.toContain('ok')
    expect(got).toEqual(texts.map(() => null))
  })

  it.each(FORMATS.map((f, k) => [f.map(String).join(' | '), k] as const))(
    'reads the formats %s as core does, the first that reads a text winning',
    async (_, k) => {
      const texts = fc.sample(fields, { numRuns: 300, seed: 7 + k }).map((f) => formatText(f, k))
      const got = await evaluate(texts, (s) => postgresDatetimeSql(s, FORMATS[k]))
      const want = texts.map((t) => {
        const m = matchDatetimeFormats(t, FORMATS[k])
        return m.status === 'ok' ? m.ms : null
      })
      expect(got).toEqual(want)
      expect(want.filter((w) => w !== null).length).toBeGreaterThan(50)
    },
  )

  it('reads decimal text beyond the safe cast as core’s Number() does, infinite beyond the largest double', async () => {
    const spec = { name: 'x', kind: 'numerical' as const, type: 'float' as const }
    const e = postgresColumnSql({ columns: [spec] }, spec, 'TEXT')
    const texts = [
      '12.5',
      ' -7 ',
      '1e308',
      '1e400',
      '-1e400',
      '1e-400',
      '-1e-400',
      '4.9e-324',
      '2.4703282292062328e-324',
      '2.4703282292062327e-324',
      '1.7976931348623157e308',
      '1.7976931348623158e308',
      '1.797693134862315808e308',
      `0.${'0'.repeat(310)}1`,
      `1${'0'.repeat(320)}`,
      'abc',
      '1,5',
    ]
    const got = await evaluate(texts, (s) => e.final(`(${e.value('false', s)})`))
    // core: Number() of the trimmed decimal; not finite (or not a decimal): a data problem (NULL here)
    expect(got).toEqual([
      12.5,
      -7,
      1e308,
      null,
      null,
      0,
      -0,
      5e-324,
      5e-324,
      0,
      1.7976931348623157e308,
      1.7976931348623157e308,
      null,
      1e-311,
      null,
      null,
      null,
    ])
  })

  /** A two-column table (x numerical, t datetime) as text in both engines. */
  async function load(name: string, rows: readonly [string, string][]): Promise<void> {
    const values = rows.map(([x, t]) => `(${quote(x)}, ${quote(t)})`).join(', ')
    await pg.run(`DROP TABLE IF EXISTS ${name}`)
    await pg.run(`CREATE TABLE ${name} AS SELECT * FROM (VALUES ${values}) v(x, t)`)
    await duck.run(`CREATE OR REPLACE TABLE ${name} AS SELECT * FROM (VALUES ${values}) v(x, t)`)
  }
  const good = (k: number): [string, string] => [String(k * 1.5), `2021-0${1 + (k % 9)}-1${k % 10}`]

  it.each([
    ['an impossible ISO date', 't', '2021-02-30', undefined],
    ['an impossible date of a format', 't', '31/04/2021', 'DD/MM/YYYY'],
    ['a number beyond the largest double', 'x', '1e400', undefined],
    ['text in a numerical column', 'x', 'n.a.', undefined],
  ])('%s is DATA_INVALID naming the column and the value, in PostgreSQL as in DuckDB', async (_, column, bad, format) => {
    const rows = Array.from({ length: 40 }, (_, k) => good(k))
    const fix = (t: string) => (format ? `${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)}` : t)
    const table = rows.map(([x, t], k): [string, string] => (k % 10 === 3 ? (column === 't' ? [x, bad] : [bad, fix(t)]) : [x, fix(t)]))
    await load('bad_text', table)
    const schema: TableSchema = {
      columns: [
        { name: 'x', kind: 'numerical', type: 'float' },
        { name: 't', kind: 'datetime', ...(format ? { format } : {}) },
      ],
    }
    const errors = await Promise.all(
      [pg, duck].map((engine) =>
        fitCopulaSql(engine, 'bad_text', { schema }).then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    )
    for (const error of errors) {
      expect(error).toMatchObject({
        code: 'DATA_INVALID',
        message: expect.stringMatching(/^4 row\(s\) hold text the schema cannot read\n/),
        issues: [expect.objectContaining({ path: column, column, value: bad })],
      })
      expect((error as { issues: { message: string }[] }).issues[0].message).toContain(`the most frequent: ${JSON.stringify(bad)} (4 rows)`)
    }
    // the sessions are usable after the failed fits, and the good rows fit
    await load(
      'good_text',
      rows.map(([x, t]) => [x, fix(t)]),
    )
    for (const engine of [pg, duck]) expect((await fitCopulaSql(engine, 'good_text', { schema })).model.trainingRows).toBe(40)
  })
})
