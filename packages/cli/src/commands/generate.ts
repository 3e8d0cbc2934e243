import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, join } from 'node:path'
import { createRng, secureRng } from '@synthkit/core'
import { createValueGenerator, generateScenario, parseScenario, scenarioModelKeys, toJsonLines } from '@synthkit/rules'
import { writeTextAtomic } from '../io/atomic-write'
import { type TablesFormat, writeTables } from '../io/write-tables'
import { type Provenance, provenanceMetadata, writeSidecar } from '../governance/provenance'
import { scenarioProvenance } from '../governance/release-mark'
import { auditIfCatalog } from '../governance/governance-flags'
import { readModelFile } from '../synthesizers/model-file'
import { packageVersion } from '../versions'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { CliError } from '../terminal/cli-error'
import type { Io } from '../terminal/io'
import { tableRowsProgress } from '../terminal/row-progress'

export interface GenerateCommandOptions {
  readonly spec: string
  readonly out: string
  readonly seed?: number
  readonly format: string
  readonly scale?: number
  readonly chunkRows?: number
  /** No progress line and no summary (errors still go to stderr). */
  readonly quiet?: boolean
  /** The catalog whose audit log records this run. */
  readonly catalog?: string
}

/**
 * `synthkit generate SPEC --out DIR`: a declarative multi-table scenario (YAML or JSON) streamed to one file per
 * table, plus `injections.json`, the log of every edge case injected on purpose (which rows, which rule). Tables
 * drawn from fitted models name their model files in the spec (paths relative to the spec).
 */
export async function generateCommand(options: GenerateCommandOptions, io: Io, registry: SynthesizerRegistry): Promise<void> {
  const format: TablesFormat =
    options.format === 'csv' || options.format === 'parquet'
      ? options.format
      : options.format === 'jsonl'
        ? { jsonl: (rows) => toJsonLines(rows) }
        : (() => {
            throw new CliError(`--format: expected csv, parquet or jsonl, got "${options.format}"`)
          })()
  const text = await readFile(options.spec, 'utf8').catch((e: { code?: string }) => {
    throw new CliError(`${options.spec}: ${e.code === 'ENOENT' ? 'no such file' : `cannot read (${e.code ?? String(e)})`}`)
  })
  const spec = parseScenario(text)
  const models: Record<string, { synthesizer: import('@synthkit/core').Synthesizer; model: unknown }> = {}
  for (const key of scenarioModelKeys(spec)) {
    const path = isAbsolute(key) ? key : join(dirname(options.spec), key)
    const loaded = await readModelFile(path, registry)
    models[key] = { synthesizer: loaded.synthesizer, model: loaded.model }
  }
  const rng = options.seed !== undefined ? createRng(options.seed) : secureRng()
  const t0 = performance.now()
  const output = generateScenario(spec, { rng, scale: options.scale, chunkRows: options.chunkRows, models, values: createValueGenerator() })
  const injections: { table: string; rule: string; path: string; field: string; rows: number[] }[] = []
  const chunks = (function* () {
    for (const chunk of output.stream()) {
      // injection rows are numbered over the whole table
      for (const inj of chunk.injections)
        injections.push({ table: chunk.table, rule: inj.rule, path: inj.path, field: inj.field, rows: [...inj.rows] })
      yield chunk
    }
  })()
  const createdAt = io.now().toISOString()
  const mark = (table: string, rows: number) =>
    scenarioProvenance(options.spec, {
      table,
      rows,
      seed: options.seed ?? null,
      chunkRows: options.chunkRows ?? null,
      createdAt,
      packageVersion: packageVersion('@synthkit/rules') ?? '',
    })
  const marks = new Map<string, Provenance>()
  for (const table of Object.keys(output.schema.tables)) marks.set(table, await mark(table, 0))
  // rows per table and an ETA on stderr while writing, when it is a terminal
  const progress = tableRowsProgress({ expected: output.expectedRows, interactive: io.interactive, quiet: options.quiet })
  let written: Awaited<ReturnType<typeof writeTables>>
  try {
    written = await writeTables(
      options.out,
      format,
      (table) => output.schema.tables[table],
      chunks,
      progress.advance,
      (table) => provenanceMetadata(marks.get(table)!),
    )
  } finally {
    progress.stop()
  }
  // every table file carries its mark; the sidecar also records the rows written and the file's hash
  for (const w of written) await writeSidecar(w.path, { ...marks.get(w.table)!, rows: w.rows })
  await writeTextAtomic(join(options.out, 'injections.json'), `${JSON.stringify({ seed: options.seed ?? null, injections }, null, 2)}\n`)
  const seconds = (performance.now() - t0) / 1000
  if (options.quiet) return
  const total = written.reduce((s, w) => s + w.rows, 0)
  io.out(`generated ${total.toLocaleString('en-US')} rows in ${written.length} tables in ${seconds.toFixed(2)} s → ${options.out}/`)
  for (const w of written) io.out(`  ${w.table}: ${w.rows.toLocaleString('en-US')} rows → ${w.path}`)
  if (injections.length > 0)
    io.out(`  edge cases injected: ${injections.reduce((s, i) => s + i.rows.length, 0)} values (see injections.json)`)
  await auditIfCatalog(options.catalog, io, {
    action: 'generate',
    subject: options.out,
    details: {
      spec: { path: options.spec, sha256: marks.values().next().value?.model?.sha256 ?? null },
      seed: options.seed ?? null,
      files: written.map((w) => ({ path: w.path, rows: w.rows })),
    },
  })
}
