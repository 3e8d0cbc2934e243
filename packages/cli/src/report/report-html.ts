import { diagnosticScores, qualityScores } from '@synthkit/metrics'
import type { TableSchema } from '@synthkit/core'
import { type Evaluation, percent } from '../evaluation/evaluation'
import { escapeHtml } from './html-escape'
import { type ColumnDistribution } from './report-data'
import { distributionChart, pairDifferenceHeatmap, shapeScoresChart } from './report-charts'
import { chartCollector, grade, reportPage, tile } from './report-page'
import { privacySectionHtml } from './privacy-section'
import type { PrivacyResults } from '../evaluation/privacy'
import type { CardInference } from '../card/card-inference'
import { inferenceSectionHtml } from './inference-section'

/** What the report says about where the data came from. */
export interface ReportMeta {
  readonly title?: string
  readonly real: string
  readonly synthetic: string
  readonly generatedAt: string
  readonly synthkitVersion: string
  /** The generator as the synthesizer titles it, e.g. "<title> (<method>), seed 42". */
  readonly generator?: string
}

export interface ReportInput {
  readonly meta: ReportMeta
  readonly schema: TableSchema
  readonly evaluation: Evaluation
  readonly distributions: readonly ColumnDistribution[]
  /** The privacy attacks' results (evaluate --holdout, demo): adds the privacy section with its charts. */
  readonly privacy?: PrivacyResults
  /** Rows (metric, value, note) of the opt-in metrics (detection, pMSE, ML efficacy, fairness), when computed. */
  readonly extraMetrics?: readonly (readonly string[])[]
  /** What inference found in the real data (columns not modelled or scored, data problems): a section after the scores. */
  readonly inference?: CardInference
}

/** Pair rows listed in the table (worst first); the heatmap shows them all. */
const MAX_PAIR_ROWS = 100

function num(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits)
}

/**
 * Renders the quality report as ONE self-contained HTML file: the data and Vega-Lite specs are embedded as JSON,
 * and the vega, vega-lite and vega-embed browser bundles are inlined, so the file opens offline and can be
 * archived next to the synthetic data. Columns and pairs are listed worst first. With `privacy`, a privacy section
 * follows: the attack results, the DCR histograms (train vs holdout) and the membership-inference ROC curves.
 */
export function renderReportHtml(input: ReportInput): string {
  const { meta, evaluation, distributions, schema } = input
  const { quality, diagnostic, newRows } = evaluation
  const { charts, chart } = chartCollector()
  const { columnShapes: shapes, columnPairTrends: trends } = qualityScores(quality)
  const { dataValidity: validity, dataStructure: structure } = diagnosticScores(diagnostic)
  const columns = schema.columns.map((c) => c.name)
  const pairs = [...quality.columnPairTrends].sort((a, b) => (a.score ?? 2) - (b.score ?? 2))
  const details = [...diagnostic.details].sort((a, b) => (a.score ?? 2) - (b.score ?? 2))

  const body = `
<header>
  <h1>${escapeHtml(meta.title ?? 'synthkit quality report')}</h1>
  <div class="meta">real: <b>${escapeHtml(meta.real)}</b> (${quality.rows.real.toLocaleString('en-US')} rows) · synthetic: <b>${escapeHtml(meta.synthetic)}</b> (${quality.rows.synthetic.toLocaleString('en-US')} rows)${meta.generator ? ` · generator: ${escapeHtml(meta.generator)}` : ''}</div>
  <div class="meta">generated ${escapeHtml(meta.generatedAt)} by synthkit ${escapeHtml(meta.synthkitVersion)} · scores compatible with ${escapeHtml(quality.compatibleWith)}</div>
</header>
<section>
  <h2>Scores</h2>
  <div class="tiles">
    ${tile('Overall quality', quality.score, 'Mean of Column Shapes and Column Pair Trends')}
    ${tile('Column Shapes', shapes, 'How well each column’s distribution matches: KSComplement (numbers, dates), TVComplement (categories)')}
    ${tile('Column Pair Trends', trends, 'How well pairwise relations match: CorrelationSimilarity, ContingencySimilarity')}
    ${tile('Diagnostic', diagnostic.score, 'Mean of Data Validity and Data Structure')}
    ${tile('Data Validity', validity, 'Values within the real ranges and categories, keys unique')}
    ${tile('Data Structure', structure, 'Same column names and types')}
    ${tile(`New rows (${newRows.copiedRows.toLocaleString('en-US')} copied)`, newRows.newRowRate, 'Share of synthetic rows that are not an exact copy of a real row')}
  </div>
${extraMetricsSection(input.extraMetrics)}</section>
${inferenceSectionHtml(input.inference)}
<section>
  <h2>Columns, worst first</h2>
  ${chart(shapeScoresChart(quality.columnShapes), 'Column Shapes score per column')}
  <p class="note">Each chart overlays the real (blue) and synthetic (orange) distribution; shares of present values for numbers and dates, shares of rows for categories.</p>
  <div class="grid">
    ${distributions.map((d) => chart(distributionChart(d), `distribution of ${d.column}`)).join('\n    ')}
  </div>
</section>
<section>
  <h2>Column pairs</h2>
  <p class="note">Heatmap of 1 − similarity per pair (0: the pair behaves as in the real data). Hover a cell for the correlations.</p>
  ${chart(pairDifferenceHeatmap(quality.columnPairTrends, columns), 'column pair trend differences')}
  <table>
    <thead><tr><th>column A</th><th>column B</th><th>metric</th><th>score</th><th>real correlation</th><th>synthetic correlation</th></tr></thead>
    <tbody>
${pairs
  .slice(0, MAX_PAIR_ROWS)
  .map(
    (p) =>
      `      <tr><td>${escapeHtml(p.columnA)}</td><td>${escapeHtml(p.columnB)}</td><td>${p.metric}</td><td class="num ${grade(p.score)}">${num(p.score)}</td><td class="num">${num(p.realCorrelation)}</td><td class="num">${num(p.syntheticCorrelation)}</td></tr>`,
  )
  .join('\n')}
    </tbody>
  </table>
  ${pairs.length > MAX_PAIR_ROWS ? `<p class="note">${pairs.length - MAX_PAIR_ROWS} better-scoring pairs not listed (all are in the heatmap).</p>` : ''}
</section>
<section>
  <h2>Diagnostics</h2>
  <table>
    <thead><tr><th>property</th><th>column</th><th>metric</th><th>score</th><th>note</th></tr></thead>
    <tbody>
${details.map((d) => `      <tr><td>${d.property}</td><td>${escapeHtml(d.column ?? '(table)')}</td><td>${d.metric}</td><td class="num ${grade(d.score)}">${num(d.score)}</td><td>${escapeHtml(d.error ?? '')}</td></tr>`).join('\n')}
    </tbody>
  </table>
  ${
    diagnostic.constraints.length > 0
      ? `<h2>Constraints</h2>
  <table>
    <thead><tr><th>constraint</th><th>kind</th><th>valid in synthetic</th><th>valid in real</th><th>failing synthetic rows</th></tr></thead>
    <tbody>
${diagnostic.constraints.map((c) => `      <tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.kind)}</td><td class="num">${percent(c.syntheticValidRate)}</td><td class="num">${percent(c.realValidRate)}</td><td class="num">${c.failingCount}</td></tr>`).join('\n')}
    </tbody>
  </table>`
      : ''
  }
</section>
${input.privacy ? privacySectionHtml(input.privacy, chart) : ''}`

  return reportPage(meta.title ?? 'synthkit quality report', meta.synthkitVersion, body, charts)
}

/** The opt-in metrics as a table under the score tiles (empty when none were computed). */
function extraMetricsSection(rows: readonly (readonly string[])[] | undefined): string {
  if (!rows || rows.length === 0) return ''
  const body = rows.map((r) => `      <tr>${r.map((c, i) => `<td${i === 1 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`)
  return `  <h3>More metrics</h3>
  <table>
    <thead><tr><th>metric</th><th>value</th><th>what it says</th></tr></thead>
    <tbody>
${body.join('\n')}
    </tbody>
  </table>
`
}
