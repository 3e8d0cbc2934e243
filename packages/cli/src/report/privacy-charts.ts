import type { DcrReport, MembershipInferenceResult } from '@synthkit/privacy'
import type { VegaLiteSpec } from './report-charts'

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'
/** Distances to the training rows in purple, to the holdout rows in green (PRGn: safe for the common deficiencies). */
const TARGET_COLOR = {
  field: 'to',
  type: 'nominal',
  title: 'distance of each synthetic row to',
  scale: { domain: ['train', 'holdout'], range: ['#7b3294', '#1b7837'] },
  legend: { orient: 'top' },
}

/** One bin of the DCR histogram chart: synthetic rows whose DCR to `to` lies in [start, end). */
export interface DcrHistogramRow {
  readonly start: number
  readonly end: number
  readonly to: 'train' | 'holdout'
  readonly rows: number
}

/** The rows of the DCR histogram chart, exactly the counts of the attack results (`dcr.histogram`). */
export function dcrHistogramRows(dcr: DcrReport): DcrHistogramRow[] {
  const { edges, train, holdout } = dcr.histogram
  const rows: DcrHistogramRow[] = []
  for (const [to, counts] of [
    ['train', train],
    ['holdout', holdout],
  ] as const) {
    if (!counts) continue
    counts.forEach((n, i) => rows.push({ start: edges[i], end: edges[i + 1], to, rows: n }))
  }
  return rows
}

/**
 * Histogram of the synthetic rows' distance to closest record (SDMetrics' DCR), to the training rows as bars and to
 * the holdout rows as a step line on the same bins. A generator that memorised its training rows puts the train
 * bars left of the holdout line (closer to what it saw); one that generalises draws the two alike.
 */
export function dcrHistogramChart(dcr: DcrReport): VegaLiteSpec {
  const values = dcrHistogramRows(dcr)
  const x = { field: 'start', type: 'quantitative', title: 'distance to closest record (0 = exact copy)' }
  const y = { field: 'rows', type: 'quantitative', title: 'synthetic rows' }
  const tooltip = [
    { field: 'to', title: 'distance to' },
    { field: 'start', title: 'from', format: '.4f' },
    { field: 'end', title: 'to', format: '.4f' },
    { field: 'rows', title: 'synthetic rows' },
  ]
  const layers: Record<string, unknown>[] = [
    {
      transform: [{ filter: "datum.to === 'train'" }],
      mark: { type: 'bar', opacity: 0.55, binSpacing: 0, tooltip: true },
      encoding: { x: { ...x, bin: { binned: true } }, x2: { field: 'end' }, y, color: TARGET_COLOR, tooltip },
    },
  ]
  if (dcr.histogram.holdout) {
    // the holdout line steps from each bin's start; a closing point at the last edge finishes the last step
    const last = dcr.histogram.edges.length - 1
    layers.push({
      data: {
        values: [
          ...values.filter((v) => v.to === 'holdout'),
          { start: dcr.histogram.edges[last], end: dcr.histogram.edges[last], to: 'holdout', rows: dcr.histogram.holdout[last - 1] },
        ],
      },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, tooltip: true },
      encoding: { x, y, color: TARGET_COLOR, tooltip },
    })
  }
  return {
    $schema: SCHEMA,
    description: 'DCR histogram: synthetic rows by distance to the training and holdout rows',
    title: {
      text: 'Distance to closest record',
      subtitle: `${dcr.rows.synthetic.toLocaleString('en-US')} synthetic rows · ${dcr.train.exactCopies} exact copies of training rows`,
    },
    data: { values },
    width: 420,
    height: 200,
    layer: layers,
  }
}

/** One point of a ROC curve in the chart's data. */
export interface RocRow {
  /** The attack with its AUC, as the legend shows it. */
  readonly attack: string
  readonly fpr: number
  readonly tpr: number
  /** Position on the curve: the line is drawn in this order (vertical runs share an FPR, so FPR cannot order it). */
  readonly point: number
}

/** The legend label of an attack: its name, AUC and the AUC's bootstrap CI. */
export function rocLabel(a: MembershipInferenceResult['attacks'][number]): string {
  return `${a.attack} attack · AUC ${a.auc.toFixed(3)} [${a.aucCi[0].toFixed(3)}, ${a.aucCi[1].toFixed(3)}]`
}

/** The rows of the ROC chart: every point of every attack's curve (`membershipInference.attacks[].roc`). */
export function rocRows(mia: MembershipInferenceResult): RocRow[] {
  return mia.attacks.flatMap((a) => {
    const attack = rocLabel(a)
    return a.roc.fpr.map((fpr, i) => ({ attack, fpr, tpr: a.roc.tpr[i], point: i }))
  })
}

/**
 * The membership-inference ROC curves (members = training rows, non-members = holdout rows), one per attack, over
 * the dashed diagonal that an attacker guessing at random draws; the legend gives each attack's AUC with its CI.
 */
export function rocChart(mia: MembershipInferenceResult): VegaLiteSpec {
  const labels = mia.attacks.map(rocLabel)
  return {
    $schema: SCHEMA,
    description: 'Membership inference ROC curves',
    title: {
      text: 'Membership inference ROC',
      subtitle: `${mia.rows.members.toLocaleString('en-US')} training rows vs ${mia.rows.nonMembers.toLocaleString('en-US')} holdout rows · diagonal = chance`,
    },
    width: 300,
    height: 300,
    layer: [
      {
        data: {
          values: [
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [4, 4], color: '#8b95a5', strokeWidth: 1 },
        encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' } },
      },
      {
        data: { values: rocRows(mia) },
        mark: { type: 'line', strokeWidth: 2, interpolate: 'linear', tooltip: true },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', scale: { domain: [0, 1] }, title: 'false-positive rate (holdout rows flagged)' },
          y: { field: 'tpr', type: 'quantitative', scale: { domain: [0, 1] }, title: 'true-positive rate (training rows flagged)' },
          color: {
            field: 'attack',
            type: 'nominal',
            title: null,
            scale: { domain: labels, range: ['#e45756', '#4c78a8', '#54a24b', '#b279a2'].slice(0, Math.max(1, labels.length)) },
            legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 },
          },
          order: { field: 'point', type: 'quantitative' },
          tooltip: [{ field: 'attack' }, { field: 'fpr', format: '.4f' }, { field: 'tpr', format: '.4f' }],
        },
      },
    ],
  }
}
