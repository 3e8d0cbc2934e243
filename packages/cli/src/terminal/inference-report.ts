import type { InferredSchema, Issue } from '@synthkit/core'

/**
 * What inference noticed, as lines for the terminal or a card: one line per problem, warnings first, naming the
 * column, what happened, how many rows and the first rows concerned (1-based data rows, as users count them).
 * `cellProblemCount` (from loadTable) adds a closing line on the cells that were read as missing.
 */
export function inferenceProblemLines(inferred: InferredSchema, cellProblemCount = 0, options: { info?: boolean } = {}): string[] {
  const lines: string[] = []
  for (const severity of ['warning', 'info'] as const) {
    if (severity === 'info' && options.info === false) continue
    for (const c of inferred.columns) {
      for (const p of c.problems) {
        if (p.severity !== severity) continue
        const rows =
          p.examples.length > 0 ? ` [rows ${p.examples.map((e) => e.row + 1).join(', ')}${p.count > p.examples.length ? ', …' : ''}]` : ''
        lines.push(`${severity === 'warning' ? 'warning' : 'note'}: column "${c.name}": ${p.message}${rows}`)
      }
    }
  }
  if (cellProblemCount > 0)
    lines.push(
      `warning: ${cellProblemCount} cell${cellProblemCount === 1 ? '' : 's'} did not fit their column and were read as missing (listed above by column)`,
    )
  return lines
}

/** One line per cell problem of a decoded file, located by row and column (for `--verbose`). */
export function cellProblemLines(problems: readonly Issue[], lineOfRow?: (row: number) => number): string[] {
  return problems.map(
    (i) =>
      `${i.row !== undefined ? `row ${i.row + 1}${lineOfRow ? ` (line ${lineOfRow(i.row)})` : ''}, ` : ''}column "${i.column ?? i.path}": ${i.message}`,
  )
}
