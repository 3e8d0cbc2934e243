import { createRng, fromColumns, inferSchema, type Table } from '@synthkit/core'
import { fitCopula, memoryMarginalStatistics, prepareTable, sampleCopula } from '@synthkit/copula'
import { qualityReport } from '@synthkit/metrics'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DATASETS, DATA_DIR, dataPath, loadColumns } from '../../../testing/data'
import { type SqlEngine, type SqlFitOptions, duckDbFileRelation, fitCopulaSql, isTypedReadFailure, openDuckDb } from '../src/index'

let engine: SqlEngine
beforeAll(async () => {
  engine = await openDuckDb({ memoryLimit: '512MB', threads: 2 })
})
afterAll(async () => {
  await engine?.close()
})

function loadTable(name: (typeof DATASETS)[number]): Table {
  const cols = loadColumns(name)
  return fromColumns(cols, inferSchema(cols).schema)
}

describe.each(DATASETS)('DuckDB statistics on %s', { timeout: 180_000 }, (name) => {
  it('equal the in-memory statistics (exact quantile summaries) and give a model of the same quality within 0.005', async () => {
    const real = loadTable(name)
    const { model, statistics } = await fitCopulaSql(engine, duckDbFileRelation(`${dataPath(name)}`), { schema: real.schema })
    const exact = memoryMarginalStatistics(prepareTable(real))
    expect(statistics.marginal.rows).toBe(exact.rows)
    expect(statistics.marginal.missingPairs).toEqual(exact.missingPairs)
    statistics.marginal.columns.forEach((c, i) => {
      const e = exact.columns[i]
      expect(c.kind, c.name).toBe(e.kind)
      if (c.kind === 'category' && e.kind === 'category') expect([c.dictionary, c.counts]).toEqual([e.dictionary, e.counts])
      if (c.kind === 'numeric' && e.kind === 'numeric') {
        expect([c.missing, c.min, c.max, c.precision, c.time], c.name).toEqual([e.missing, e.min, e.max, e.precision, e.time])
        const a = c.summary
        const b = e.summary
        if (a === null || b === null) return expect(a, c.name).toEqual(b)
        expect(a.n).toBe(b.n)
        if (b.values) return expect(a.values, c.name).toEqual(b.values)
        // the sample is the same order statistics; the knots agree to rounding (type-7 interpolation in DuckDB)
        expect(a.sample, c.name).toEqual(b.sample)
        expect(a.largestAtom).toBe(b.largestAtom)
        a.knots!.forEach((q, k) =>
          expect(Math.abs(q - b.knots![k]), `${c.name} knot ${k}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(q))),
        )
      }
    })
    const reference = fitCopula(real)
    expect(model.dimensions).toEqual(reference.dimensions)
    let worst = 0
    model.correlation.forEach((row, i) => row.forEach((r, j) => (worst = Math.max(worst, Math.abs(r - reference.correlation[i][j])))))
    expect(worst, 'largest correlation difference').toBeLessThan(1e-6)
    const n = Math.min(real.nRows, 20_000)
    const sub = {
      ...real,
      nRows: n,
      columns: Object.fromEntries(Object.entries(real.columns).map(([k, v]) => [k, sliceColumn(v, n)])),
    } as Table
    const q = (m: typeof model) => qualityReport(sub, sampleCopula(m, n, createRng(5))).score!
    expect(Math.abs(q(model) - q(reference))).toBeLessThan(0.005)
  })
})

function sliceColumn(c: Table['columns'][string], n: number): Table['columns'][string] {
  if (c.type === 'numeric') return { ...c, values: c.values.subarray(0, n) }
  if (c.type === 'coded') return { ...c, codes: c.codes.subarray(0, n) }
  return { ...c, values: c.values.slice(0, n) }
}

describe('DuckDB reads files where they lie', () => {
  it('gives the same statistics from gzip CSV and from Parquet (zstd) as from plain CSV', { timeout: 120_000 }, async () => {
    const real = loadTable('penguins')
    const options = { schema: real.schema }
    const plain = await fitCopulaSql(engine, duckDbFileRelation(dataPath('penguins')), options)
    const gz = await fitCopulaSql(engine, duckDbFileRelation(`${DATA_DIR}/penguins.csv.gz`), options)
    const dir = mkdtempSync(join(tmpdir(), 'synthkit-engine-'))
    const parquet = join(dir, 'penguins.parquet')
    // typed Parquet columns (numbers as DOUBLE, text as VARCHAR), as a warehouse export would write them
    await engine.run(
      `COPY (SELECT * FROM read_csv('${dataPath('penguins')}', nullstr = '')) TO '${parquet}' (FORMAT parquet, COMPRESSION zstd)`,
    )
    const pq = await fitCopulaSql(engine, duckDbFileRelation(parquet), options)
    // read in place (a view, the default for an all-typed Parquet file) rather than staged
    const pqView = await fitCopulaSql(engine, duckDbFileRelation(parquet), { ...options, stage: false })
    // pass 1 is exact (counts, extremes, order statistics); pass 3's sums run in parallel, in any order: to rounding
    for (const other of [gz, pq, pqView]) {
      expect(other.statistics.marginal).toEqual(plain.statistics.marginal)
      expect(other.statistics.layout.map((l) => l.seen)).toEqual(plain.statistics.layout.map((l) => l.seen))
      other.statistics.correlation.sxy.forEach((v, k) =>
        expect(Math.abs(v - plain.statistics.correlation.sxy[k])).toBeLessThan(1e-9 * Math.max(1, Math.abs(v))),
      )
    }
    rmSync(dir, { recursive: true, force: true })
  })

  it('reports text the schema cannot read as a typed error naming the column', async () => {
    const real = loadTable('penguins')
    const schema = {
      ...real.schema,
      columns: real.schema.columns.map((c) => (c.name === 'Species' ? { name: 'Species', kind: 'numerical' as const } : c)),
    }
    await expect(
      fitCopulaSql(engine, duckDbFileRelation(dataPath('penguins')), { schema } as unknown as SqlFitOptions),
    ).rejects.toMatchObject({
      code: 'DATA_INVALID',
      issues: [expect.objectContaining({ column: 'Species' })],
    })
  })
})

describe('the typed CSV read (numerical columns typed by DuckDB)', () => {
  it.each(['diamonds', 'flights_200k'] as const)('gives the statistics of the all-text read on %s', { timeout: 120_000 }, async (name) => {
    const real = loadTable(name)
    const options = { schema: real.schema }
    const typed = duckDbFileRelation(dataPath(name), options)
    expect(typed).toContain("'DOUBLE'")
    const text = await fitCopulaSql(engine, duckDbFileRelation(dataPath(name)), options)
    const fast = await fitCopulaSql(engine, typed, options)
    expect(fast.statistics.marginal).toEqual(text.statistics.marginal)
    expect(fast.statistics.layout.map((l) => l.seen)).toEqual(text.statistics.layout.map((l) => l.seen))
    fast.statistics.correlation.sxy.forEach((v, k) =>
      expect(Math.abs(v - text.statistics.correlation.sxy[k])).toBeLessThan(1e-9 * Math.max(1, Math.abs(v))),
    )
  })

  it('fails, as a typed-read failure, on cells only core decides (a padded marker, nan), so the caller reads text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthkit-engine-'))
    const schema = {
      columns: [
        { name: 'x', kind: 'numerical' as const, type: 'float' as const },
        { name: 'g', kind: 'categorical' as const },
      ],
      missingValues: ['', 'NA'],
    }
    for (const [k, cell] of [' NA ', 'nan', 'inf', 'twelve'].entries()) {
      const file = join(dir, `bad${k}.csv`)
      writeFileSync(file, `x,g\n1.5,a\n${cell},b\n2,NA\n`)
      const error = await fitCopulaSql(engine, duckDbFileRelation(file, { schema }), { schema }).catch((e: unknown) => e)
      expect(isTypedReadFailure(error), cell).toBe(true)
      // the text read decides: a padded marker is missing, the others are problems of the column
      const text = fitCopulaSql(engine, duckDbFileRelation(file), { schema })
      if (cell === ' NA ') expect((await text).statistics.marginal.columns[0]).toMatchObject({ missing: 1, min: 1.5, max: 2 })
      else await expect(text).rejects.toMatchObject({ code: 'DATA_INVALID' })
    }
    // markers read as missing in every column by the typed read, as by the text read
    const file = join(dir, 'good.csv')
    writeFileSync(file, 'x,g\n1.5,a\nNA,b\n2,NA\n')
    const fast = await fitCopulaSql(engine, duckDbFileRelation(file, { schema }), { schema })
    const text = await fitCopulaSql(engine, duckDbFileRelation(file), { schema })
    expect(fast.statistics.marginal).toEqual(text.statistics.marginal)
    expect(
      fast.statistics.marginal.columns.map((c) => (c.kind === 'numeric' ? c.missing : c.kind === 'category' ? c.counts : null)),
    ).toEqual([1, [1, 1, 1]])
    // a marker that reads as a number keeps the text read
    expect(duckDbFileRelation(file, { schema: { ...schema, missingValues: ['-999'] } })).toBe(duckDbFileRelation(file))
    rmSync(dir, { recursive: true, force: true })
  })
})
