import { type ColumnMetrics, columnMetrics } from '@synthkit/metrics'
import { optionalSchema } from '../evaluation/load-pair'
import { schemaChanges } from '../governance/schema-diff'
import { writeTextAtomic } from '../io/atomic-write'
import { loadTable } from '../io/table-io'
import { CliError } from '../terminal/cli-error'
import { EXIT } from '../terminal/exit-codes'
import type { Io } from '../terminal/io'
import { textTable } from '../terminal/text-table'

export interface DriftCommandOptions {
  readonly from: string
  readonly to: string
  readonly schema?: string
  /** Largest allowed drift of a column (1 − similarity), 0..1. Default 0.1. */
  readonly maxDrift?: number
  /** Write the per-column drift as JSON to this file. */
  readonly json?: string
}

/** How far one column moved between two versions of the real data. */
export interface ColumnDrift {
  readonly column: string
  /** KSComplement (numerical, datetime) or TVComplement (categorical, boolean), as SDMetrics computes them. */
  readonly metric: 'KSComplement' | 'TVComplement'
  readonly similarity: number | null
  /** 1 − similarity: 0 = same distribution, 1 = disjoint. */
  readonly drift: number | null
  /** 1 − MissingValueSimilarity: how much the share of missing values moved. */
  readonly missingDrift: number | null
}

export const DEFAULT_MAX_DRIFT = 0.1

function driftOf(m: ColumnMetrics): ColumnDrift {
  const similarity = m.shape === 'continuous' ? m.KSComplement : m.TVComplement
  return {
    column: m.column,
    metric: m.shape === 'continuous' ? 'KSComplement' : 'TVComplement',
    similarity,
    drift: similarity === null ? null : 1 - similarity,
    missingDrift: m.MissingValueSimilarity === null ? null : 1 - m.MissingValueSimilarity,
  }
}

/**
 * `synthkit drift --from OLD --to NEW`: how far each column of the real data moved between two versions, with the
 * same SDMetrics-exact single-column metrics as the quality report (the old version in the role of the real data,
 * the new one in that of the synthetic). Exit 1 when a column's drift or missing-share drift exceeds `maxDrift`, or
 * when columns were added, removed or retyped.
 */
export async function driftCommand(options: DriftCommandOptions, io: Io): Promise<ColumnDrift[]> {
  const max = options.maxDrift ?? DEFAULT_MAX_DRIFT
  const given = await optionalSchema(options.schema)
  const from = await loadTable(options.from, { schema: given.schema, schemaLabel: given.label })
  // the new version's own columns first: a schema change is a finding, not a read error
  const toOwn = given.schema ? undefined : await loadTable(options.to)
  const changes = toOwn ? schemaChanges(from.schema.columns, toOwn.schema.columns) : []
  if (changes.length > 0) {
    for (const c of changes) io.out(`schema changed: ${c}`)
    throw new CliError(`drift: the schema changed from ${options.from} to ${options.to} (${changes.join('; ')})`, EXIT.gateFailed)
  }
  const to = await loadTable(options.to, { schema: from.schema, schemaLabel: `the schema of ${options.from}` })
  const drifts = columnMetrics(from.table, to.table, { schema: from.schema }).map(driftOf)
  const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(4))
  const over = (d: ColumnDrift) => (d.drift ?? 0) > max || (d.missingDrift ?? 0) > max
  io.out(
    textTable(
      ['column', 'metric', 'drift', 'missing drift', 'result'],
      drifts.map((d) => [d.column, d.metric, fmt(d.drift), fmt(d.missingDrift), over(d) ? 'DRIFTED' : 'ok']),
    ),
  )
  if (options.json) {
    const json = `${JSON.stringify({ from: options.from, to: options.to, maxDrift: max, columns: drifts }, null, 2)}\n`
    await writeTextAtomic(options.json, json)
  }
  const drifted = drifts.filter(over)
  if (drifted.length > 0)
    throw new CliError(
      `drift above ${max} in ${drifted.length} column${drifted.length > 1 ? 's' : ''}: ${drifted.map((d) => `${d.column} ${fmt(Math.max(d.drift ?? 0, d.missingDrift ?? 0))}`).join(', ')} (--max-drift)`,
      EXIT.gateFailed,
    )
  io.out('')
  io.out(`no column drifted more than ${max} (${drifts.length} columns)`)
  return drifts
}
