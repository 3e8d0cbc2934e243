// Start-up cost of the built package: `node -e "import('@synthkit/core')"` (and the CJS require) against a bare
// `node -e 0`, each in a fresh process, interleaved so that load on the machine hits all three alike. Median of 10.
// The target (issue 13) is an import below 3× bare start-up. Wall-clock time swings with the load of a shared machine,
// so the CPU time the process used (user + system, read by the child as it finishes) is printed beside it.
// Prints, never asserts.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const cwd = fileURLToPath(new URL('..', import.meta.url)) // the package itself, so '@synthkit/core' resolves to dist
const commands = {
  bare: '0',
  esm: "import('@synthkit/core')",
  cjs: "require('@synthkit/core')",
} as const
// Each command runs, then prints the process's CPU time so far (ms) as it finishes.
const withCpu = (code: string) =>
  `Promise.resolve(${code}).then(() => { const u = process.cpuUsage(); console.log((u.user + u.system) / 1000) })`
const runs = Number(process.env.IMPORT_RUNS ?? 10)
const times: Record<keyof typeof commands, number[]> = { bare: [], esm: [], cjs: [] }
const cpu: Record<keyof typeof commands, number[]> = { bare: [], esm: [], cjs: [] }
for (let i = 0; i < runs; i++) {
  for (const key of Object.keys(commands) as (keyof typeof commands)[]) {
    const t0 = performance.now()
    const r = spawnSync(process.execPath, ['-e', withCpu(commands[key])], { cwd, encoding: 'utf8' })
    const ms = performance.now() - t0
    if (r.status !== 0) throw new Error(`${key}: ${r.stderr}`)
    times[key].push(ms)
    cpu[key].push(Number(r.stdout.trim()))
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const bare = median(times.bare)
const bareCpu = median(cpu.bare)
console.log(`start-up in a fresh Node ${process.version} process, median of ${runs} (built dist; target: import < 3× bare)`)
console.log('')
console.log('| command | wall ms | × bare | CPU ms | × bare (CPU) |')
console.log('|---|---|---|---|---|')
for (const key of Object.keys(commands) as (keyof typeof commands)[]) {
  const m = median(times[key])
  const c = median(cpu[key])
  console.log(
    `| \`node -e "${commands[key]}"\` | ${m.toFixed(0)} | ${(m / bare).toFixed(2)} | ${c.toFixed(0)} | ${(c / bareCpu).toFixed(2)} |`,
  )
}
