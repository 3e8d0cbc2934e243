import type { CardInference } from '../card/card-inference'
import { escapeHtml } from './html-escape'

/**
 * The report's section on what inference found in the real data: every column not modelled (ids, text, pii) or
 * not scored (ids, text), and every data problem, with the first rows concerned (1-based) — the list `infer`,
 * `fit` and `evaluate` print, so a quality score never hides a column that was replaced by placeholders.
 */
export function inferenceSectionHtml(inference: CardInference | undefined): string {
  if (!inference) return ''
  if (inference.columns.length === 0 && inference.cellsReadAsMissing === 0)
    return `<section>
  <h2>Columns not modelled or not read as is</h2>
  <p class="note">Every column is modelled and scored; inference found no problem in the values.</p>
</section>`
  const rows = inference.columns.map((c) => {
    const first = c.problems
      .flatMap((p) => p.examples)
      .slice(0, 5)
      .map((e) => `${escapeHtml(JSON.stringify(e.value))} (row ${e.row})`)
      .join(', ')
    const problems = c.problems.map((p) => `${p.severity === 'warning' ? '⚠ ' : ''}${escapeHtml(p.message)} (${p.count} rows)`).join('<br>')
    return `      <tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.kind)}</td><td>${escapeHtml(c.sensitivity)}</td><td>${c.modelled ? 'yes' : 'no'}</td><td>${c.scored ? 'yes' : 'no'}</td><td>${escapeHtml(c.reason)}</td><td>${problems}</td><td>${first}</td></tr>`
  })
  return `<section>
  <h2>Columns not modelled or not read as is</h2>
  <p class="note">${inference.schemaInferred ? 'Schema inferred from the real data.' : 'Schema given.'} Columns that are not modelled get generated values in the synthetic data; columns that are not scored are left out of the quality scores above.${inference.cellsReadAsMissing > 0 ? ` ${inference.cellsReadAsMissing} cells did not fit their column and were read as missing.` : ''}</p>
  <table>
    <thead><tr><th>column</th><th>kind</th><th>sensitivity</th><th>modelled</th><th>scored</th><th>why</th><th>problems</th><th>first values</th></tr></thead>
    <tbody>
${rows.join('\n')}
    </tbody>
  </table>
</section>`
}
