import { percent } from '../evaluation/evaluation'
import { chartBundles } from './chart-bundles'
import { escapeHtml, inlineScript, scriptJson } from './html-escape'
import type { VegaLiteSpec } from './report-charts'

const CSS = `
:root { color-scheme: light; --fg: #1d2430; --muted: #5b6576; --line: #dde2ea; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, section { max-width: 1180px; margin: 0 auto; padding: 16px 24px; }
header h1 { margin: 8px 0 4px; font-size: 22px; }
.meta { color: var(--muted); }
h2 { font-size: 18px; margin: 18px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 10px; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.tile .label { color: var(--muted); font-size: 12px; }
.tile .value { font-size: 24px; font-weight: 600; }
.good { color: #1a7f37; } .fair { color: #9a6700; } .poor { color: #cf222e; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 12px; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px; overflow-x: auto; min-height: 60px; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; font-variant-numeric: tabular-nums; }
th { background: #eef1f5; font-weight: 600; }
td.num { text-align: right; }
.note { color: var(--muted); font-size: 13px; }
`

// Renders every chart and records the outcome in window.synthkitReport (the browser test waits for `done`).
const BOOT = `
(function () {
  var data = JSON.parse(document.getElementById('synthkit-charts').textContent);
  var state = { total: data.length, rendered: 0, errors: [], done: false };
  window.synthkitReport = state;
  Promise.all(data.map(function (c) {
    return vegaEmbed('#' + c.id, c.spec, { actions: false, renderer: 'svg' })
      .then(function () { state.rendered++; })
      .catch(function (e) { state.errors.push(c.id + ': ' + e); console.error(e); });
  })).then(function () { state.done = true; });
})();`

/** A chart placed in the page: its container's id and its Vega-Lite specification. */
export interface PlacedChart {
  readonly id: string
  readonly spec: VegaLiteSpec
}

/** Collects a page's charts: `chart(spec, label)` returns the container element and remembers the spec. */
export function chartCollector(): { charts: PlacedChart[]; chart: (spec: VegaLiteSpec, label: string) => string } {
  const charts: PlacedChart[] = []
  return {
    charts,
    chart: (spec, label) => {
      const id = `chart-${charts.length}`
      charts.push({ id, spec })
      return `<div class="chart" id="${id}" role="img" aria-label="${escapeHtml(label)}"></div>`
    },
  }
}

/** A score's colour class: good ≥ 0.9, fair ≥ 0.75, poor below. */
export function grade(score: number | null | undefined): string {
  if (score === null || score === undefined) return ''
  return score >= 0.9 ? 'good' : score >= 0.75 ? 'fair' : 'poor'
}

/** A score tile: label, value (a percentage unless `text` is given), hover hint; `cls` overrides the colour class. */
export function tile(label: string, score: number | null | undefined, hint: string, text?: string, cls = grade(score)): string {
  return `<div class="tile" title="${escapeHtml(hint)}"><div class="label">${escapeHtml(label)}</div><div class="value ${cls}">${escapeHtml(text ?? percent(score))}</div></div>`
}

/**
 * ONE self-contained HTML page: the charts' data and Vega-Lite specs embedded as JSON, and the vega, vega-lite and
 * vega-embed browser bundles inlined, so the file opens offline and can be archived next to the data.
 */
export function reportPage(title: string, synthkitVersion: string, body: string, charts: readonly PlacedChart[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="synthkit ${escapeHtml(synthkitVersion)}">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
<script type="application/json" id="synthkit-charts">${scriptJson(charts)}</script>
${chartBundles()
  .map((code) => `<script>${inlineScript(code)}</script>`)
  .join('\n')}
<script>${BOOT}</script>
</body>
</html>
`
}
