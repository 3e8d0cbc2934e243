import { type PrivacyResults, f3, privacyRows, privacySummary } from '../evaluation/privacy'
import { escapeHtml } from './html-escape'
import { dcrHistogramChart, rocChart } from './privacy-charts'
import type { VegaLiteSpec } from './report-charts'
import { tile } from './report-page'

/**
 * The privacy section of a report: headline figures, the DCR histogram (synthetic→train vs synthetic→holdout), the
 * membership-inference ROC curves and the table of every attack with its baseline — the same rows `synthkit attack`
 * prints. `chart` places a chart in the page (see chartCollector). Every text cell is escaped.
 */
export function privacySectionHtml(privacy: PrivacyResults, chart: (spec: VegaLiteSpec, label: string) => string): string {
  const s = privacySummary(privacy)
  const mia = privacy.membershipInference
  const holdout = privacy.dcr.holdout !== null
  const rows = privacyRows(privacy)
  const charts = [
    chart(dcrHistogramChart(privacy.dcr), 'histogram of distances to closest record, train vs holdout'),
    ...(mia ? [chart(rocChart(mia), 'membership inference ROC curves')] : []),
  ]
  return `<section id="privacy">
  <h2>Privacy</h2>
  <div class="tiles">
    ${tile('Membership AUC (highest)', s.maxMiaAuc, 'ROC AUC of the best membership-inference attack; 0.5 = chance', f3(s.maxMiaAuc), '')}
    ${tile('Anonymeter risk (highest)', s.maxRisk, 'Highest of singling-out, linkability and attribute-inference risk; 0 = no more than the control set', f3(s.maxRisk), '')}
    ${tile('DCRBaselineProtection', s.dcrBaselineProtection, 'Median DCR relative to uniform random rows; 1 = as far from real rows as random data', f3(s.dcrBaselineProtection))}
    ${tile('DCROverfittingProtection', s.dcrOverfittingProtection, 'How much closer synthetic rows are to training than to holdout rows; 1 = not closer', f3(s.dcrOverfittingProtection))}
    ${tile('Exact copies of training rows', null, 'Synthetic rows at distance 0 from a training row on the compared columns', String(privacy.dcr.train.exactCopies), '')}
  </div>
  <p class="note">${
    holdout
      ? 'Distances of each synthetic row to its closest training row (bars) and closest holdout row (line), on the same bins: a generator that memorised its training rows shifts the bars to the left of the line. The ROC curves show how well an attacker tells training rows from holdout rows using the synthetic data; the dashed diagonal is guessing.'
      : 'Distances of each synthetic row to its closest training row. Without a holdout (real rows the generator never saw) there is nothing to compare them to, and the membership-inference and anonymeter attacks do not run.'
  }</p>
  <div class="grid">
    ${charts.join('\n    ')}
  </div>
  <table>
    <thead><tr><th>attack</th><th>measured</th><th>range / baseline</th><th>note</th></tr></thead>
    <tbody>
${rows.map((r) => `      <tr>${r.map((c, i) => `<td${i === 1 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}
    </tbody>
  </table>
</section>`
}
