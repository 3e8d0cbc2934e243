import { type Constraint, type Table, type TableSchema, discoverConstraints } from '@synthkit/core'
import type { DiagnosticReport } from '@synthkit/metrics'
import { textTable } from '../terminal/text-table'
import { readConstraintsFile } from './constraints-file'
import { defaultEnforced } from './fit-constraints'
import { type ModelConstraints, enforcedConstraints } from './model-constraints'

/** The constraints an evaluation checks, and where they came from (for the printed report). */
export interface EvaluatedConstraints {
  readonly constraints: readonly Constraint[]
  readonly source: string
}

/**
 * Which constraints `evaluate` and `gate` check on the real and the synthetic data: those of `--constraints` when
 * given, else the model's enforced ones (`--model`), else what discovery finds on the real data and a default fit
 * would enforce (the rules every real row obeys). Declared constraints of the schema are always included.
 */
export async function constraintsToCheck(input: {
  readonly real: Table
  readonly constraintsFile?: string
  readonly model?: ModelConstraints
}): Promise<EvaluatedConstraints> {
  const own = input.real.schema.constraints ?? []
  const file = await readConstraintsFile(input.constraintsFile)
  if (file) return { constraints: [...own, ...file], source: `--constraints ${input.constraintsFile}` }
  if (input.model) return { constraints: enforcedConstraints(input.model), source: 'the model file (its enforced constraints)' }
  return { constraints: [...own, ...defaultEnforced(discoverConstraints(input.real))], source: 'discovered on the real data' }
}

/** The schema with the constraints to check (the diagnostic report checks a schema's constraints on both tables). */
export function withConstraints(schema: TableSchema, c: EvaluatedConstraints): TableSchema {
  return { ...schema, constraints: [...c.constraints] }
}

/** The lowest share of synthetic rows satisfying one constraint (1 when there is none to check). */
export function minConstraintValidity(diagnostic: DiagnosticReport): number {
  return diagnostic.constraints.reduce((m, c) => Math.min(m, c.syntheticValidRate), 1)
}

const rate = (x: number) => `${(x * 100).toFixed(x === 1 ? 0 : 2)}%`

/** The per-constraint validity table `evaluate` prints: real vs synthetic share of valid rows, failing synthetic rows. */
export function constraintValidityText(diagnostic: DiagnosticReport, c: EvaluatedConstraints): string {
  if (diagnostic.constraints.length === 0) return `constraints (${c.source}): none`
  const rows = diagnostic.constraints.map((x) => [x.name, rate(x.realValidRate), rate(x.syntheticValidRate), String(x.failingCount)])
  const broken = diagnostic.constraints.filter((x) => x.syntheticValidRate < 1).length
  return [
    `constraints (${c.source}): ${diagnostic.constraints.length} checked, ${broken} broken by synthetic rows`,
    textTable(['constraint', 'real valid', 'synthetic valid', 'failing synthetic rows'], rows, 80),
  ].join('\n')
}
