// discoverConstraints on every shared dataset and on a column-wise shuffle of each; prints seconds, rows/s and the
// top proposals. A 50k-row × 15-column table (adult) should take well under 0.5 s.
import os from 'node:os'
import { DATASETS, loadColumns } from '../../../testing/data'
import { type Table, createRng, createTable, discoverConstraints, fromColumns, inferSchema, shuffleInPlace, take } from '../src/index'

/** Best of `reps` runs: wall-clock seconds and CPU seconds (the CPU figure is steadier on a shared machine). */
function best<T>(f: () => T, reps = 3): [T, number, number] {
  let wall = Infinity
  let cpu = Infinity
  let out: T | undefined
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    out = f()
    const c = process.cpuUsage(c0)
    wall = Math.min(wall, (performance.now() - t0) / 1000)
    cpu = Math.min(cpu, (c.user + c.system) / 1e6)
  }
  return [out!, wall, cpu]
}

/** Every column permuted on its own (seeded), so any relation between columns is destroyed. */
function shuffled(table: Table, seed: number): Table {
  const rng = createRng(seed)
  const columns = Object.fromEntries(
    table.schema.columns.map((c) => [
      c.name,
      take(
        table,
        shuffleInPlace(
          rng,
          Int32Array.from({ length: table.nRows }, (_, i) => i),
        ),
      ).columns[c.name]!,
    ]),
  )
  return createTable(table.schema, columns)
}

const top = Number(process.env.TOP ?? 12)
console.log(`discoverConstraints, best of 3; ${process.version}, ${process.arch}`)
console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${os.cpus().length} cores`,
)
console.log(
  '| dataset | rows × cols | wall s | CPU s | rows/s (CPU) | candidates | proposals (multi / single) | shuffled: multi-column proposals |',
)
console.log('|---|---|---|---|---|---|---|---|')
const details: string[] = []
for (const name of DATASETS) {
  const raw = loadColumns(name)
  const table = fromColumns(raw, inferSchema(raw).schema)
  const [r, wall, cpu] = best(() => discoverConstraints(table))
  const sh = discoverConstraints(shuffled(table, 1))
  const multi = r.proposals.filter((p) => !p.singleColumn)
  console.log(
    [
      name,
      `${table.nRows.toLocaleString('en-US')} × ${table.schema.columns.length}`,
      wall.toFixed(3),
      cpu.toFixed(3),
      Math.round(table.nRows / cpu).toLocaleString('en-US'),
      r.candidatesTested,
      `${multi.length} / ${r.proposals.length - multi.length}`,
      sh.proposals.filter((p) => !p.singleColumn).length,
    ]
      .join(' | ')
      .replace(/^/, '| ') + ' |',
  )
  details.push(`\n${name}:`)
  for (const p of r.proposals.slice(0, top)) details.push(`  [${p.kind}, ${p.holds}, score ${p.score.toFixed(1)}] ${p.description}`)
  if (r.proposals.length > top) details.push(`  … ${r.proposals.length - top} more`)
}
console.log(details.join('\n'))
