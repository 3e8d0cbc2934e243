import { type DiscoverOptions, checkConstraints, discoverConstraints, learnConstraints } from '@synthkit/core'
import { CONSTRAINTS_FILE_FORMAT, readConstraintsFile } from '../constraints/constraints-file'
import { notEnforcedReason } from '../constraints/fit-constraints'
import { checkWritable, writeTextAtomic } from '../io/atomic-write'
import { readSchemaFile } from '../io/json-file'
import { type LoadOptions, loadTable } from '../io/table-io'
import { CliError } from '../terminal/cli-error'
import { EXIT } from '../terminal/exit-codes'
import type { Io } from '../terminal/io'

export interface ConstraintsDiscoverOptions {
  readonly data: string
  readonly schema?: string
  /** Write the JSON here instead of standard output. */
  readonly out?: string
  readonly load?: LoadOptions
  /** Discovery options (minSupport, maxViolationRate, minScore, …; see @synthkit/core's DiscoverOptions). */
  readonly discover?: DiscoverOptions
}

/** What `synthkit constraints discover` writes: `constraints` is what a default fit would enforce. */
export interface ConstraintsDiscovery {
  readonly format: typeof CONSTRAINTS_FILE_FORMAT
  readonly version: 1
  readonly input: string
  readonly rows: number
  readonly candidatesTested: number
  /** The constraints `synthkit fit` enforces by default: pass this file to fit/evaluate/check with --constraints. */
  readonly constraints: readonly unknown[]
  /** Every proposal with its evidence; `rows` are data-row numbers counted from 1 (the header is not a row). */
  readonly proposals: readonly {
    readonly kind: string
    readonly description: string
    readonly constraint: unknown
    readonly holds: 'all' | 'almost'
    readonly support: number
    readonly violations: number
    readonly violatingRows: readonly number[]
    readonly score: number
    readonly enforcedByDefault: boolean
    readonly reason: string | null
  }[]
}

async function load(data: string, schemaPath: string | undefined, options: LoadOptions | undefined) {
  const schema = schemaPath ? await readSchemaFile(schemaPath) : undefined
  return loadTable(data, { ...options, schema, schemaLabel: schemaPath ? `the schema ${schemaPath}` : undefined })
}

/**
 * `synthkit constraints discover FILE`: the rules the rows obey, as JSON (standard output or `--out`), with a
 * one-line summary per rule on stderr. Exit 0.
 */
export async function constraintsDiscoverCommand(options: ConstraintsDiscoverOptions, io: Io): Promise<ConstraintsDiscovery> {
  if (options.out) await checkWritable(options.out)
  const { table } = await load(options.data, options.schema, options.load)
  const t0 = performance.now()
  const result = discoverConstraints(table, options.discover)
  const seconds = (performance.now() - t0) / 1000
  const proposals = result.proposals.map((p) => {
    const reason = notEnforcedReason(p)
    return {
      kind: p.kind,
      description: p.description,
      constraint: p.constraint,
      holds: p.holds,
      support: p.support,
      violations: p.violations,
      violatingRows: p.violatingRows.map((r) => r + 1),
      score: Number.isFinite(p.score) ? p.score : Number.MAX_VALUE,
      enforcedByDefault: reason === null,
      reason,
    }
  })
  const out: ConstraintsDiscovery = {
    format: CONSTRAINTS_FILE_FORMAT,
    version: 1,
    input: options.data,
    rows: table.nRows,
    candidatesTested: result.candidatesTested,
    constraints: proposals.filter((p) => p.enforcedByDefault).map((p) => p.constraint),
    proposals,
  }
  const json = `${JSON.stringify(out, null, 2)}\n`
  if (options.out) await writeTextAtomic(options.out, json)
  else io.out(json.trimEnd())
  io.err(
    `${options.data}: ${proposals.length} rules in ${seconds.toFixed(2)} s (${result.candidatesTested} multi-column candidates tested); ` +
      `${out.constraints.length} would be enforced by synthkit fit`,
  )
  for (const p of proposals)
    io.err(
      `  ${p.enforcedByDefault ? 'enforce' : p.holds === 'almost' ? 'almost ' : 'report '}  ${p.description}` +
        `${p.violatingRows.length > 0 ? ` [violating rows ${p.violatingRows.join(', ')}${p.violations > p.violatingRows.length ? ', …' : ''}]` : ''}`,
    )
  if (options.out) io.err(`written: ${options.out}`)
  return out
}

export interface ConstraintsCheckOptions {
  readonly data: string
  readonly constraints: string
  readonly schema?: string
  readonly out?: string
  readonly load?: LoadOptions
  /** Failing rows listed per constraint (default 20). */
  readonly maxRows?: number
}

/** What `synthkit constraints check` writes. */
export interface ConstraintsCheckResult {
  readonly input: string
  readonly rows: number
  readonly valid: boolean
  /** Share of rows that satisfy every constraint. */
  readonly validRate: number
  readonly constraints: readonly {
    readonly index: number
    readonly name: string
    readonly type: string
    readonly validRate: number
    readonly failingCount: number
    /** The first failing rows, as data-row numbers counted from 1 (the header is not a row). */
    readonly failingRows: readonly number[]
  }[]
}

/**
 * `synthkit constraints check FILE --constraints C.json`: checks every constraint on every row and prints the JSON
 * report (standard output or `--out`). Exit 1 when a row violates a constraint (naming the constraints and rows on
 * stderr), 0 when all hold, 2 for bad input.
 */
export async function constraintsCheckCommand(options: ConstraintsCheckOptions, io: Io): Promise<ConstraintsCheckResult> {
  if (options.out) await checkWritable(options.out)
  const constraints = (await readConstraintsFile(options.constraints))!
  const { table } = await load(options.data, options.schema, options.load)
  // Fixed combinations and functional dependencies listed without their values are learned from this file.
  const report = checkConstraints(table, learnConstraints(table, constraints))
  const maxRows = options.maxRows ?? 20
  const result: ConstraintsCheckResult = {
    input: options.data,
    rows: table.nRows,
    valid: report.allValid,
    validRate: report.validRate,
    constraints: report.constraints.map((c) => ({
      index: c.index,
      name: c.name,
      type: c.kind,
      validRate: c.validRate,
      failingCount: c.failingCount,
      failingRows: Array.from(c.failingRows.subarray(0, maxRows), (r) => r + 1),
    })),
  }
  const json = `${JSON.stringify(result, null, 2)}\n`
  if (options.out) await writeTextAtomic(options.out, json)
  else io.out(json.trimEnd())
  const broken = result.constraints.filter((c) => c.failingCount > 0)
  if (broken.length > 0) {
    const lines = broken.map(
      (c) =>
        `constraint ${c.index} ${c.name}: ${c.failingCount} of ${table.nRows} rows violate it (rows ${c.failingRows.join(', ')}${c.failingCount > c.failingRows.length ? ', …' : ''})`,
    )
    for (const line of lines) io.err(line)
    throw new CliError(`${options.data}: ${broken.length} of ${result.constraints.length} constraints violated`, EXIT.gateFailed)
  }
  io.err(`${options.data}: all ${result.constraints.length} constraints hold on ${table.nRows} rows`)
  return result
}
