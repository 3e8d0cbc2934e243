import { buildCard } from '../card/card'
import { cardInference } from '../card/card-inference'
import { CliError } from '../terminal/cli-error'
import { readConstraintsFile } from '../constraints/constraints-file'
import { constraintSummaryLines } from '../constraints/fit-constraints'
import type { ModelFile } from '../synthesizers/model-file'
import { privacySpentLine } from '../synthesizers/privacy-budget'
import { type FitEngine, chooseEngine, fitWithDuckDb } from '../engine/fit-engine'
import { fitPostgresCommand } from '../engine/fit-postgres-command'
import { cardFile, writeCardFiles } from '../card/card-files'
import { checkWritable } from '../io/atomic-write'
import { readSchemaFile } from '../io/json-file'
import type { LoadOptions } from '../io/table-io'
import { inferenceProblemLines } from '../terminal/inference-report'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { type Fitted, fitToFile, readOptionsFile } from '../synthesizers/run'
import type { Io } from '../terminal/io'
import { synthkitVersions } from '../versions'
import { type GovernanceFlags, auditIfCatalog, governanceFromFlags } from '../governance/governance-flags'
import { fileSha256 } from '../io/table-io'

export interface FitCommandOptions {
  readonly data: string
  readonly schema?: string
  readonly method?: string
  readonly out: string
  readonly seed?: number
  readonly options?: string
  /** Synthesizer option flags by flag name (`{ degree: '2' }`). */
  readonly flags?: Readonly<Record<string, string>>
  readonly epsilon?: number
  readonly delta?: number
  readonly card?: string
  readonly purpose?: string
  readonly load?: LoadOptions
  readonly holdoutFraction?: number
  readonly holdoutOut?: string
  /** Governance fields of the card (`--card`). */
  readonly governanceFlags?: GovernanceFlags
  /** The catalog whose audit log records this fit. */
  readonly catalog?: string
  /** `--no-discover` sets false: no constraint discovery (declared constraints still hold). */
  readonly discover?: boolean
  /** `--constraints file.json`: constraints to enforce besides (and over) the discovered ones. */
  readonly constraints?: string
  /** Where the statistics are computed (default: see chooseEngine). */
  readonly engine?: FitEngine
  /** `--engine-memory`: DuckDB's memory_limit (default 256MB). */
  readonly engineMemory?: string
  /** `--engine postgres`: the server's table, and its connection URL (default: PGURL, DATABASE_URL). */
  readonly table?: string
  readonly url?: string
}

/** `synthkit fit`: reads the data, fits the chosen synthesizer and writes the model with its lineage. */
export async function fitCommand(options: FitCommandOptions, io: Io, registry: SynthesizerRegistry): Promise<Fitted | ModelFile> {
  const start = performance.now()
  if (options.card) await checkWritable(options.card)
  const governance = await governanceFromFlags(options.governanceFlags ?? {}, io.now().toISOString())
  const schema = options.schema ? await readSchemaFile(options.schema) : undefined
  const method = options.method ?? registry.defaultMethod
  const onPostgres = options.engine === 'postgres' || options.table !== undefined || options.url !== undefined
  if (options.engineMemory !== undefined && onPostgres)
    throw new CliError(
      "--engine-memory sets DuckDB's memory limit: it does not apply to --engine postgres (the server has its own settings)",
    )
  if (onPostgres) return fitPostgresCommand(options, method, schema, io, registry)
  const engine = await chooseEngine(options.engine, registry, { ...options, method })
  if (options.engineMemory !== undefined && engine !== 'duckdb')
    throw new CliError("--engine-memory sets DuckDB's memory limit: add --engine duckdb (this fit runs in memory)")
  if (engine === 'duckdb') {
    if (options.constraints !== undefined)
      throw new CliError('--engine duckdb does not take --constraints (constraints are enforced on the loaded table): use --engine memory')
    if (options.discover !== false)
      io.err('note: --engine duckdb fits without constraint discovery (it runs on the loaded table); --no-discover silences this')
    return fitWithDuckDb(
      {
        ...options,
        method,
        schema,
        schemaSource: `schema file ${options.schema}`,
        options: await readOptionsFile(options.options),
        memoryLimit: options.engineMemory,
      },
      io,
      registry,
    )
  }
  const constraints = await readConstraintsFile(options.constraints)
  const fitted = await fitToFile(
    {
      data: options.data,
      schema,
      schemaSource: options.schema ? `schema file ${options.schema}` : `stored in ${options.data}`,
      method: options.method ?? registry.defaultMethod,
      out: options.out,
      seed: options.seed,
      options: await readOptionsFile(options.options),
      flags: options.flags,
      epsilon: options.epsilon,
      delta: options.delta,
      load: options.load,
      holdoutFraction: options.holdoutFraction,
      holdoutOut: options.holdoutOut,
      discover: options.discover,
      constraints,
    },
    io,
    registry,
  )
  const { file, loaded, synthesizer, description } = fitted
  const l = file.lineage
  io.out(
    `fitted ${synthesizer.method} (${description.title}) on ${options.data} (${l.rows.toLocaleString('en-US')} rows × ${l.columns} columns): ` +
      `read ${l.readSeconds.toFixed(2)} s, fit ${l.fitSeconds.toFixed(2)} s, total ${((performance.now() - start) / 1000).toFixed(2)} s → ${options.out}`,
  )
  if (l.holdout)
    io.out(
      `held out ${l.holdout.rows.toLocaleString('en-US')} rows (not seen by the fit) → ${l.holdout.path}; pass it to evaluate/attack/gate --holdout`,
    )
  // What inference changed or could not read is said where the user looks, before the numbers.
  for (const line of loaded.inferred ? inferenceProblemLines(loaded.inferred, loaded.cellProblemCount, { info: false }) : []) io.err(line)
  for (const line of constraintSummaryLines(fitted.constraints.section, fitted.constraints.discoverySeconds)) io.err(line)
  const spent = privacySpentLine(description.privacy)
  if (spent) io.out(spent)
  if (options.card) {
    const card = buildCard({
      purpose: options.purpose,
      createdAt: io.now().toISOString(),
      schema: loaded.schema,
      schemaSource: l.schemaSource,
      realTable: loaded.table,
      real: await cardFile(options.data, l.rows, l.columns),
      lineage: l,
      governance,
      generator: { method: synthesizer.method, package: synthesizer.packageName, version: synthesizer.version, description },
      versions: synthkitVersions(registry),
      constraints: fitted.constraints.section,
      inference: cardInference({
        schema: loaded.schema,
        schemaSource: l.schemaSource,
        inferred: loaded.inferred,
        cellProblemCount: loaded.cellProblemCount,
      }),
    })
    const paths = await writeCardFiles(options.card, card)
    io.out(`dataset card written: ${paths.markdown}, ${paths.json}`)
  }
  await auditIfCatalog(options.catalog, io, {
    action: 'fit',
    subject: options.out,
    details: {
      method: synthesizer.method,
      model: { path: options.out, sha256: await fileSha256(options.out) },
      input: { path: l.input, sha256: l.sha256, rows: l.rows },
      seed: l.seed,
      privacy: l.privacy,
    },
  })
  return fitted
}
