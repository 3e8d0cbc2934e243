// Fit and sample seconds of the Gaussian copula on every shared dataset, beside SDV 1.12's GaussianCopula
// (PEERS.md), and a 1M-row streamed sample of the diamonds model with its memory. Prints, never asserts.
import { cpus, totalmem } from 'node:os'
import { createRng, fromColumns, inferSchema } from '@synthkit/core'
import { qualityReport } from '@synthkit/metrics'
import { DATASETS, loadColumns } from '../../../testing/data'
import { sdvFigures } from '../test/helpers'
import { fitCopula, sampleCopula, sampleCopulaStream } from '@synthkit/copula'

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const out = f()
  return [out, (performance.now() - t0) / 1000]
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const s = (x: number) => x.toFixed(3)
const sdv = sdvFigures()

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`)
console.log(
  'fit/sample: first (cold) run, then the median of 3 warm runs; sample n = rows of the input; quality = @synthkit/metrics QualityReport (overall (Column Shapes / Column Pair Trends))',
)
console.log('')
console.log(
  '| dataset | rows×cols | fit s cold / warm | sample s cold / warm | rows/s sampled | quality | SDV fit s | SDV sample s | SDV quality | speed-up vs SDV fit+sample, cold / warm |',
)
console.log('|---|---|---|---|---|---|---|---|---|---|')
for (const name of DATASETS) {
  const cols = loadColumns(name)
  const table = fromColumns(cols, inferSchema(cols).schema)
  const [model, fitCold] = time(() => fitCopula(table))
  const [synthetic, sampleCold] = time(() => sampleCopula(model, table.nRows, createRng(1)))
  const fits: number[] = []
  const samples: number[] = []
  for (let r = 0; r < 3; r++) {
    fits.push(time(() => fitCopula(table))[1])
    samples.push(time(() => sampleCopula(model, table.nRows, createRng(r + 2)))[1])
  }
  const q = qualityReport(table, synthetic)
  const peer = sdv.get(name)
  const quality = `${(q.score ?? NaN).toFixed(4)} (${q.properties.map((p) => (p.score ?? NaN).toFixed(4)).join(' / ')})`
  const peerQuality = peer ? `${peer.quality.toFixed(4)} (${peer.columnShapes.toFixed(4)} / ${peer.pairTrends.toFixed(4)})` : '—'
  const sdvTotal = peer ? peer.fitSeconds + peer.sampleSeconds : Number.NaN
  const speedup = peer
    ? `${(sdvTotal / (fitCold + sampleCold)).toFixed(0)}× / ${(sdvTotal / (median(fits) + median(samples))).toFixed(0)}×`
    : '—'
  console.log(
    `| ${name} | ${table.nRows.toLocaleString('en-US')}×${table.schema.columns.length} | ${s(fitCold)} / ${s(median(fits))} | ${s(sampleCold)} / ${s(median(samples))} | ${Math.round(table.nRows / median(samples)).toLocaleString('en-US')} | ${quality} | ${peer?.fitSeconds ?? '—'} | ${peer?.sampleSeconds ?? '—'} | ${peerQuality} | ${speedup} |`,
  )
}

// 1M rows of the diamonds model, streamed in 65,536-row chunks; memory sampled after every chunk.
const diamonds = (() => {
  const cols = loadColumns('diamonds')
  return fromColumns(cols, inferSchema(cols).schema)
})()
const model = fitCopula(diamonds)
const gc = (globalThis as { gc?: () => void }).gc
for (const rows of [250_000, 1_000_000]) {
  gc?.()
  const base = process.memoryUsage()
  let peakRss = base.rss
  let peakHeap = base.heapUsed
  let seen = 0
  const [, seconds] = time(() => {
    for (const chunk of sampleCopulaStream(model, rows, createRng(7))) {
      seen += chunk.nRows
      const m = process.memoryUsage()
      peakRss = Math.max(peakRss, m.rss)
      peakHeap = Math.max(peakHeap, m.heapUsed)
    }
  })
  const mb = (b: number) => (b / 2 ** 20).toFixed(0)
  console.log('')
  console.log(
    `diamonds stream: ${seen.toLocaleString('en-US')} rows in ${s(seconds)} s (${Math.round(seen / seconds).toLocaleString('en-US')} rows/s); ` +
      `heap ${mb(base.heapUsed)} → peak ${mb(peakHeap)} MiB, rss ${mb(base.rss)} → peak ${mb(peakRss)} MiB`,
  )
}
