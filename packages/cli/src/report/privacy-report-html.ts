import type { PrivacyResults } from '../evaluation/privacy'
import { escapeHtml } from './html-escape'
import { privacySectionHtml } from './privacy-section'
import { chartCollector, reportPage } from './report-page'

/** Where the attacked files came from, for the header of `synthkit attack --html`. */
export interface PrivacyReportMeta {
  readonly title?: string
  readonly train: string
  readonly synthetic: string
  readonly holdout?: string
  readonly generatedAt: string
  readonly synthkitVersion: string
}

/**
 * The privacy attacks alone as ONE self-contained HTML file (`synthkit attack --html`): the same privacy section as
 * the quality report's, with the files attacked in the header.
 */
export function renderPrivacyReportHtml(meta: PrivacyReportMeta, privacy: PrivacyResults): string {
  const { charts, chart } = chartCollector()
  const title = meta.title ?? 'synthkit privacy report'
  const rows = privacy.dcr.rows
  const body = `
<header>
  <h1>${escapeHtml(title)}</h1>
  <div class="meta">training rows: <b>${escapeHtml(meta.train)}</b> (${rows.train.toLocaleString('en-US')}) · synthetic: <b>${escapeHtml(meta.synthetic)}</b> (${rows.synthetic.toLocaleString('en-US')})${meta.holdout ? ` · holdout: <b>${escapeHtml(meta.holdout)}</b> (${(rows.holdout ?? 0).toLocaleString('en-US')})` : ' · no holdout'}</div>
  <div class="meta">generated ${escapeHtml(meta.generatedAt)} by synthkit ${escapeHtml(meta.synthkitVersion)}</div>
</header>
${privacySectionHtml(privacy, chart)}`
  return reportPage(title, meta.synthkitVersion, body, charts)
}
