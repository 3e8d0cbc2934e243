import { type ColumnSpec, type Table, type TableSchema, recode } from '@synthkit/core'
import type { Evaluation } from '../evaluation/evaluation'

/** Rows of a chart's data: plain JSON, embedded into the HTML report. */
export interface HistogramBin {
  readonly start: number
  readonly end: number
  readonly source: 'real' | 'synthetic'
  readonly share: number
}
export interface CategoryShare {
  readonly category: string
  readonly source: 'real' | 'synthetic'
  readonly share: number
}

/** One column's real-vs-synthetic distribution, for its chart. */
export type ColumnDistribution =
  | {
      readonly column: string
      readonly kind: ColumnSpec['kind']
      readonly chart: 'histogram'
      readonly temporal: boolean
      readonly score: number | null
      readonly metric: string
      readonly bins: readonly HistogramBin[]
      readonly missing: { readonly real: number; readonly synthetic: number }
    }
  | {
      readonly column: string
      readonly kind: ColumnSpec['kind']
      readonly chart: 'bars'
      readonly score: number | null
      readonly metric: string
      readonly categories: readonly CategoryShare[]
      readonly hiddenCategories: number
    }

/** Histogram bins of the charts (finer than the report's 10, which are for scoring). */
export const CHART_BINS = 30
/** Categories charted per column: the most frequent in the real data; the rest are counted in the caption. */
export const CHART_CATEGORIES = 30

function histogram(
  real: Float64Array,
  synthetic: Float64Array,
  integer: boolean,
): { bins: HistogramBin[]; missing: { real: number; synthetic: number } } {
  let lo = Infinity
  let hi = -Infinity
  for (const values of [real, synthetic]) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  }
  if (!Number.isFinite(lo)) return { bins: [], missing: { real: real.length, synthetic: synthetic.length } }
  let nBins = CHART_BINS
  let width: number
  if (integer) {
    // Whole-number bins centred on the integers: equal-width bins over integers would alternate 1 and 2 values
    // per bin and draw a comb.
    width = Math.max(1, Math.ceil((hi - lo + 1) / CHART_BINS))
    lo -= 0.5
    nBins = Math.ceil((hi + 0.5 - lo) / width)
  } else {
    if (lo === hi) {
      lo -= 0.5
      hi += 0.5
    }
    width = (hi - lo) / CHART_BINS
  }
  const bins: HistogramBin[] = []
  const missing = { real: 0, synthetic: 0 }
  for (const [source, values] of [
    ['real', real],
    ['synthetic', synthetic],
  ] as const) {
    const counts = new Float64Array(nBins)
    let present = 0
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (v !== v) continue
      present++
      counts[Math.min(nBins - 1, Math.max(0, Math.floor((v - lo) / width)))]++
    }
    missing[source] = values.length === 0 ? 0 : (values.length - present) / values.length
    for (let b = 0; b < nBins; b++)
      bins.push({ start: lo + b * width, end: lo + (b + 1) * width, source, share: present === 0 ? 0 : counts[b] / present })
    // The synthetic side is drawn as a step line: a closing point at the right edge finishes the last step.
    if (source === 'synthetic')
      bins.push({ start: lo + nBins * width, end: lo + nBins * width, source, share: present === 0 ? 0 : counts[nBins - 1] / present })
  }
  return { bins, missing }
}

function categoryShares(
  realCodes: Int32Array,
  realDictionary: readonly string[],
  syntheticCodes: Int32Array,
  syntheticDictionary: readonly string[],
): { categories: CategoryShare[]; hidden: number } {
  // Synthetic codes re-expressed over the real dictionary; −2 = a value the real data never had.
  const synth = recode({ type: 'coded', codes: syntheticCodes, dictionary: syntheticDictionary }, realDictionary)
  const k = realDictionary.length
  const count = (codes: Int32Array) => {
    const c = new Float64Array(k + 2) // k categories, then missing, then unseen
    for (let i = 0; i < codes.length; i++) c[codes[i] >= 0 ? codes[i] : codes[i] === -1 ? k : k + 1]++
    return c
  }
  const rc = count(realCodes)
  const sc = count(synth)
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => rc[b] - rc[a])
  const shown = order.slice(0, CHART_CATEGORIES)
  const labels: [number, string][] = shown.map((i) => [i, realDictionary[i]])
  if (rc[k] + sc[k] > 0) labels.push([k, '(missing)'])
  if (sc[k + 1] > 0) labels.push([k + 1, '(not in real data)'])
  const categories: CategoryShare[] = []
  for (const [i, label] of labels) {
    categories.push({ category: label, source: 'real', share: realCodes.length === 0 ? 0 : rc[i] / realCodes.length })
    categories.push({ category: label, source: 'synthetic', share: synth.length === 0 ? 0 : sc[i] / synth.length })
  }
  return { categories, hidden: Math.max(0, k - shown.length) }
}

/**
 * The real and synthetic distribution of every evaluated column, worst Column Shapes score first (the columns a
 * reviewer should look at). Ids and free text have no distribution to compare and are left out.
 */
export function columnDistributions(real: Table, synthetic: Table, schema: TableSchema, evaluation: Evaluation): ColumnDistribution[] {
  const scores = new Map(evaluation.quality.columnShapes.map((s) => [s.column, s]))
  const out: ColumnDistribution[] = []
  for (const spec of schema.columns) {
    const r = real.columns[spec.name]
    const s = synthetic.columns[spec.name]
    if (!r || !s) continue
    const shape = scores.get(spec.name)
    const score = shape?.score ?? null
    const metric = shape?.metric ?? ''
    if (r.type === 'numeric' && s.type === 'numeric') {
      const { bins, missing } = histogram(r.values, s.values, spec.kind === 'numerical' && spec.type === 'int')
      out.push({ column: spec.name, kind: spec.kind, chart: 'histogram', temporal: spec.kind === 'datetime', score, metric, bins, missing })
    } else if (r.type === 'coded' && s.type === 'coded') {
      const { categories, hidden } = categoryShares(r.codes, r.dictionary, s.codes, s.dictionary)
      out.push({ column: spec.name, kind: spec.kind, chart: 'bars', score, metric, categories, hiddenCategories: hidden })
    }
  }
  // Worst first; columns without a score last.
  return out.sort((a, b) => (a.score ?? 2) - (b.score ?? 2))
}
