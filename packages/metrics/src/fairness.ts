import { type ColumnSpec, type Table, SynthkitError, discretize, fitQuantileDiscretizer } from '@synthkit/core'
import { alignCoded } from './category-counts'
import { type ReportOptions, shapeOf, validateReportInput } from './report-input'
import { METRICS_VERSION } from './version'
import { startTimer, timingField } from './internal/timer'

export interface FairnessOptions extends ReportOptions {
  /** Columns whose groups are compared; default: the columns the schema tags `sensitive`. */
  readonly sensitive?: readonly string[]
  /** Optional outcome (categorical or boolean) whose rate per group is compared. */
  readonly outcome?: { readonly column: string; readonly positive?: string }
}

/** One group of a sensitive column. Shares are of all rows; rates are P(outcome = positive | group), null if the group is empty. */
export interface FairnessGroup {
  readonly group: string
  readonly realShare: number
  readonly syntheticShare: number
  readonly shareGap: number
  readonly realRate?: number | null
  readonly syntheticRate?: number | null
  readonly rateGap?: number | null
}

export interface FairnessColumn {
  readonly column: string
  readonly groups: readonly FairnessGroup[]
  /** ½ Σ |share gap|: how far the synthetic group mix is from the real one (0 = same representation). */
  readonly representationGap: number
  /** Largest |rate gap| over groups present on both sides. */
  readonly maxRateGap?: number | null
  /** Demographic-parity gap (max − min group rate) in the real and in the synthetic data. */
  readonly realParityGap?: number | null
  readonly syntheticParityGap?: number | null
}

export interface FairnessResult {
  readonly metric: 'Fairness'
  readonly version: string
  readonly outcome?: { readonly column: string; readonly positive: string }
  readonly columns: readonly FairnessColumn[]
  readonly rows: { readonly real: number; readonly synthetic: number }
  /** Milliseconds the call took, measured on `options.clock`; absent without a clock. */
  readonly timingMs?: number
}

const MISSING_GROUP = '(missing)'
const QUANTILE_GROUPS = 4

function fail(path: string, message: string): never {
  throw new SynthkitError('OPTIONS_INVALID', 'invalid fairness options', [{ path, message }])
}

/** Codes with missing (−1) replaced by the missing group's index. */
function missingLast(codes: Int32Array, missing: number): Int32Array {
  const out = new Int32Array(codes.length)
  for (let i = 0; i < codes.length; i++) out[i] = codes[i] < 0 ? missing : codes[i]
  return out
}

/** Group index of every row of both tables, with labels; continuous columns are cut at the real quartiles. */
function groupsOf(spec: ColumnSpec, real: Table, synthetic: Table): { real: Int32Array; synthetic: Int32Array; labels: string[] } {
  const r = real.columns[spec.name]
  const s = synthetic.columns[spec.name]
  if (r.type === 'coded' && s.type === 'coded') {
    const a = alignCoded(r, s, spec.kind)
    const labels = [...a.categories, MISSING_GROUP]
    return { real: missingLast(a.real, labels.length - 1), synthetic: missingLast(a.synthetic, labels.length - 1), labels }
  }
  if (r.type === 'numeric' && s.type === 'numeric') {
    const d = fitQuantileDiscretizer(r.values, QUANTILE_GROUPS)
    const labels = d.edges.slice(0, -1).map((lo, i) => `[${lo}, ${d.edges[i + 1]}${i === d.edges.length - 2 ? ']' : ')'}`)
    labels.push(MISSING_GROUP)
    return {
      real: missingLast(discretize(d, r.values), labels.length - 1),
      synthetic: missingLast(discretize(d, s.values), labels.length - 1),
      labels,
    }
  }
  throw new Error(`internal: ${spec.name} cannot be grouped`)
}

/**
 * Fairness check: for every sensitive column, how each group is represented in the real and the synthetic data
 * (share of rows and its gap) and, with an outcome, each group's positive-outcome rate in both and its gap, plus the
 * demographic-parity gap (max − min rate) on each side — a synthesizer should neither erase a group nor invent or
 * hide a disparity. Numerical sensitive columns are grouped by the real quartiles; missing values form a group.
 * The default positive outcome is the real data's least frequent outcome category.
 */
export function fairness(real: Table, synthetic: Table, options: FairnessOptions = {}): FairnessResult {
  const timer = startTimer(options.clock)
  const input = validateReportInput(real, synthetic, options)
  const byName = new Map(input.columns.map((c) => [c.name, c] as const))
  const names = options.sensitive ?? input.columns.filter((c) => c.sensitivity === 'sensitive').map((c) => c.name)
  if (names.length === 0) fail('sensitive', 'no sensitive column: tag columns `sensitivity: "sensitive"` in the schema or name them')
  names.forEach((n, i) => {
    const spec = byName.get(n)
    if (!spec || !shapeOf(spec.kind))
      fail(`sensitive.${i}`, `${JSON.stringify(n)} is not a compared numerical, datetime, categorical or boolean column`)
  })
  let outcome: { real: Uint8Array; synthetic: Uint8Array; column: string; positive: string } | undefined
  if (options.outcome) {
    const spec = byName.get(options.outcome.column)
    if (!spec || shapeOf(spec.kind) !== 'discrete')
      fail('outcome.column', `${JSON.stringify(options.outcome.column)} is not a categorical or boolean column`)
    const r = real.columns[spec.name]
    const s = synthetic.columns[spec.name]
    if (r.type !== 'coded' || s.type !== 'coded') throw new Error('internal: coded outcome expected')
    const a = alignCoded(r, s, spec.kind)
    let positive = options.outcome.positive
    if (positive === undefined) {
      const counts = new Float64Array(a.categories.length)
      for (const c of a.real) if (c >= 0) counts[c]++
      let best = -1
      for (let c = 0; c < counts.length; c++) if (counts[c] > 0 && (best < 0 || counts[c] < counts[best])) best = c
      if (best < 0) fail('outcome.column', 'the real outcome column has no present value')
      positive = a.categories[best]
    }
    const code = a.categories.indexOf(positive)
    if (code < 0) fail('outcome.positive', `${JSON.stringify(positive)} is not a category of ${spec.name}`)
    const isPositive = (codes: Int32Array) => {
      const out = new Uint8Array(codes.length)
      for (let i = 0; i < codes.length; i++) out[i] = codes[i] === code ? 1 : 0
      return out
    }
    outcome = { real: isPositive(a.real), synthetic: isPositive(a.synthetic), column: spec.name, positive }
  }
  const columns: FairnessColumn[] = names.map((name) => {
    const g = groupsOf(byName.get(name)!, real, synthetic)
    const k = g.labels.length
    const count = (groups: Int32Array, pos?: ArrayLike<number>) => {
      const n = new Float64Array(k)
      const p = new Float64Array(k)
      for (let i = 0; i < groups.length; i++) {
        n[groups[i]]++
        if (pos && pos[i]) p[groups[i]]++
      }
      return { n, p }
    }
    const cr = count(g.real, outcome?.real)
    const cs = count(g.synthetic, outcome?.synthetic)
    const groups: FairnessGroup[] = []
    let tvd = 0
    let maxGap: number | null = null
    const realRates: number[] = []
    const synthRates: number[] = []
    for (let c = 0; c < k; c++) {
      if (cr.n[c] === 0 && cs.n[c] === 0) continue
      const realShare = cr.n[c] / real.nRows
      const syntheticShare = cs.n[c] / synthetic.nRows
      tvd += Math.abs(syntheticShare - realShare) / 2
      const group: FairnessGroup = { group: g.labels[c], realShare, syntheticShare, shareGap: syntheticShare - realShare }
      if (outcome) {
        const rr = cr.n[c] > 0 ? cr.p[c] / cr.n[c] : null
        const sr = cs.n[c] > 0 ? cs.p[c] / cs.n[c] : null
        const gap = rr !== null && sr !== null ? sr - rr : null
        if (rr !== null) realRates.push(rr)
        if (sr !== null) synthRates.push(sr)
        if (gap !== null) maxGap = Math.max(maxGap ?? 0, Math.abs(gap))
        groups.push({ ...group, realRate: rr, syntheticRate: sr, rateGap: gap })
      } else groups.push(group)
    }
    const parity = (rates: number[]) => (rates.length > 0 ? Math.max(...rates) - Math.min(...rates) : null)
    return outcome
      ? {
          column: name,
          groups,
          representationGap: tvd,
          maxRateGap: maxGap,
          realParityGap: parity(realRates),
          syntheticParityGap: parity(synthRates),
        }
      : { column: name, groups, representationGap: tvd }
  })
  return {
    metric: 'Fairness',
    version: METRICS_VERSION,
    ...(outcome ? { outcome: { column: outcome.column, positive: outcome.positive } } : {}),
    columns,
    rows: { real: real.nRows, synthetic: synthetic.nRows },
    ...timingField(timer),
  }
}
