// Benchmark: what enforcing discovered constraints does to quality. For each shared dataset and sampler, through the
// built bin (`pnpm --filter @synthkit/cli build` first), as a user would: `constraints discover`, then `fit
// --no-discover` and a default `fit` (discovery on), `sample` (as many rows as the input, at most 50,000), and
// `evaluate --constraints` with the discovered rules. Prints the SDMetrics-exact quality score (@synthkit/metrics
// QualityReport) before → after, and how many of the rules every real row obeys the synthetic rows break.
// Prints figures only; never asserts.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DATASETS, dataPath } from '../../../testing/data'

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'synthkit-constraints-bench-'))
const methods = (process.env.METHODS ?? 'copula,bayesnet').split(',')
const only = process.env.DATASETS ? process.env.DATASETS.split(',') : [...DATASETS]

function run(args: string[]): { seconds: number; stdout: string; stderr: string } {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
  if (r.status !== 0) throw new Error(`synthkit ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  return { seconds: (performance.now() - t0) / 1000, stdout: r.stdout, stderr: r.stderr }
}

interface Evaluated {
  quality: { score: number }
  diagnostic: { constraints: { name: string; syntheticValidRate: number; realValidRate: number }[] }
}

console.log('dataset          method    rules  quality before → after   Δ        rules broken before → after  fit s before → after')
try {
  for (const name of only) {
    const data = dataPath(name as (typeof DATASETS)[number])
    const rules = join(dir, `${name}.constraints.json`)
    run(['constraints', 'discover', data, '--out', rules])
    const enforced = (JSON.parse(readFileSync(rules, 'utf8')) as { constraints: unknown[] }).constraints.length
    const rows = Number(/(\d[\d,]*) rows/.exec(run(['infer', '--data', data]).stdout)?.[1]?.replaceAll(',', '') ?? '0')
    const n = String(Math.min(rows, 50_000))
    for (const method of methods) {
      const side = (discover: boolean) => {
        const tag = `${name}.${method}.${discover ? 'on' : 'off'}`
        const model = join(dir, `${tag}.model.json`)
        const fit = run(['fit', '--data', data, '--method', method, '--out', model, '--seed', '1', ...(discover ? [] : ['--no-discover'])])
        const synthetic = join(dir, `${tag}.csv`)
        run(['sample', '--model', model, '--rows', n, '--out', synthetic, '--seed', '2'])
        const json = join(dir, `${tag}.eval.json`)
        run(['evaluate', '--real', data, '--synthetic', synthetic, '--constraints', rules, '--json', json])
        const e = JSON.parse(readFileSync(json, 'utf8')) as Evaluated
        return {
          quality: e.quality.score,
          broken: e.diagnostic.constraints.filter((c) => c.syntheticValidRate < 1).length,
          fit: fit.seconds,
        }
      }
      const before = side(false)
      const after = side(true)
      console.log(
        `${name.padEnd(16)} ${method.padEnd(9)} ${String(enforced).padStart(5)}  ${before.quality.toFixed(4)} → ${after.quality.toFixed(4)}` +
          `       ${(after.quality - before.quality >= 0 ? '+' : '') + (after.quality - before.quality).toFixed(4)}  ` +
          `${String(before.broken).padStart(8)} → ${after.broken}                  ${before.fit.toFixed(1)} → ${after.fit.toFixed(1)}`,
      )
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
