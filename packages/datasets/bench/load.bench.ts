// Load times of every embedded dataset: base64 → gzip bytes, gunzip (fflate), CSV → columns, decode into a Table.
// Prints, never asserts. Best of three runs (the machine is shared).
import { DATASET_NAMES, datasetBytes, datasetColumns, datasetGzip, getDataset, loadDataset } from '../src/index'

const best = (f: () => unknown) => {
  let t = Number.POSITIVE_INFINITY
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now()
    f()
    t = Math.min(t, performance.now() - t0)
  }
  return t
}
console.log('dataset          gzip KB   base64 ms  gunzip ms  columns ms  table ms')
for (const name of DATASET_NAMES) {
  const d = getDataset(name)
  const row = [best(() => datasetGzip(d)), best(() => datasetBytes(d)), best(() => datasetColumns(d)), best(() => loadDataset(d))]
  console.log(
    `${name.padEnd(16)} ${(datasetGzip(d).length / 1024).toFixed(0).padStart(7)} ${row.map((t) => t.toFixed(1).padStart(10)).join(' ')}`,
  )
}
console.log('(gunzip includes base64; columns include both; table includes all. No peer ships these datasets embedded.)')
