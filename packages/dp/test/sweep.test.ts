// Distribution sweep: the noise of every exact sampler and of every aggregate built on them, over a grid of
// ordinary doubles for ε (and σ, ρ), against the exact pmf. Regression test for the truncated discrete Laplace
// (draws with u + t·v > 2^53 − 1 were silently rejected, so |noise| never exceeded 1 or 2 at ε = 0.7, 1.2, …).
import { describe, expect, it } from 'vitest'
import {
  createPrivacyBudget,
  discreteLaplaceVectorMechanism,
  dpContingencyTable,
  dpCount,
  dpHistogram,
  dpMean,
  dpSum,
  rational,
  rationalFromNumber,
  sampleDiscreteGaussian,
  sampleDiscreteLaplace,
  unsafeSeededForTesting,
  type Rational,
} from '@synthkit/dp'
import { chiSquareTail, detectableTail, discreteGaussianLaw, discreteLaplaceLaw, type SymmetricLaw } from './gof'

// 33 values of ε: "nice" numbers and ordinary doubles whose exact rational has a 2^52-sized numerator or denominator.
const EPSILONS = [
  0.01,
  0.05,
  0.1,
  0.2,
  0.25,
  0.3,
  1 / 3,
  0.4,
  0.5,
  0.6,
  2 / 3,
  0.7,
  0.75,
  0.8,
  0.9,
  1,
  1.1,
  1.2,
  1.25,
  1.3,
  1 / 0.7,
  1.5,
  Math.PI / 2,
  1.7,
  1.8,
  2,
  Math.E,
  3,
  Math.PI,
  4,
  5,
  7,
  10,
]
const SENSITIVITIES = [1, 2, 3]
// Scalar aggregates cost one release per draw: a subset of the grid, with the values that were broken.
const SCALAR_EPSILONS = [0.1, 1 / 3, 0.7, 1.2, 1.3, 1 / 0.7, 1.8, Math.E, 5]
const SIGMAS = [0.3, 2 / 3, 0.7, 1 / 0.7, 1.234567, Math.E, 3.7, 12.345, 100 / 7]
const RHOS = [0.05, 1 / 3, 0.7, 1.7]
const SCALAR_RHOS = [0.05, 0.3]
const N = 50_000
const N_SCALAR = 5_000
// Power requirement per point: removing the two tails beyond some |x| > k, of total mass q ≤ MAX_TAIL, is detected
// with probability ≥ 0.99 at the Bonferroni level (non-centrality λ = n·q/(1 − q)). The overflow bug removed
// 1.8 %–16 % of the mass at the points where it was visible (e^−4 … e^−2 of the geometric part).
const MAX_TAIL = 0.05

/** The exact scale Δ/ε of the discrete Laplace mechanism, as the nearest double (for the pmf only). */
function scaleOf(epsilon: number, sensitivity: number): number {
  const e: Rational = rationalFromNumber(epsilon)
  const r = rational(BigInt(sensitivity) * e.den, e.num)
  return Number(r.num) / Number(r.den)
}

/**
 * n draws, or n·2^j (j ≤ 8) for concentrated laws: the fewest with which the chi-square meets the power requirement
 * (a missing tail of mass ≤ MAX_TAIL detected with probability ≥ 0.99 at the Bonferroni level).
 */
function drawsFor(law: SymmetricLaw, n = N): number {
  let m = n
  while (m < 256 * n && !(detectableTail(law, m, ALPHA) <= MAX_TAIL)) m *= 2
  return m
}

interface Case {
  readonly family: string
  readonly name: string
  /** Noise draws (release − true answer) and the exact law they must follow. */
  readonly run: () => { readonly noise: ArrayLike<number>; readonly law: SymmetricLaw }
}

const bigBudget = () => createPrivacyBudget({ epsilon: 1e9 })
const bigZ = () => createPrivacyBudget({ rho: 1e9, accounting: 'zcdp' })
let seed = 1000

const cases: Case[] = []
for (const epsilon of EPSILONS) {
  for (const sensitivity of SENSITIVITIES) {
    const s = seed++
    cases.push({
      family: 'discreteLaplaceVectorMechanism',
      name: `ε = ${epsilon}, Δ = ${sensitivity}`,
      run: () => {
        const law = discreteLaplaceLaw(scaleOf(epsilon, sensitivity))
        const r = discreteLaplaceVectorMechanism(new Float64Array(drawsFor(law)), {
          epsilon,
          sensitivity,
          budget: bigBudget(),
          rng: unsafeSeededForTesting(s),
        })
        return { noise: r.value, law }
      },
    })
  }
}
for (const scale of [1 / 0.7, 0.7, 1 / 0.3, 1 / 1.2, 1.3, Math.PI / 3, 2.5 / 1.7]) {
  const s = seed++
  cases.push({
    family: 'sampleDiscreteLaplace',
    name: `scale = ${scale}`,
    run: () => ({ noise: sampleDiscreteLaplace(scale, N, unsafeSeededForTesting(s)), law: discreteLaplaceLaw(scale) }),
  })
}
for (const sigma of SIGMAS) {
  const s = seed++
  cases.push({
    family: 'sampleDiscreteGaussian',
    name: `σ = ${sigma}`,
    run: () => {
      const law = discreteGaussianLaw(sigma * sigma)
      return { noise: sampleDiscreteGaussian(sigma, drawsFor(law), unsafeSeededForTesting(s)), law }
    },
  })
}

const CELLS = [250, 120] // 3·10^4 cells
const categories = Array.from({ length: CELLS[0] * CELLS[1] }, (_, i) => `c${i}`)
type Privacy = { epsilon: number } | { rho: number }
const privacies: Privacy[] = [...EPSILONS.map((epsilon) => ({ epsilon })), ...RHOS.map((rho) => ({ rho }))]

/** The law of the noise of a sensitivity-1 release (discrete Laplace 1/ε, or the discrete Gaussian of the σ used). */
function lawOf(p: Privacy, parameters: Readonly<Record<string, unknown>>): SymmetricLaw {
  if ('epsilon' in p) return discreteLaplaceLaw(scaleOf(p.epsilon, 1))
  const sigma = parameters.sigma as number
  return discreteGaussianLaw(sigma * sigma)
}
/** Repeats a vector release until ~100 draws off zero are expected (10 releases for the most concentrated laws). */
function repeat(
  p: Privacy,
  once: (rng: ReturnType<typeof unsafeSeededForTesting>) => { noise: ArrayLike<number>; law: SymmetricLaw },
  s: number,
) {
  const rng = unsafeSeededForTesting(s)
  const first = once(rng)
  const reps = drawsFor(first.law, first.noise.length) / first.noise.length
  const noise = Float64Array.from(first.noise)
  const all = [noise]
  for (let i = 1; i < reps; i++) all.push(Float64Array.from(once(rng).noise))
  const out = new Float64Array(all.reduce((n, a) => n + a.length, 0))
  let at = 0
  for (const a of all) {
    out.set(a, at)
    at += a.length
  }
  return { noise: out, law: first.law }
}
const budgetFor = (p: Privacy) => ('rho' in p ? bigZ() : bigBudget())
const describePrivacy = (p: Privacy) => ('rho' in p ? `ρ = ${p.rho}` : `ε = ${p.epsilon}`)

for (const p of privacies) {
  const s1 = seed++
  const s2 = seed++
  cases.push({
    family: 'dpHistogram',
    name: describePrivacy(p),
    run: () =>
      repeat(
        p,
        (rng) => {
          const r = dpHistogram([], { ...p, categories, budget: budgetFor(p), rng })
          return { noise: r.value.counts, law: lawOf(p, r.parameters) }
        },
        s1,
      ),
  })
  cases.push({
    family: 'dpContingencyTable',
    name: describePrivacy(p),
    run: () =>
      repeat(
        p,
        (rng) => {
          const r = dpContingencyTable([[], []], CELLS, { ...p, budget: budgetFor(p), rng })
          return { noise: r.value.counts, law: lawOf(p, r.parameters) }
        },
        s2,
      ),
  })
}

const scalarPrivacies: Privacy[] = [...SCALAR_EPSILONS.map((epsilon) => ({ epsilon })), ...SCALAR_RHOS.map((rho) => ({ rho }))]
const TRUE_COUNT = 1000
for (const p of scalarPrivacies) {
  const s = seed++
  cases.push({
    family: 'dpCount',
    name: describePrivacy(p),
    run: () => {
      const rng = unsafeSeededForTesting(s)
      const budget = budgetFor(p)
      const first = dpCount(TRUE_COUNT, { ...p, budget, rng })
      const law = lawOf(p, first.parameters)
      const noise = new Float64Array(drawsFor(law, N_SCALAR))
      noise[0] = first.value - TRUE_COUNT
      for (let i = 1; i < noise.length; i++) noise[i] = dpCount(TRUE_COUNT, { ...p, budget, rng }).value - TRUE_COUNT
      return { noise, law }
    },
  })
}
// dpSum on [0, 1]: grid g = 2^−20, sensitivity 2^20 steps; an empty column sums to 0, so value/g is the noise.
for (const epsilon of SCALAR_EPSILONS) {
  const s = seed++
  cases.push({
    family: 'dpSum',
    name: `ε = ${epsilon}`,
    run: () => {
      const rng = unsafeSeededForTesting(s)
      const budget = bigBudget()
      const noise = new Float64Array(N_SCALAR)
      for (let i = 0; i < N_SCALAR; i++) {
        const r = dpSum([], { epsilon, bounds: { min: 0, max: 1 }, budget, rng })
        noise[i] = r.value / (r.parameters.granularity as number)
      }
      return { noise, law: discreteLaplaceLaw(scaleOf(epsilon, 2 ** 20)) }
    },
  })
}
// dpMean: its count and its sum are each released with ε/2; check both noises.
const MEAN_VALUES = [0.25, 0.5, 0.75, 1]
for (const epsilon of SCALAR_EPSILONS) {
  const s = seed++
  let memo: { count: Float64Array; sum: Float64Array } | undefined
  const releases = () => {
    if (memo !== undefined) return memo
    const rng = unsafeSeededForTesting(s)
    const budget = bigBudget()
    const count = new Float64Array(N_SCALAR)
    const sum = new Float64Array(N_SCALAR)
    for (let i = 0; i < N_SCALAR; i++) {
      const r = dpMean(MEAN_VALUES, { epsilon, bounds: { min: 0, max: 1 }, budget, rng })
      count[i] = r.value.count - MEAN_VALUES.length
      sum[i] = r.value.sum / 2 ** -20 - 2.5 * 2 ** 20 // grid 2^−20; the exact sum is 2.5·2^20 steps
    }
    memo = { count, sum }
    return memo
  }
  for (const part of ['count', 'sum'] as const) {
    cases.push({
      family: `dpMean (${part})`,
      name: `ε = ${epsilon}`,
      run: () => ({ noise: releases()[part], law: discreteLaplaceLaw(scaleOf(epsilon / 2, part === 'count' ? 1 : 2 ** 20)) }),
    })
  }
}

// Bonferroni over the whole sweep: the family-wise false-alarm rate of a correct sampler is ≤ 10^−3.
const ALPHA = 1e-3 / cases.length

describe(`noise distribution sweep (${cases.length} chi-square tests, each at α = 10^−3/${cases.length})`, () => {
  const families = [...new Set(cases.map((c) => c.family))]
  for (const family of families) {
    const mine = cases.filter((c) => c.family === family)
    it(`${family}: ${mine.length} points match the exact pmf; each test detects a missing tail of mass ≤ 5 % with power ≥ 0.99`, () => {
      const failures: string[] = []
      const tails: number[] = []
      for (const c of mine) {
        const { noise, law } = c.run()
        const r = chiSquareTail(noise, law, ALPHA)
        tails.push(r.detectableTail)
        if (!(r.pValue > ALPHA)) failures.push(`${c.name}: χ² = ${r.statistic.toFixed(1)}, df = ${r.df}, p = ${r.pValue.toExponential(2)}`)
        if (!(r.detectableTail <= MAX_TAIL)) failures.push(`${c.name}: no power (smallest detectable tail ${r.detectableTail})`)
      }
      tails.sort((a, b) => a - b)
      const summary = `${family}: ${failures.length} of ${mine.length} failed; detectable tail (power 0.99) median ${tails[tails.length >> 1].toExponential(1)}, max ${tails[tails.length - 1].toExponential(1)}`
      console.log(summary)
      expect(failures, summary).toEqual([])
    }, 240_000) // ~70 s for the largest family when turbo runs every package's tests at once on 2 cores
  }
})
