import type { ColumnPairTrendScore, ColumnShapeScore } from '@synthkit/metrics'
import type { ColumnDistribution } from './report-data'

/** A Vega-Lite specification (plain JSON, compiled to Vega in the browser by the inlined vega-lite bundle). */
export type VegaLiteSpec = Readonly<Record<string, unknown>>

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'
/** Real in slate blue, synthetic in orange: distinguishable for the common colour-vision deficiencies. */
const SOURCE_COLOR = {
  field: 'source',
  type: 'nominal',
  title: null,
  scale: { domain: ['real', 'synthetic'], range: ['#4c78a8', '#f58518'] },
  legend: { orient: 'top' },
}

/** Column Shapes scores as horizontal bars, worst at the top. */
export function shapeScoresChart(scores: readonly ColumnShapeScore[]): VegaLiteSpec {
  const values = scores.filter((s) => s.score !== null).map((s) => ({ column: s.column, score: s.score, metric: s.metric }))
  return {
    $schema: SCHEMA,
    description: 'Column Shapes score per column',
    data: { values },
    width: 520,
    height: { step: 16 },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'column', type: 'nominal', sort: { field: 'score', order: 'ascending' }, title: null },
      x: { field: 'score', type: 'quantitative', scale: { domain: [0, 1] }, title: 'similarity to the real column (1 = same)' },
      color: { field: 'score', type: 'quantitative', scale: { domain: [0.5, 1], scheme: 'redyellowgreen', clamp: true }, legend: null },
      tooltip: [{ field: 'column' }, { field: 'metric' }, { field: 'score', format: '.3f' }],
    },
  }
}

/** One column's real-vs-synthetic distribution: overlaid histogram shares, or grouped category bars. */
export function distributionChart(d: ColumnDistribution): VegaLiteSpec {
  const title = {
    text: d.column,
    subtitle: `${d.kind} · ${d.metric || 'no score'} ${d.score === null ? 'n/a' : d.score.toFixed(3)}${d.chart === 'bars' && d.hiddenCategories > 0 ? ` · ${d.hiddenCategories} rarer categories not shown` : ''}`,
  }
  if (d.chart === 'histogram') {
    // Real as filled bars, synthetic as a step line on top: both stay visible where they coincide.
    const x = d.temporal ? { field: 'start', type: 'temporal', title: null } : { field: 'start', type: 'quantitative', title: null }
    const y = { field: 'share', type: 'quantitative', axis: { format: '%' }, title: 'share of values' }
    return {
      $schema: SCHEMA,
      title,
      data: { values: d.bins },
      width: 300,
      height: 150,
      layer: [
        {
          transform: [{ filter: "datum.source === 'real'" }],
          mark: { type: 'bar', orient: 'vertical', opacity: 0.6, binSpacing: 0, tooltip: true },
          encoding: { x: d.temporal ? x : { ...x, bin: { binned: true } }, x2: { field: 'end' }, y, color: SOURCE_COLOR },
        },
        {
          transform: [{ filter: "datum.source === 'synthetic'" }],
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, tooltip: true },
          encoding: { x, y, color: SOURCE_COLOR },
        },
      ],
    }
  }
  return {
    $schema: SCHEMA,
    title,
    data: { values: d.categories },
    width: { step: 26 },
    height: 150,
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'category', type: 'nominal', sort: null, title: null, axis: { labelLimit: 90, labelAngle: -40 } },
      xOffset: { field: 'source' },
      y: { field: 'share', type: 'quantitative', axis: { format: '%' }, title: 'share of rows' },
      color: SOURCE_COLOR,
    },
  }
}

/**
 * The difference of every column pair's trend between real and synthetic data, as a heatmap: 1 − the pair's
 * similarity score (CorrelationSimilarity = 1 − |r_real − r_synth| / 2 for two numerical columns,
 * ContingencySimilarity = 1 − total variation distance otherwise), so 0 means the pair behaves as in the real data.
 */
export function pairDifferenceHeatmap(pairs: readonly ColumnPairTrendScore[], columns: readonly string[]): VegaLiteSpec {
  const values: Record<string, unknown>[] = []
  for (const p of pairs) {
    if (p.score === null) continue
    const row = { difference: 1 - p.score, metric: p.metric, real: p.realCorrelation ?? null, synthetic: p.syntheticCorrelation ?? null }
    values.push({ a: p.columnA, b: p.columnB, ...row }, { a: p.columnB, b: p.columnA, ...row })
  }
  return {
    $schema: SCHEMA,
    description: 'Column pair trend differences between real and synthetic data',
    data: { values },
    width: { step: 16 },
    height: { step: 16 },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { field: 'a', type: 'nominal', sort: columns, title: null, axis: { labelAngle: -50 } },
      y: { field: 'b', type: 'nominal', sort: columns, title: null },
      color: {
        field: 'difference',
        type: 'quantitative',
        scale: { domain: [0, 0.5], scheme: 'orangered', clamp: true },
        title: '1 − similarity',
      },
      tooltip: [
        { field: 'a', title: 'column' },
        { field: 'b', title: 'column' },
        { field: 'metric' },
        { field: 'difference', format: '.3f' },
        { field: 'real', title: 'real correlation', format: '.3f' },
        { field: 'synthetic', title: 'synthetic correlation', format: '.3f' },
      ],
    },
    config: { axis: { labelFontSize: 10 } },
  }
}
