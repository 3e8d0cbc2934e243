import { type Constraint, type Issue, SynthkitError, type Table, checkConstraints } from '@synthkit/core'

/** Failing rows listed per violated constraint in the error (the count says how many there are in all). */
const ROWS_SHOWN = 5

/**
 * Checks the schema's constraints against the training rows before any fitting: a constraint the real data break
 * would be enforced on synthetic rows the data never justified (or fail only at sample time). Throws a
 * `CONSTRAINT_INVALID` error with one issue per violated constraint, naming it, how many rows fail and the first
 * few (data rows counted from 1, as a user counts them below the header).
 */
export function checkTrainingConstraints(table: Table, constraints: readonly Constraint[] = table.schema.constraints ?? []): void {
  // foreign keys need the parent table (checked by multi-table generation); everything else is checked here
  const checked = constraints.flatMap((c, i) => (c.type === 'foreignKey' ? [] : [i]))
  if (checked.length === 0) return
  const report = checkConstraints(
    table,
    checked.map((i) => constraints[i]),
  )
  const issues: Issue[] = []
  for (const c of report.constraints) {
    if (c.failingCount === 0) continue
    const first = Array.from(c.failingRows.subarray(0, ROWS_SHOWN), (r) => r + 1)
    issues.push({
      path: `constraints.${checked[c.index]}`,
      message:
        `${c.name} fails on ${c.failingCount.toLocaleString('en-US')} of ${report.nRows.toLocaleString('en-US')} rows ` +
        `(rows ${first.join(', ')}${c.failingCount > ROWS_SHOWN ? ', …' : ''})`,
    })
  }
  if (issues.length === 0) return
  throw new SynthkitError(
    'CONSTRAINT_INVALID',
    `The training data break ${issues.length} of the ${constraints.length} constraints of the schema; fix the data or the constraints`,
    issues,
  )
}
