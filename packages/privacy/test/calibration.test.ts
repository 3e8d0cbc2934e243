import { createRng, shuffleInPlace, take } from '@synthkit/core'
import { fitCopula, sampleCopula } from '@synthkit/copula'
import { describe, expect, it } from 'vitest'
import { attributeInference, dcrBaselineProtection, dcrOverfittingProtection, linkability, membershipInference, singlingOut } from '../src'
import { loadTable, schemaFromSdv } from './helpers'

// Three disjoint random parts of diamonds (4,000 rows each): train (members), holdout/control (non-members), and
// "outside" rows. The null generator is a Gaussian copula fitted on the outside rows only, so it never saw train or
// holdout: every attack must score chance. The copying generator outputs the training rows: every attack must fire.
const schema = schemaFromSdv('diamonds.metadata.json')
const real = loadTable('diamonds', schema)
const order = shuffleInPlace(
  createRng(2026),
  Int32Array.from({ length: real.nRows }, (_, i) => i),
)
const N = 4000
const train = take(real, order.subarray(0, N))
const holdout = take(real, order.subarray(N, 2 * N))
const outside = take(real, order.subarray(2 * N, 3 * N))
const nullSynthetic = sampleCopula(fitCopula(outside), N, createRng(7))
const copySynthetic = take(
  train,
  shuffleInPlace(
    createRng(8),
    Int32Array.from({ length: N }, (_, i) => i),
  ),
)

describe('calibration: a generator that never saw the rows scores chance, one that copies them scores high', () => {
  it('membership inference: AUC CI covers 0.5 for the null generator, AUC > 0.9 for the copier (both attacks)', () => {
    const opts = { rng: createRng(1), nTargets: 800, bootstrap: 100 }
    const none = membershipInference(train, holdout, nullSynthetic, opts)
    const copy = membershipInference(train, holdout, copySynthetic, opts)
    expect(none.attacks.map((a) => a.attack)).toEqual(['distance', 'density'])
    for (const a of none.attacks) {
      expect(a.aucCi[0]).toBeLessThanOrEqual(0.5)
      expect(a.aucCi[1]).toBeGreaterThanOrEqual(0.5)
      expect(a.tprAt1pct).toBeLessThan(0.05)
    }
    for (const a of copy.attacks) {
      expect(a.auc).toBeGreaterThan(0.9)
      expect(a.tprAt1pct).toBeGreaterThan(0.5)
    }
  })

  it('the KDE density ratio is calibrated too, but smooth: it detects the copier only weakly in 10 columns', () => {
    const opts = {
      rng: createRng(2),
      nTargets: 400,
      bootstrap: 100,
      attacks: ['density' as const],
      density: 'kde' as const,
      maxDensityRows: 2000,
    }
    const none = membershipInference(train, holdout, nullSynthetic, opts).attacks[0]
    const copy = membershipInference(train, holdout, copySynthetic, opts).attacks[0]
    expect(none.aucCi[0]).toBeLessThanOrEqual(0.5)
    expect(none.aucCi[1]).toBeGreaterThanOrEqual(0.5)
    expect(copy.aucCi[0]).toBeGreaterThan(0.55)
  })

  it("DCR protection: SDMetrics' per-reference ranges are biased; shared ranges put half the null rows closer to training", () => {
    // SDMetrics scales each DCR by its own reference's ranges: the holdout here has wider ranges in some columns, so
    // rows look closer to it. Real rows from outside the two sets show the same bias.
    const biased = dcrOverfittingProtection(train, holdout, outside)
    expect(biased.syntheticDataPercentages.closerToTraining).toBeLessThan(0.45)
    const none = dcrOverfittingProtection(train, holdout, nullSynthetic, { ranges: 'shared' })
    const copy = dcrOverfittingProtection(train, holdout, copySynthetic)
    // 4,000 rows: the share's standard error is 0.008, so 0.5 ± 0.03 is a 3.75σ band.
    expect(Math.abs(none.syntheticDataPercentages.closerToTraining - 0.5)).toBeLessThan(0.03)
    // 3 of the copied rows also occur in the holdout (diamonds has duplicate rows): a tie is not "closer".
    expect(copy.syntheticDataPercentages.closerToTraining).toBeGreaterThan(0.998)
    expect(copy.score).toBeLessThan(0.004)
    expect(dcrBaselineProtection(train, copySynthetic, { rng: createRng(3) }).score).toBe(0)
    expect(dcrBaselineProtection(train, nullSynthetic, { rng: createRng(3) }).score).toBeGreaterThan(0)
  })

  it('anonymeter attacks: risk CI covers 0 for the null generator and exceeds 0.5 for the copier', () => {
    const attacks = [
      (syn: typeof train) => singlingOut(train, syn, holdout, { rng: createRng(4), nAttacks: 200, confidence: 0.99 }),
      (syn: typeof train) => linkability(train, syn, holdout, { rng: createRng(5), nAttacks: 300, confidence: 0.99 }),
      (syn: typeof train) => attributeInference(train, syn, holdout, { rng: createRng(6), secret: 'cut', nAttacks: 300, confidence: 0.99 }),
    ]
    for (const attack of attacks) {
      const none = attack(nullSynthetic)
      const copy = attack(copySynthetic)
      expect(none.risk.ci[0]).toBe(0)
      // (at 99 % confidence: with 3 attacks a 95 % interval would exclude 0 by chance 7 % of the time)
      expect(copy.risk.value).toBeGreaterThan(0.5)
      expect(copy.risk.ci[0]).toBeGreaterThan(0.3)
    }
  })

  it('a copula fitted on the training rows lands at the chance end of the null–copier range', () => {
    // The Gaussian copula keeps marginals and a correlation matrix, not rows: on diamonds' 4,000 training rows no attack
    // tells its output from the null generator's (figures in the README's calibration note).
    const copula = sampleCopula(fitCopula(train), N, createRng(7))
    const mia = membershipInference(train, holdout, copula, { rng: createRng(1), nTargets: 800, bootstrap: 100 })
    for (const a of mia.attacks) {
      expect(a.aucCi[0]).toBeLessThanOrEqual(0.5)
      expect(a.aucCi[1]).toBeGreaterThanOrEqual(0.5)
    }
    const closer = dcrOverfittingProtection(train, holdout, copula, { ranges: 'shared' }).syntheticDataPercentages.closerToTraining
    expect(Math.abs(closer - 0.5)).toBeLessThan(0.03)
    const so = singlingOut(train, copula, holdout, { rng: createRng(4), nAttacks: 200, confidence: 0.99 })
    const link = linkability(train, copula, holdout, { rng: createRng(5), nAttacks: 300, confidence: 0.99 })
    const inference = attributeInference(train, copula, holdout, { rng: createRng(6), secret: 'cut', nAttacks: 300, confidence: 0.99 })
    for (const r of [so, link, inference]) expect(r.risk.ci[0]).toBe(0)
  })
})
