import type { Rng, Table } from '@synthkit/core'
import { alignLayout, toPoints } from './internal/aligned'
import { requireRng } from './internal/attack-input'
import type { MixedPoints } from './internal/mixed-tree'

function concatPoints(a: MixedPoints, b: MixedPoints): MixedPoints {
  const num = new Float64Array(a.num.length + b.num.length)
  num.set(a.num)
  num.set(b.num, a.num.length)
  const cat = new Int32Array(a.cat.length + b.cat.length)
  cat.set(a.cat)
  cat.set(b.cat, a.cat.length)
  return { n: a.n + b.n, dn: a.dn, dc: a.dc, num, cat }
}
import { median } from './internal/summary'
import { type Clock, timed } from './internal/timing'
import { type DcrOptions, dcrOnPoints, sdmetricsMetric } from './distance-to-closest-record'
import { SynthkitError } from '@synthkit/core'

/** What {@link dcrBaselineProtection} returns (SDMetrics' `compute_breakdown`, on all rows). */
export interface DcrBaselineProtectionResult {
  readonly metric: 'DCRBaselineProtection'
  /** min(median DCR of synthetic / median DCR of random, 1); null when the random median is 0. */
  readonly score: number | null
  readonly medianDcrToReal: { readonly syntheticData: number; readonly randomDataBaseline: number }
  readonly rows: { readonly real: number; readonly synthetic: number; readonly random: number }
  readonly exact: true
  readonly seconds?: number
}

/** What {@link dcrOverfittingProtection} returns. */
export interface DcrOverfittingProtectionResult {
  readonly metric: 'DCROverfittingProtection'
  /** min(2 · (1 − share closer to training), 1). */
  readonly score: number
  readonly syntheticDataPercentages: { readonly closerToTraining: number; readonly closerToHoldout: number }
  readonly rows: { readonly train: number; readonly holdout: number; readonly synthetic: number }
  readonly exact: true
  readonly seconds?: number
}

/**
 * SDMetrics' random baseline (`DCRBaselineProtection._generate_random_data`), seeded: per column, integers uniform on
 * [min, max] for an int column without missing values, uniform reals on [min, max) for other numerical and datetime
 * columns, a uniform choice among the distinct present values for categorical and boolean columns, each cell then
 * missing with the column's missing rate.
 */
function randomBaseline(real: MixedPoints, intColumns: readonly boolean[], n: number, rng: Rng): MixedPoints {
  const { dn, dc } = real
  const num = new Float64Array(n * dn)
  const cat = new Int32Array(n * dc)
  for (let j = 0; j < dn; j++) {
    let lo = Infinity
    let hi = -Infinity
    let missing = 0
    for (let i = 0; i < real.n; i++) {
      const v = real.num[i * dn + j]
      if (v !== v) missing++
      else {
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
    }
    const rate = missing / real.n
    const integer = intColumns[j] && missing === 0
    for (let i = 0; i < n; i++) {
      const u = rng.next()
      let v = integer ? lo + Math.floor(u * (hi - lo + 1)) : lo + u * (hi - lo)
      if (lo > hi) v = Number.NaN
      num[i * dn + j] = rng.next() < rate ? Number.NaN : v
    }
  }
  for (let c = 0; c < dc; c++) {
    const present: number[] = []
    const seen = new Set<number>()
    let missing = 0
    for (let i = 0; i < real.n; i++) {
      const v = real.cat[i * dc + c]
      if (v < 0) missing++
      else if (!seen.has(v)) {
        seen.add(v)
        present.push(v)
      }
    }
    const rate = missing / real.n
    for (let i = 0; i < n; i++) {
      const v = present.length === 0 ? -1 : present[Math.floor(rng.next() * present.length)]
      cat[i * dc + c] = rng.next() < rate ? -1 : v
    }
  }
  return { n, dn, dc, num, cat }
}

/**
 * SDMetrics 0.20's DCRBaselineProtection computed exactly on all rows (SDMetrics subsamples 1,000 rows because its
 * DCR is brute force): the median DCR of the synthetic rows to the real rows against that of as many uniformly random
 * rows. 1 = synthetic rows are as far from real ones as random rows; near 0 = they sit on top of real rows.
 */
export function dcrBaselineProtection(
  real: Table,
  synthetic: Table,
  options: DcrOptions & { readonly rng: Rng },
): DcrBaselineProtectionResult {
  const rng = requireRng(options.rng)
  const run = timed(options.clock, () => {
    if (real.nRows === 0 || synthetic.nRows === 0)
      throw new SynthkitError('EMPTY_TABLE', 'DCRBaselineProtection needs real and synthetic rows')
    const layout = alignLayout(
      [
        { name: 'real', table: real },
        { name: 'synthetic', table: synthetic },
      ],
      options.columns,
    )
    const r = toPoints(layout, real)
    const s = toPoints(layout, synthetic)
    const random = randomBaseline(r, layout.intColumns, s.n, rng)
    const metric = sdmetricsMetric(layout, r)
    const mSyn = median(dcrOnPoints(s, r, metric).dcr)
    const mRandom = median(dcrOnPoints(random, r, metric).dcr)
    const result: DcrBaselineProtectionResult = {
      metric: 'DCRBaselineProtection',
      score: mRandom === 0 || mRandom !== mRandom ? null : Math.min(mSyn / mRandom, 1),
      medianDcrToReal: { syntheticData: mSyn, randomDataBaseline: mRandom },
      rows: { real: r.n, synthetic: s.n, random: random.n },
      exact: true,
    }
    return result
  })
  return run.seconds === undefined ? run.value : { ...run.value, seconds: run.seconds }
}

/**
 * SDMetrics 0.20's DCROverfittingProtection computed exactly on all rows: the share of synthetic rows strictly closer
 * to a training row than to any holdout row (each DCR with its own reference's column ranges, as SDMetrics does).
 * An unbiased generator puts about half of its rows closer to each (with equal-sized sets): score 1. Because each
 * reference's ranges scale its distances, a set with wider ranges (one outlier suffices) looks closer to every row;
 * `ranges: 'shared'` scales both by the ranges of train and holdout together, which removes that bias (not SDMetrics).
 */
export function dcrOverfittingProtection(
  train: Table,
  holdout: Table,
  synthetic: Table,
  options: DcrOptions & { readonly ranges?: 'sdmetrics' | 'shared' } = {},
): DcrOverfittingProtectionResult {
  const run = timed(options.clock, () => {
    if (train.nRows === 0 || holdout.nRows === 0 || synthetic.nRows === 0)
      throw new SynthkitError('EMPTY_TABLE', 'DCROverfittingProtection needs train, holdout and synthetic rows')
    const layout = alignLayout(
      [
        { name: 'train', table: train },
        { name: 'holdout', table: holdout },
        { name: 'synthetic', table: synthetic },
      ],
      options.columns,
    )
    const tr = toPoints(layout, train)
    const ho = toPoints(layout, holdout)
    const s = toPoints(layout, synthetic)
    const shared = options.ranges === 'shared' ? sdmetricsMetric(layout, concatPoints(tr, ho)) : undefined
    const dTrain = dcrOnPoints(s, tr, shared ?? sdmetricsMetric(layout, tr)).dcr
    const dHoldout = dcrOnPoints(s, ho, shared ?? sdmetricsMetric(layout, ho)).dcr
    let closer = 0
    for (let i = 0; i < s.n; i++) if (dTrain[i] < dHoldout[i]) closer++
    const share = closer / s.n
    const result: DcrOverfittingProtectionResult = {
      metric: 'DCROverfittingProtection',
      score: Math.min((1 - share) * 2, 1),
      syntheticDataPercentages: { closerToTraining: share, closerToHoldout: 1 - share },
      rows: { train: tr.n, holdout: ho.n, synthetic: s.n },
      exact: true,
    }
    return result
  })
  return run.seconds === undefined ? run.value : { ...run.value, seconds: run.seconds }
}
