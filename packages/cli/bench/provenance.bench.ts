// Benchmark: what the provenance mark costs `synthkit sample`. Samples 1,000,000 diamonds rows to CSV and to Parquet
// through the built bin (`pnpm --filter @synthkit/cli build` first), then times `synthkit verify` on each output,
// which does what the mark adds to a sample run (hash the file once, read/write the sidecar) plus start-up.
// Prints figures only; never asserts.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { dataPath } from '../../../testing/data'

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'synthkit-bench-gov-'))

function seconds(args: string[]): number {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`synthkit ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  return (performance.now() - t0) / 1000
}

try {
  const model = join(dir, 'm.json')
  seconds(['fit', '--data', dataPath('diamonds'), '--out', model, '--seed', '1'])
  const startup = seconds(['--version'])
  console.log(`CLI start-up: ${startup.toFixed(2)} s`)
  for (const ext of ['csv', 'parquet']) {
    const out = join(dir, `s.${ext}`)
    const sample = seconds(['sample', '--model', model, '--rows', '1000000', '--seed', '2', '--out', out])
    const verify = seconds(['verify', out])
    const mb = statSync(out).size / 2 ** 20
    // the mark's own cost in a sample run: one SHA-256 pass over the output (the sidecar write is a few hundred bytes)
    const t0 = performance.now()
    createHash('sha256').update(readFileSync(out)).digest('hex')
    const hash = (performance.now() - t0) / 1000
    console.log(
      `${ext}: sample 1M rows ${sample.toFixed(2)} s (${mb.toFixed(0)} MB), of which the mark's hash ≈ ${hash.toFixed(3)} s ` +
        `(${((100 * hash) / sample).toFixed(1)} %); verify ${verify.toFixed(2)} s including start-up`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
