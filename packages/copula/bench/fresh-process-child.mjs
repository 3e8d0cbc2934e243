// One dataset in a fresh Node process (the built dist, as a user's script runs it): import, fit, sample times.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'

// CPU time of the main thread alone (Linux: /proc schedstat, ns): what fit + sample cost the caller's thread, steady
// when the machine is shared (wall time then includes waiting for a core; process CPU includes V8's compiler threads).
const mainThreadNs = () => {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0])
  } catch {
    return Number.NaN
  }
}

const t0 = performance.now()
const core = await import('@synthkit/core')
const copula = await import('@synthkit/copula')
const t1 = performance.now()
const records = parse(readFileSync(process.argv[2], 'utf8'))
const header = records[0]
const columns = Object.fromEntries(header.map((h, j) => [h, records.slice(1).map((r) => r[j])]))
const table = core.fromColumns(columns, core.inferSchema(columns).schema)
const t2 = performance.now()
const c2 = process.cpuUsage()
const m2 = mainThreadNs()
const model = copula.fitCopula(table)
const t3 = performance.now()
const c3 = process.cpuUsage(c2)
const m3 = mainThreadNs()
const synthetic = copula.sampleCopula(model, table.nRows, core.createRng(1))
const t4 = performance.now()
const c4 = process.cpuUsage(c2)
const m4 = mainThreadNs()
process.stdout.write(
  JSON.stringify({
    importMs: t1 - t0,
    loadMs: t2 - t1,
    fitMs: t3 - t2,
    sampleMs: t4 - t3,
    rows: synthetic.nRows,
    fitCpuMs: (c3.user + c3.system) / 1000,
    totalCpuMs: (c4.user + c4.system) / 1000,
    fitMainMs: (m3 - m2) / 1e6,
    sampleMainMs: (m4 - m3) / 1e6,
  }),
)
