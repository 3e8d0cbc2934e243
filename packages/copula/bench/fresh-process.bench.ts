// Fit + sample of the built copula in a fresh Node process per dataset (cold JIT, as a user's script or CI job runs
// it), beside SDV 1.12's GaussianCopula fit + sample (PEERS.md). Median of 5 processes. Prints, never asserts.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DATASETS, dataPath } from '../../../testing/data'
import { sdvFigures } from '../test/helpers'

const child = fileURLToPath(new URL('./fresh-process-child.mjs', import.meta.url))
const sdv = sdvFigures()
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
console.log('fresh process per run (built dist), median of 5; fit + sample = the copula calls, import = loading core + copula')
console.log('')
console.log(
  'CPU ms = process CPU time of fit + sample (all threads, V8 compiler threads included); main ms = the main thread alone (Linux)',
)
console.log('')
console.log(
  '| dataset | import ms | fit ms | sample ms | fit + sample s | CPU ms | main ms | SDV fit + sample s | speed-up (fit + sample) |',
)
console.log('|---|---|---|---|---|---|---|---|---|')
for (const name of DATASETS) {
  const runs = Array.from({ length: 5 }, () => {
    const r = spawnSync(process.execPath, [child, dataPath(name)], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) })
    if (r.status !== 0) throw new Error(r.stderr)
    return JSON.parse(r.stdout) as {
      importMs: number
      fitMs: number
      sampleMs: number
      totalCpuMs: number
      fitMainMs: number
      sampleMainMs: number
    }
  })
  const fit = median(runs.map((r) => r.fitMs))
  const sample = median(runs.map((r) => r.sampleMs))
  const imp = median(runs.map((r) => r.importMs))
  const cpu = median(runs.map((r) => r.totalCpuMs))
  const main = median(runs.map((r) => r.fitMainMs + r.sampleMainMs))
  const total = (fit + sample) / 1000
  const peer = sdv.get(name)
  const peerTotal = peer ? peer.fitSeconds + peer.sampleSeconds : Number.NaN
  console.log(
    `| ${name} | ${imp.toFixed(0)} | ${fit.toFixed(0)} | ${sample.toFixed(0)} | ${total.toFixed(3)} | ${cpu.toFixed(0)} | ${Number.isNaN(main) ? '—' : main.toFixed(0)} | ${peer ? peerTotal.toFixed(2) : '—'} | ${peer ? `${(peerTotal / total).toFixed(0)}×` : '—'} |`,
  )
}
