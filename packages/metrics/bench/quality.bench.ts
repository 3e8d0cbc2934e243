// qualityReport on every shared dataset: real vs a synthetic table of the same size (SDV's output where the
// reference has one, else a seeded column-wise shuffle of the real table), beside SDMetrics 0.14's QualityReport time.
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { type Table, type TableSchema, createRng, fromColumns, inferSchema } from '@synthkit/core'
import { DATASETS, loadColumns, referencePath } from '../../../testing/data'
import { diagnosticReport, qualityReport, shuffleColumns } from '../src/index'
import { REFERENCE_DATASETS, type ReferenceDataset, schemaFromMetadata, loadReference } from '../test/sdmetrics-reference'

/** SDMetrics QualityReport seconds from PEERS.md (column "SDMetrics QualityReport s"). */
function peerSeconds(): Record<string, number | null> {
  const text = readFileSync(referencePath('PEERS.md'), 'utf8')
  const lines = text.split('\n').filter((l) => l.startsWith('|'))
  const header = lines[0].split('|').map((s) => s.trim())
  const col = header.indexOf('SDMetrics QualityReport s')
  const out: Record<string, number | null> = {}
  for (const l of lines.slice(2)) {
    const cells = l.split('|').map((s) => s.trim())
    const v = Number(cells[col])
    out[cells[1]] = Number.isFinite(v) ? v : null
  }
  return out
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const out = f()
  return [out, (performance.now() - t0) / 1000]
}

const peers = peerSeconds()
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`)
console.log(
  '| dataset | rows × cols | pairs | synthetic | decode s | qualityReport s (best of 5) | rows/s | prepare / shapes / pairs s | diagnosticReport s | SDMetrics s | speed-up | quality |',
)
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|')
for (const name of DATASETS) {
  const isRef = (REFERENCE_DATASETS as readonly string[]).includes(name)
  const [{ real, synthetic, schema, kind }, tDecode] = time(() => {
    const raw = loadColumns(name)
    let schema: TableSchema
    if (isRef) schema = schemaFromMetadata(loadReference(name as ReferenceDataset).metadata)
    else schema = inferSchema(raw).schema
    const real = fromColumns(raw, schema)
    const synthetic: Table = isRef
      ? fromColumns(loadColumns(referencePath(`sdmetrics/${name}.sdv-synthetic.csv`)), schema)
      : shuffleColumns(real, createRng(2024))
    return { real, synthetic, schema, kind: isRef ? 'SDV output' : 'column shuffle' }
  })
  let best = Infinity
  // The library reads no clock: the bench injects one to get the per-phase timings.
  const clock = () => performance.now()
  let report = qualityReport(real, synthetic, { schema, clock })
  for (let rep = 0; rep < 5; rep++) {
    const [r, t] = time(() => qualityReport(real, synthetic, { schema, clock }))
    if (t < best) {
      best = t
      report = r
    }
  }
  let bestDiag = Infinity
  for (let rep = 0; rep < 3; rep++) bestDiag = Math.min(bestDiag, time(() => diagnosticReport(real, synthetic, { schema }))[1])
  const peer = peers[name] ?? null
  const p = report.phaseMs!
  const q = report.properties.map((x) => x.score?.toFixed(4)).join(' / ')
  console.log(
    `| ${name} | ${real.nRows.toLocaleString('en-US')} × ${schema.columns.length} | ${report.columnPairTrends.length} | ${kind} | ${tDecode.toFixed(2)} | ${best.toFixed(4)} | ${Math.round(real.nRows / best).toLocaleString('en-US')} | ${(p.prepare / 1000).toFixed(4)} / ${(p.columnShapes / 1000).toFixed(4)} / ${(p.columnPairTrends / 1000).toFixed(4)} | ${bestDiag.toFixed(4)} | ${peer ?? '—'} | ${peer ? `${Math.round(peer / best)}×` : '—'} | ${report.score?.toFixed(4)} (${q}) |`,
  )
}
