// Child of generate.bench.ts (run with --expose-gc): streams the three-table scenario through writeTables to Parquet
// in this process and samples the live heap after a full collection every 16 chunks. A flat series from the first
// sample to the last is what "constant memory" means; peak RSS alone mixes it with the collector's slack.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createValueGenerator, generateScenario, parseScenario } from '@synthkit/rules'
import { writeTables } from '../src/io/write-tables'

const [specText, scale] = [process.env.SPEC ?? '', Number(process.env.SCALE ?? 0.3)]
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const dir = mkdtempSync(join(tmpdir(), 'synthkit-heap-'))
const out = generateScenario(parseScenario(specText), { seed: 7, scale, values: createValueGenerator() })
const live: number[] = []
let chunks = 0
let rows = 0
await writeTables(
  dir,
  'parquet',
  (t) => out.schema.tables[t],
  out.stream(),
  (_, n) => {
    rows += n
    if (++chunks % 16 === 0) {
      gc()
      live.push(process.memoryUsage().heapUsed)
    }
  },
)
rmSync(dir, { recursive: true, force: true })
const f = (x: number) => `${(x / 1e6).toFixed(0)} MB`
console.log(
  `${rows} rows, live heap after GC in ${live.length} samples: first ${f(live[0] ?? 0)}, max ${f(Math.max(...live))}, last ${f(live.at(-1) ?? 0)}`,
)
