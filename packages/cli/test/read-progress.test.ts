import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReadProgressEvent } from '../src/io/read-progress'
import { loadTable, main, readCsvColumns, readParquetColumns, writeParquetChunks } from '../src/index'
import { dataPath } from '../../../testing/data'
import { runCli, tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)

// flights_200k is 4 MB of CSV: 60+ chunks of 64 KiB, several hundred ms to read, so progress has many steps
const csv = join(tmp.dir, 'flights.csv')
const gz = join(tmp.dir, 'flights.csv.gz')
const synthetic = join(tmp.dir, 'synthetic.csv')
const parquet = join(tmp.dir, 'flights.parquet')
const small = join(tmp.dir, 'small.csv')
const smallSynthetic = join(tmp.dir, 'small-synthetic.csv')
beforeAll(async () => {
  const text = readFileSync(dataPath('flights_200k'), 'utf8')
  writeFileSync(csv, text)
  writeFileSync(gz, gzipSync(Buffer.from(text)))
  // the first 50,000 rows as the "synthetic" table of evaluate
  const lines = text.split('\n')
  writeFileSync(synthetic, `${lines.slice(0, 50_001).join('\n')}\n`)
  // a small pair for the privacy attacks (their nearest-neighbour search is quadratic)
  writeFileSync(small, `${lines.slice(0, 3_001).join('\n')}\n`)
  writeFileSync(smallSynthetic, `${[lines[0], ...lines.slice(3_001, 4_001)].join('\n')}\n`)
  const loaded = await loadTable(csv)
  await writePar(loaded)
}, 60_000)

async function writePar(loaded: Awaited<ReturnType<typeof loadTable>>): Promise<void> {
  await writeParquetChunks(parquet, loaded.schema, [loaded.table], undefined, { rowGroupRows: 30_000 })
}

function expectMonotoneToTotal(events: readonly ReadProgressEvent[], unit: ReadProgressEvent['unit'], total: number, least: number) {
  expect(events.length).toBeGreaterThanOrEqual(least)
  for (const e of events) {
    expect(e.unit).toBe(unit)
    expect(e.total).toBe(total)
    expect(e.done).toBeLessThanOrEqual(total)
  }
  for (let i = 1; i < events.length; i++) expect(events[i].done).toBeGreaterThanOrEqual(events[i - 1].done)
  expect(events[events.length - 1].done).toBe(total)
}

describe('readers report how far the read is', () => {
  it('CSV: bytes of the file, monotone, ending at its size', async () => {
    const events: ReadProgressEvent[] = []
    const read = await readCsvColumns(csv, { onProgress: (e) => events.push(e) })
    expect(read.nRows).toBe(200_000)
    expectMonotoneToTotal(events, 'bytes', statSync(csv).size, 20)
  })

  it('.csv.gz: compressed bytes consumed, ending at the size on disk (not the text size)', async () => {
    const events: ReadProgressEvent[] = []
    await readCsvColumns(gz, { onProgress: (e) => events.push(e) })
    const size = statSync(gz).size
    expect(size).toBeLessThan(statSync(csv).size / 2)
    expectMonotoneToTotal(events, 'bytes', size, 2)
  })

  it('Parquet: row groups decoded, one event per group, and the values are the same as one read of the file', async () => {
    const events: ReadProgressEvent[] = []
    const read = await readParquetColumns(parquet, { onProgress: (e) => events.push(e) })
    // 200,000 rows in groups of 30,000: 7 groups
    expect(events.map((e) => e.done)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expectMonotoneToTotal(events, 'row groups', 7, 7)
    const fromCsv = await loadTable(csv)
    const delay = fromCsv.table.columns.delay
    expect(read.nRows).toBe(200_000)
    expect(delay.type).toBe('numeric')
    if (delay.type === 'numeric') expect(Float64Array.from(read.columns[0] as number[])).toEqual(delay.values)
  })
})

/** A stand-in terminal: what cli-progress draws on it is kept as text. */
function fakeTerminal(): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  Object.assign(stream, { isTTY: true, columns: 160 })
  return { stream, text: () => chunks.join('') }
}

/** Runs the CLI in-process as on a terminal; returns the exit code and what was drawn. */
async function onTerminal(args: readonly string[]): Promise<{ code: number; drawn: string; stderr: string }> {
  const terminal = fakeTerminal()
  const err: string[] = []
  const code = await main(['node', 'synthkit', ...args], {
    out: () => {},
    err: (l) => err.push(l),
    interactive: true,
    progressStream: terminal.stream,
    now: () => new Date('2026-01-01T00:00:00Z'),
  })
  return { code, drawn: terminal.text(), stderr: err.join('\n') }
}

/** The percentages the bar of `file` showed, in order, and its last `done/total`. */
function barOf(drawn: string, file: string, unit: string): { percents: number[]; last?: [number, number] } {
  const re = new RegExp(`reading ${file.replace(/\./g, '\\.')}: ${unit} \\[[^\\]]*\\] (\\d+)% \\| ([\\d.]+)/([\\d.]+) \\| `, 'g')
  const hits = [...drawn.matchAll(re)]
  const last = hits.at(-1)
  return { percents: hits.map((m) => Number(m[1])), last: last ? [Number(last[2]), Number(last[3])] : undefined }
}

function expectBarTo100(bar: ReturnType<typeof barOf>) {
  expect(bar.percents.length).toBeGreaterThanOrEqual(2)
  for (let i = 1; i < bar.percents.length; i++) expect(bar.percents[i]).toBeGreaterThanOrEqual(bar.percents[i - 1])
  expect(bar.percents.at(-1)).toBe(100)
  expect(bar.last?.[0]).toBe(bar.last?.[1])
}

describe('read progress on a terminal', () => {
  it('infer draws a bar in MiB of the file with an ETA, monotone to 100 %', async () => {
    const r = await onTerminal(['infer', '--data', csv])
    expect(r.code).toBe(0)
    const bar = barOf(r.drawn, 'flights.csv', 'MiB')
    expectBarTo100(bar)
    // 4.1 MiB in all, shown in tenths
    expect(bar.last?.[1]).toBeCloseTo(statSync(csv).size / 2 ** 20, 1)
    expect(r.drawn).toMatch(/ left/)
  }, 60_000)

  it('infer on .csv.gz counts compressed MiB; on Parquet, row groups', async () => {
    const z = await onTerminal(['infer', '--data', gz])
    expectBarTo100(barOf(z.drawn, 'flights.csv.gz', 'MiB'))
    expect(barOf(z.drawn, 'flights.csv.gz', 'MiB').last?.[1]).toBeCloseTo(statSync(gz).size / 2 ** 20, 1)
    const p = await onTerminal(['infer', '--data', parquet])
    const bar = barOf(p.drawn, 'flights.parquet', 'row groups')
    expectBarTo100(bar)
    expect(bar.last).toEqual([7, 7])
  }, 60_000)

  it('evaluate shows the read of the real and the synthetic file; fit and attack the read before their work', async () => {
    const e = await onTerminal(['evaluate', '--real', csv, '--synthetic', synthetic])
    expect(e.code).toBe(0)
    expectBarTo100(barOf(e.drawn, 'flights.csv', 'MiB'))
    expect(barOf(e.drawn, 'synthetic.csv', 'MiB').percents.at(-1)).toBe(100)
    const model = join(tmp.dir, 'model.json')
    const f = await onTerminal(['fit', '--data', csv, '--method', 'copula', '--seed', '1', '--no-discover', '--out', model])
    expect(f.code).toBe(0)
    expectBarTo100(barOf(f.drawn, 'flights.csv', 'MiB'))
    // the read comes before the fit's own phases
    expect(f.drawn.indexOf('reading flights.csv')).toBeLessThan(f.drawn.indexOf('fitting copula'))
    const a = await onTerminal(['attack', '--train', small, '--synthetic', smallSynthetic, '--attacks', '50', '--seed', '1'])
    expect(a.code).toBe(0)
    expectBarTo100(barOf(a.drawn, 'small.csv', 'MiB'))
    expectBarTo100(barOf(a.drawn, 'small-synthetic.csv', 'MiB'))
  }, 120_000)

  it('--quiet draws nothing, on a terminal too', async () => {
    const r = await onTerminal(['--quiet', 'infer', '--data', csv])
    expect(r.code).toBe(0)
    expect(r.drawn).toBe('')
  }, 60_000)
})

describe('read progress off a terminal', () => {
  it('the bin writes no progress text when stderr is not a terminal (stderr stays empty)', () => {
    const r = runCli(['infer', '--data', csv])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/200000 rows × 3 columns/)
    expect(r.stderr).toBe('')
  })
})
