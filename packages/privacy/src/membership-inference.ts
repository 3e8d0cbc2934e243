import * as t from 'io-ts'
import { type Rng, type Table, SynthkitError } from '@synthkit/core'
import { rocAuc } from '@synthkit/metrics'
import { alignLayout, cardinalities, toPoints } from './internal/aligned'
import {
  OpenUnit,
  PositiveInt,
  decodeOptions,
  optionsCodec,
  requireRng,
  requireRows,
  sampleWithoutReplacement,
} from './internal/attack-input'
import { fitMixedKde } from './internal/kde'
import { type MixedPoints, buildMixedTree, kNearest } from './internal/mixed-tree'
import { type RocCurve, rocCurve, tprAtFpr } from './internal/roc'
import { checkDisjoint } from './internal/overlap'
import { takePoints } from './internal/row-hash'
import { quantile } from './internal/summary'
import { type Clock, timed } from './internal/timing'
import { dcrOnPoints, sdmetricsMetric } from './distance-to-closest-record'

const MembershipOptionsCodec = optionsCodec(
  {},
  {
    columns: t.array(t.string),
    attacks: t.array(t.keyof({ distance: null, density: null })),
    density: t.keyof({ knn: null, kde: null }),
    densityNeighbours: PositiveInt,
    nTargets: PositiveInt,
    maxDensityRows: PositiveInt,
    bootstrap: PositiveInt,
    confidence: OpenUnit,
    maxSharedRowShare: t.number,
  },
  'MembershipInferenceOptions',
)

/** Options of {@link membershipInference}. */
export type MembershipInferenceOptions = Partial<t.TypeOf<typeof MembershipOptionsCodec>> & { readonly rng: Rng; readonly clock?: Clock }

/** One attack's scores summarized: ROC AUC with a bootstrap CI and TPR at low FPR (plain JSON). */
export interface MembershipAttackResult {
  readonly attack: 'distance' | 'density'
  readonly auc: number
  readonly aucCi: readonly [number, number]
  /** TPR at FPR ≤ 0.1 %, with its bootstrap CI. With fewer than 1,000 non-members this is TPR at FPR = 0. */
  readonly tprAt0_1pct: number
  readonly tprAt0_1pctCi: readonly [number, number]
  readonly tprAt1pct: number
  readonly tprAt1pctCi: readonly [number, number]
  /**
   * The empirical ROC curve (point estimate, not bootstrapped): FPR and TPR at every distinct score threshold, from
   * (0, 0) to (1, 1); its trapezoidal area is `auc`, and its highest TPR at FPR ≤ 1 % is `tprAt1pct`.
   */
  readonly roc: RocCurve
  readonly seconds?: number
}

/** What {@link membershipInference} returns. */
export interface MembershipInferenceResult {
  readonly attack: 'membershipInference'
  readonly parameters: {
    readonly columns: readonly string[]
    readonly bootstrap: number
    readonly confidence: number
    readonly maxDensityRows: number
    readonly density: 'knn' | 'kde'
    readonly densityNeighbours: number
  }
  readonly rows: {
    readonly train: number
    readonly holdout: number
    readonly synthetic: number
    readonly members: number
    readonly nonMembers: number
    readonly densityReference: number
    /** Holdout rows identical to a training row (natural duplicates; see `maxSharedRowShare`). */
    readonly sharedWithTrain: number
  }
  readonly attacks: readonly MembershipAttackResult[]
  readonly seconds?: number
}

function summarizeScores(
  attack: 'distance' | 'density',
  member: Float64Array,
  nonMember: Float64Array,
  rng: Rng,
  bootstrap: number,
  confidence: number,
): MembershipAttackResult {
  const scores = new Float64Array(member.length + nonMember.length)
  scores.set(member)
  scores.set(nonMember, member.length)
  const labels = new Uint8Array(scores.length).fill(1, 0, member.length)
  const auc = rocAuc(scores, labels)
  const aucs = new Float64Array(bootstrap)
  const t01 = new Float64Array(bootstrap)
  const t1 = new Float64Array(bootstrap)
  const bm = new Float64Array(member.length)
  const bn = new Float64Array(nonMember.length)
  // Stratified bootstrap: members and non-members resampled separately, so every replicate keeps both classes.
  for (let b = 0; b < bootstrap; b++) {
    for (let i = 0; i < bm.length; i++) bm[i] = member[Math.floor(rng.next() * member.length)]
    for (let i = 0; i < bn.length; i++) bn[i] = nonMember[Math.floor(rng.next() * nonMember.length)]
    scores.set(bm)
    scores.set(bn, bm.length)
    aucs[b] = rocAuc(scores, labels)
    t01[b] = tprAtFpr(bm, bn, 0.001)
    t1[b] = tprAtFpr(bm, bn, 0.01)
  }
  const a = (1 - confidence) / 2
  const ci = (v: Float64Array): [number, number] => [quantile(v, a), quantile(v, 1 - a)]
  return {
    attack,
    auc,
    aucCi: ci(aucs),
    tprAt0_1pct: tprAtFpr(member, nonMember, 0.001),
    tprAt0_1pctCi: ci(t01),
    tprAt1pct: tprAtFpr(member, nonMember, 0.01),
    tprAt1pctCi: ci(t1),
    roc: rocCurve(member, nonMember),
  }
}

/**
 * Membership inference against a synthetic table: members are training rows, non-members holdout rows the generator
 * never saw; the attacker sees only the synthetic rows (and, for the density attack, the other half of the holdout
 * as reference data, as in DOMIAS, van Breugel et al. 2023). Attacks: `distance` scores a target by −DCR to the
 * synthetic rows (SDMetrics' distance, exact); `density` scores log p_synthetic(x) − log p_reference(x) with a
 * k-nearest-neighbour density under the same distance (`density: 'knn'`, default, k = `densityNeighbours` = 1), or a
 * mixed product-kernel KDE (`'kde'`: Gaussian with scipy's Scott covariance on the numerical columns, Aitchison–Aitken
 * on the categorical ones, on at most `maxDensityRows` rows per side) — smooth, so weak in many dimensions.
 * Reported: ROC AUC with a stratified percentile-bootstrap CI, and TPR at 0.1 % and 1 % FPR. A holdout sharing more
 * rows with the training set than natural duplication explains is rejected (DATA_INVALID): by default the shared
 * share may be at most twice the training set's own duplicate share plus 0.1 %.
 */
export function membershipInference(
  train: Table,
  holdout: Table,
  synthetic: Table,
  options: MembershipInferenceOptions,
): MembershipInferenceResult {
  const rng = requireRng(options.rng)
  const o = decodeOptions(MembershipOptionsCodec, options)
  const run = timed(options.clock, () => {
    const layout = alignLayout(
      [
        { name: 'train', table: train },
        { name: 'holdout', table: holdout },
        { name: 'synthetic', table: synthetic },
      ],
      o.columns,
    )
    const tr = toPoints(layout, train)
    const ho = toPoints(layout, holdout)
    const syn = toPoints(layout, synthetic)
    requireRows([
      { name: 'train', rows: tr.n, needed: 20 },
      { name: 'holdout', rows: ho.n, needed: 40 },
      { name: 'synthetic', rows: syn.n, needed: 2 },
    ])
    const shared = checkDisjoint(tr, ho, 'holdout', o.maxSharedRowShare)
    // Holdout: half non-member targets, half the density attack's reference sample (disjoint).
    const hoOrder = sampleWithoutReplacement(rng, ho.n, ho.n)
    const half = Math.floor(ho.n / 2)
    const nTargets = Math.min(o.nTargets ?? 1000, half, tr.n)
    const nonMembers = takePoints(ho, hoOrder.subarray(0, nTargets))
    const reference = takePoints(ho, hoOrder.subarray(half))
    const members = takePoints(tr, sampleWithoutReplacement(rng, tr.n, nTargets))
    const bootstrap = o.bootstrap ?? 200
    const confidence = o.confidence ?? 0.95
    const maxDensityRows = o.maxDensityRows ?? 4000
    const density = o.density ?? 'knn'
    const densityNeighbours = o.densityNeighbours ?? 1
    const results: MembershipAttackResult[] = []
    for (const attack of o.attacks ?? ['distance', 'density']) {
      const one = timed(options.clock, () => {
        let sm: Float64Array
        let sn: Float64Array
        if (attack === 'distance') {
          const metric = sdmetricsMetric(layout, syn)
          sm = dcrOnPoints(members, syn, metric).dcr.map((d) => -d)
          sn = dcrOnPoints(nonMembers, syn, metric).dcr.map((d) => -d)
        } else if (density === 'knn') {
          // k-NN density (Loftsgaarden & Quesenberry 1965): p(x) ∝ k / (n · r_k(x)^d), so the log ratio
          // p_syn/p_ref ranks targets as log r_k,ref(x) − log r_k,syn(x) (constants and the factor d drop out).
          // Both distances use the synthetic columns' ranges; 1e-12 keeps exact copies (r = 0) finite.
          const metric = sdmetricsMetric(layout, syn)
          const kk = Math.min(densityNeighbours, syn.n, reference.n)
          const treeSyn = buildMixedTree(syn, metric)
          const treeRef = buildMixedTree(reference, metric)
          const score = (p: MixedPoints) => {
            const a = kNearest(treeSyn, p, kk)
            const b = kNearest(treeRef, p, kk)
            return Float64Array.from(
              { length: p.n },
              (_, i) => Math.log(b.distance[i * kk + kk - 1] + 1e-12) - Math.log(a.distance[i * kk + kk - 1] + 1e-12),
            )
          }
          sm = score(members)
          sn = score(nonMembers)
        } else {
          const cap = (p: MixedPoints) => (p.n <= maxDensityRows ? p : takePoints(p, sampleWithoutReplacement(rng, p.n, maxDensityRows)))
          const card = cardinalities(layout)
          const pSyn = fitMixedKde(cap(syn), card)
          const pRef = fitMixedKde(cap(reference), card)
          const score = (p: MixedPoints) => Float64Array.from({ length: p.n }, (_, i) => pSyn.logDensity(p, i) - pRef.logDensity(p, i))
          sm = score(members)
          sn = score(nonMembers)
        }
        return summarizeScores(attack, sm, sn, rng, bootstrap, confidence)
      })
      results.push(one.seconds === undefined ? one.value : { ...one.value, seconds: one.seconds })
    }
    const result: MembershipInferenceResult = {
      attack: 'membershipInference',
      parameters: {
        columns: [...layout.numerical, ...layout.categorical],
        bootstrap,
        confidence,
        maxDensityRows,
        density,
        densityNeighbours,
      },
      rows: {
        train: tr.n,
        holdout: ho.n,
        synthetic: syn.n,
        members: nTargets,
        nonMembers: nTargets,
        densityReference: reference.n,
        sharedWithTrain: shared,
      },
      attacks: results,
    }
    return result
  })
  return run.seconds === undefined ? run.value : { ...run.value, seconds: run.seconds }
}
