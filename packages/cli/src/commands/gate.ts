import { CliError } from '../terminal/cli-error'
import { evaluateTables, percent } from '../evaluation/evaluation'
import { EXIT } from '../terminal/exit-codes'
import type { Io } from '../terminal/io'
import { textTable } from '../terminal/text-table'
import { loadPair } from '../evaluation/load-pair'

export interface GateCommandOptions {
  readonly real: string
  readonly synthetic: string
  readonly schema?: string
  readonly minQuality?: number
  readonly minShapes?: number
  readonly minPairTrends?: number
  readonly minDiagnostic?: number
  readonly maxCopyRate?: number
}

interface Check {
  readonly name: string
  readonly option: string
  readonly value: number | null
  readonly limit: number
  readonly kind: 'min' | 'max'
}

function passes(c: Check): boolean {
  if (c.value === null) return false
  return c.kind === 'min' ? c.value >= c.limit : c.value <= c.limit
}

/**
 * `synthkit gate`: evaluates and checks thresholds; prints every check, and fails with exit code 1 and one line
 * naming each failed threshold (measured vs required). A score that cannot be computed fails its check.
 */
export async function gateCommand(options: GateCommandOptions, io: Io): Promise<void> {
  const wanted: [keyof GateCommandOptions, string, string, 'min' | 'max'][] = [
    ['minQuality', 'overall quality', '--min-quality', 'min'],
    ['minShapes', 'Column Shapes', '--min-shapes', 'min'],
    ['minPairTrends', 'Column Pair Trends', '--min-pair-trends', 'min'],
    ['minDiagnostic', 'diagnostic score', '--min-diagnostic', 'min'],
    ['maxCopyRate', 'copied-row rate', '--max-copy-rate', 'max'],
  ]
  if (wanted.every(([k]) => options[k] === undefined)) {
    throw new CliError('gate needs at least one threshold: --min-quality, --min-shapes, --min-pair-trends, --min-diagnostic or --max-copy-rate')
  }
  const pair = await loadPair(options.real, options.synthetic, options.schema)
  const e = evaluateTables(pair.real.table, pair.synthetic.table, pair.schema)
  const measured: Record<string, number | null> = {
    minQuality: e.quality.score,
    minShapes: e.quality.properties.find((p) => p.name === 'Column Shapes')?.score ?? null,
    minPairTrends: e.quality.properties.find((p) => p.name === 'Column Pair Trends')?.score ?? null,
    minDiagnostic: e.diagnostic.score,
    maxCopyRate: 1 - e.newRows.newRowRate,
  }
  const checks: Check[] = wanted.filter(([k]) => options[k] !== undefined).map(([k, name, option, kind]) => ({ name, option, kind, limit: options[k] as number, value: measured[k] }))
  io.out(
    textTable(
      ['check', 'measured', 'required', 'result'],
      checks.map((c) => [c.name, percent(c.value), `${c.kind === 'min' ? '≥' : '≤'} ${percent(c.limit)}`, passes(c) ? 'pass' : 'FAIL']),
    ),
  )
  const failed = checks.filter((c) => !passes(c))
  if (failed.length > 0) {
    const reasons = failed.map((c) => `${c.name} ${percent(c.value)} ${c.value === null ? 'could not be computed' : c.kind === 'min' ? `is below ${percent(c.limit)}` : `is above ${percent(c.limit)}`} (${c.option})`)
    throw new CliError(`gate failed: ${reasons.join('; ')}`, EXIT.gateFailed)
  }
  io.out('')
  io.out(`gate passed: ${checks.length} check${checks.length === 1 ? '' : 's'}`)
}
