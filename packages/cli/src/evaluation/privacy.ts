import { percent } from './evaluation'
import { type Rng, type Table, columnSpec } from '@synthkit/core'
import {
  type AnonymityReport,
  type AttributeInferenceResult,
  type DcrBaselineProtectionResult,
  type DcrOverfittingProtectionResult,
  type DcrReport,
  type LinkabilityResult,
  type MembershipInferenceResult,
  type SinglingOutResult,
  anonymityReport,
  attributeInference,
  dcrBaselineProtection,
  dcrOverfittingProtection,
  distanceToClosestRecord,
  linkability,
  membershipInference,
  singlingOut,
} from '@synthkit/privacy'

/** What `synthkit attack` runs. The holdout (real rows the generator never saw) enables the control-based attacks. */
export interface PrivacyRequest {
  readonly train: Table
  readonly synthetic: Table
  readonly holdout?: Table
  /** Column an attribute-inference attacker wants to learn. */
  readonly secret?: string
  /** Quasi-identifier columns (default: the schema's `quasi-identifier` tags). */
  readonly quasiIdentifiers?: readonly string[]
  readonly attacks?: number
  readonly rng: Rng
  readonly clock?: () => number
}

/** Every result as plain JSON; attacks that need a holdout are null without one. */
export interface PrivacyResults {
  readonly dcr: DcrReport
  readonly dcrBaselineProtection: DcrBaselineProtectionResult
  readonly dcrOverfittingProtection: DcrOverfittingProtectionResult | null
  readonly membershipInference: MembershipInferenceResult | null
  readonly singlingOut: SinglingOutResult | null
  /** anonymeter's multivariate singling-out (predicates on 3 columns). */
  readonly singlingOutMultivariate: SinglingOutResult | null
  readonly linkability: LinkabilityResult | null
  readonly attributeInference: AttributeInferenceResult | null
  readonly anonymity: AnonymityReport | null
}

/**
 * Runs the privacy attacks of @synthkit/privacy on a release: distances (DCR/NNDR, SDMetrics' baseline and
 * overfitting protection, exact on all rows), membership inference (distance and density attacks), anonymeter's
 * univariate and multivariate singling-out, linkability and attribute inference against the holdout as control, and k-anonymity over the
 * quasi-identifiers. Each attack draws from its own substream of `rng`, so results are reproducible from one seed.
 */
export function runPrivacyAttacks(request: PrivacyRequest): PrivacyResults {
  const { train, synthetic, holdout, rng, clock } = request
  // anonymeter's default is 500 attacks; a small table gets as many as it has rows (each attack targets one row)
  const nAttacks = request.attacks ?? Math.max(1, Math.min(500, train.nRows, holdout?.nRows ?? train.nRows))
  if (request.secret !== undefined) columnSpec(train.schema, request.secret)
  const quasi = request.quasiIdentifiers ?? train.schema.columns.filter((c) => c.sensitivity === 'quasi-identifier').map((c) => c.name)
  const dcr = distanceToClosestRecord(synthetic, train, { holdout, clock })
  const baseline = dcrBaselineProtection(train, synthetic, { rng: rng.split(), clock })
  const overfitting = holdout ? dcrOverfittingProtection(train, holdout, synthetic, { clock }) : null
  const mia = holdout ? membershipInference(train, holdout, synthetic, { rng: rng.split(), clock }) : null
  const so = holdout ? singlingOut(train, synthetic, holdout, { rng: rng.split(), mode: 'univariate', nAttacks, clock }) : null
  const link = holdout ? linkability(train, synthetic, holdout, { rng: rng.split(), nAttacks, clock }) : null
  const inference =
    holdout && request.secret ? attributeInference(train, synthetic, holdout, { rng: rng.split(), secret: request.secret, clock }) : null
  // drawn after the others, so adding it left their substreams (and results for a seed) unchanged
  const soMulti = holdout ? singlingOut(train, synthetic, holdout, { rng: rng.split(), mode: 'multivariate', nAttacks, clock }) : null
  const anonymity = quasi.length > 0 ? anonymityReport(train, synthetic, { quasiIdentifiers: quasi }) : null
  return {
    dcr,
    dcrBaselineProtection: baseline,
    dcrOverfittingProtection: overfitting,
    membershipInference: mia,
    singlingOut: so,
    singlingOutMultivariate: soMulti,
    linkability: link,
    attributeInference: inference,
    anonymity,
  }
}

/** The figures gates and cards use: the worst anonymeter risk, the best membership AUC, the DCR protection. */
export function privacySummary(r: PrivacyResults): {
  maxRisk: number | null
  maxMiaAuc: number | null
  dcrBaselineProtection: number | null
  dcrOverfittingProtection: number | null
} {
  const risks = [r.singlingOut, r.singlingOutMultivariate, r.linkability, r.attributeInference].flatMap((a) => (a ? [a.risk.value] : []))
  const aucs = (r.membershipInference?.attacks ?? []).map((a) => a.auc)
  return {
    maxRisk: risks.length > 0 ? Math.max(...risks) : null,
    maxMiaAuc: aucs.length > 0 ? Math.max(...aucs) : null,
    dcrBaselineProtection: r.dcrBaselineProtection.score,
    dcrOverfittingProtection: r.dcrOverfittingProtection?.score ?? null,
  }
}

/** A score with 3 decimals, — when undefined. */
export const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3))
const ci = (c: readonly [number, number] | undefined) => (c ? `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]` : '')

/** The attack results as the rows of a text table: what, measured, with what chance alone gives. */
export function privacyRows(r: PrivacyResults): string[][] {
  const rows: string[][] = []
  rows.push([
    'DCR to train (median)',
    f3(r.dcr.train.median),
    r.dcr.holdout ? `holdout ${f3(r.dcr.holdout.median)}` : '',
    `${r.dcr.train.exactCopies} exact copies`,
  ])
  rows.push([
    'DCRBaselineProtection',
    f3(r.dcrBaselineProtection.score),
    `random rows ${f3(r.dcrBaselineProtection.medianDcrToReal.randomDataBaseline)}`,
    '1 = as far as random',
  ])
  if (r.dcrOverfittingProtection)
    rows.push([
      'DCROverfittingProtection',
      f3(r.dcrOverfittingProtection.score),
      `closer to train ${percent(r.dcrOverfittingProtection.syntheticDataPercentages.closerToTraining)}`,
      '1 = no overfitting',
    ])
  for (const a of r.membershipInference?.attacks ?? []) rows.push([`membership (${a.attack}) AUC`, f3(a.auc), ci(a.aucCi), 'chance 0.5'])
  // TPR at low FPR: what a confident attacker gets (an AUC near 0.5 can hide a few rows identified for sure)
  for (const a of r.membershipInference?.attacks ?? [])
    rows.push([
      `membership (${a.attack}) TPR at 1% FPR`,
      f3(a.tprAt1pct),
      ci(a.tprAt1pctCi),
      `chance 0.010; at 0.1% FPR ${f3(a.tprAt0_1pct)} (chance 0.001)`,
    ])
  for (const [name, a] of [
    ['singling-out risk', r.singlingOut],
    ['singling-out risk (multivariate)', r.singlingOutMultivariate],
    ['linkability risk', r.linkability],
    ['attribute inference risk', r.attributeInference],
  ] as const) {
    if (a) rows.push([name, f3(a.risk.value), ci(a.risk.ci), a.betterThanBaseline ? 'vs control' : 'not better than baseline'])
  }
  if (r.anonymity)
    rows.push([
      `k-anonymity (${r.anonymity.parameters.quasiIdentifiers.join(', ')})`,
      `real ${r.anonymity.real.k}`,
      r.anonymity.synthetic ? `synthetic ${r.anonymity.synthetic.k}` : '',
      `${r.anonymity.real.rowsInRareClasses} real rows in rare classes`,
    ])
  return rows
}
