// Datetime text in DuckDB read exactly as @synthkit/core reads it (the PostgreSQL twin is postgres-text.test.ts):
// ISO 8601 with its range checks, offsets, leap seconds and fractions, and a column's formats tried in core's order
// (datetimeFormatsOf: `format`, ISO 8601 when it is absent, then `formats`), the first that reads a text winning.
import { type ColumnSpec, datetimeFormatsOf, matchDatetimeFormats } from '@synthkit/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SqlEngine, openDuckDb } from '../src/index'
import { DUCKDB_CELLS } from '../src/internal/column-sql'
import { FORMATS, fields, formatText, isoText } from './datetime-texts'

let duck: SqlEngine
beforeAll(async () => {
  duck = await openDuckDb({ threads: 1 })
})
afterAll(async () => {
  await duck.close()
})

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`

/** Epoch milliseconds DuckDB reads from each text for the column, null where it reads none; and core's. */
async function bothReadings(texts: readonly string[], spec: ColumnSpec & { kind: 'datetime' }) {
  const values = texts.map((t, k) => `(${k}, ${quote(t)})`).join(', ')
  const rows = await duck.query(`SELECT k, ${DUCKDB_CELLS.datetime('t', spec)} AS v FROM (VALUES ${values}) AS x(k, t) ORDER BY k`)
  const got = rows.map((r) => (r.v === null ? null : Number(r.v)))
  const want = texts.map((t) => {
    const m = matchDatetimeFormats(t, datetimeFormatsOf(spec))
    return m.status === 'ok' ? m.ms : null
  })
  return { got, want }
}

describe('DuckDB reads datetime text as core does', { timeout: 60_000 }, () => {
  it('ISO 8601: the same epoch milliseconds, NULL exactly where core finds no date (600 texts)', async () => {
    const texts = fc.sample(fields, { numRuns: 600, seed: 19 }).map(isoText)
    const { got, want } = await bothReadings(texts, { name: 't', kind: 'datetime' })
    expect(got).toEqual(want)
    // the sample holds impossible dates and times, offsets, leap seconds and minutes-only times with an offset
    expect(want.filter((w) => w === null).length).toBeGreaterThan(100)
    expect(texts.some((t, k) => /[-+][0-9]{2}:?[0-9]{2}$/.test(t) && want[k] !== null)).toBe(true)
    expect(texts.some((t, k) => /:60/.test(t) && want[k] !== null)).toBe(true)
  })

  it('ISO 8601: other shapes DuckDB would cast are refused as core refuses them', async () => {
    const texts = [
      '2021/03/04',
      '2021-3-4',
      '20210304',
      '2021-03-04t10:30',
      '2021-03-04T10:30z',
      '2021-03-04T24:00',
      '2021-03-04 10:30:00 +02:00',
      'now',
    ]
    const { got, want } = await bothReadings(texts, { name: 't', kind: 'datetime' })
    expect(want.every((w) => w === null)).toBe(true)
    expect(got).toEqual(want)
  })

  it.each(FORMATS.map((f, k) => [f.map(String).join(' | '), k] as const))('the formats %s', async (_, k) => {
    const texts = fc.sample(fields, { numRuns: 300, seed: 7 + k }).map((f) => formatText(f, k))
    const [format, ...formats] = FORMATS[k]
    const spec = {
      name: 't',
      kind: 'datetime' as const,
      ...(format ? { format } : {}),
      ...(formats.length ? { formats: formats.map((f) => f ?? 'YYYY-MM-DD') } : {}),
    }
    // a listed `undefined` is ISO 8601: core lists it first when `format` is absent
    const { got, want } = await bothReadings(texts, spec)
    expect(got).toEqual(want)
    expect(want.filter((w) => w !== null).length).toBeGreaterThan(50)
  })

  it('further formats without a format read ISO 8601 first, then the formats', async () => {
    const texts = ['2021-03-04', '2021-03-04T10:30+02:00', '04/03/2021', '31/04/2021', '2021-02-30', 'soon']
    const spec = { name: 't', kind: 'datetime' as const, formats: ['DD/MM/YYYY'] }
    const { got, want } = await bothReadings(texts, spec)
    expect(want.filter((w) => w !== null)).toHaveLength(3)
    expect(got).toEqual(want)
  })
})
