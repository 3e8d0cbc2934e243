import type { CardInference, CardInferenceColumn } from '../card/card-inference'
import { escapeHtml } from './html-escape'

const HEAD = ['column', 'kind', 'sensitivity', 'modelled', 'scored', 'why', 'problems', 'first values']
const yesNo = (b: boolean) => (b ? 'yes' : 'no')

/** One row of the table: the column, what happened to it, its problems and its first offending values with rows. */
function columnRow(c: CardInferenceColumn): string {
  const first = c.problems
    .flatMap((p) => p.examples)
    .slice(0, 5)
    .map((e) => `${escapeHtml(JSON.stringify(e.value))} (row ${e.row})`)
    .join(', ')
  const problems = c.problems.map((p) => `${p.severity === 'warning' ? '⚠ ' : ''}${escapeHtml(p.message)} (${p.count} rows)`).join('<br>')
  const cells = [
    escapeHtml(c.name),
    escapeHtml(c.kind),
    escapeHtml(c.sensitivity),
    yesNo(c.modelled),
    yesNo(c.scored),
    escapeHtml(c.reason),
  ]
  return `      <tr>${[...cells, problems, first].map((x) => `<td>${x}</td>`).join('')}</tr>`
}

/**
 * The report's section on what inference found in the real data: every column not modelled (ids, text, pii) or
 * not scored (ids, text), and every data problem, with the first rows concerned (1-based) — the list `infer`,
 * `fit` and `evaluate` print, so a quality score never hides a column that was replaced by placeholders.
 */
export function inferenceSectionHtml(inference: CardInference | undefined): string {
  if (!inference) return ''
  const title = '  <h2>Columns not modelled or not read as is</h2>'
  if (inference.columns.length === 0 && inference.cellsReadAsMissing === 0) {
    const none = inference.schemaInferred
      ? 'Every column is modelled and scored; inference found no problem in the values.'
      : 'Every column of the given schema is modelled and scored.'
    return `<section>\n${title}\n  <p class="note">${none}</p>\n</section>`
  }
  const missing = inference.cellsReadAsMissing
  const note = [
    inference.schemaInferred ? 'Schema inferred from the real data.' : 'Schema given.',
    'Columns that are not modelled get generated values in the synthetic data;',
    'columns that are not scored are left out of the quality scores above.',
    ...(missing > 0 ? [`${missing} cells did not fit their column and were read as missing.`] : []),
  ].join(' ')
  return `<section>
${title}
  <p class="note">${note}</p>
  <table>
    <thead><tr>${HEAD.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
    <tbody>
${inference.columns.map(columnRow).join('\n')}
    </tbody>
  </table>
</section>`
}
