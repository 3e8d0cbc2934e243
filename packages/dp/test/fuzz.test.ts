// Every bad input gets a typed DpError: each option (and positional argument) of the public functions is replaced
// by arbitrary JavaScript values (BigInt, null-prototype objects, boxed values, maps, typed and sparse arrays, …);
// the call must either succeed or throw a DpError — never a TypeError, RangeError or anything else.
import fc from 'fast-check'
import { describe, it } from 'vitest'
import {
  aboveThreshold,
  advancedComposition,
  analyticGaussianSigma,
  basicComposition,
  classicalGaussianSigma,
  createPrivacyBudget,
  createRdpAccountant,
  discreteGaussian,
  discreteGaussianDelta,
  discreteGaussianMechanism,
  discreteGaussianSigmaSquared,
  discreteLaplace,
  discreteLaplaceMechanism,
  dpContingencyTable,
  dpCount,
  dpHistogram,
  dpMean,
  dpQuantile,
  dpSum,
  exponentialMechanism,
  gaussianMechanism,
  gaussianVectorMechanism,
  isDpError,
  laplaceMechanism,
  laplaceVectorMechanism,
  randomizedResponse,
  rational,
  reportNoisyMaxGumbel,
  sampleDiscreteGaussian,
  sampleDiscreteLaplace,
  unsafeSeededForTesting,
  zcdpToApproxDp,
} from '@synthkit/dp'

const anything = fc.anything({
  withBigInt: true,
  withNullPrototype: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withDate: true,
  maxDepth: 2,
})
// Also the values most likely to reach arithmetic: extreme numbers and near-valid shapes.
const tricky = fc.oneof(
  anything,
  fc.constantFrom(0, -1, 1e-300, 1e300, 2 ** 53, Number.NaN, Infinity, -Infinity, 10n, '1', [], [1], {}, null, undefined, {
    num: 1n,
    den: 0n,
  }),
)

function onlyDpErrors(call: (x: unknown) => unknown): void {
  fc.assert(
    fc.property(tricky, (x) => {
      try {
        call(x)
      } catch (e) {
        if (!isDpError(e)) throw e
      }
    }),
    { numRuns: 120, seed: 20260 },
  )
}

const basic = () => createPrivacyBudget({ epsilon: 1e6, delta: 0.5 })
const zcdp = () => createPrivacyBudget({ rho: 1e6, accounting: 'zcdp' })
const rng = () => unsafeSeededForTesting(3)

// name → [base options, call(options)]; every key of the base (plus rng and what) is fuzzed in turn.
type Call = (o: Record<string, unknown>, options: Record<string, unknown>) => unknown
const mechanisms: [string, () => Record<string, unknown>, Call][] = [
  [
    'discreteLaplaceMechanism',
    () => ({ value: 3, epsilon: 1, sensitivity: 1, budget: basic() }),
    (o, options) => discreteLaplaceMechanism(o.value as number, options as never),
  ],
  [
    'discreteGaussianMechanism',
    () => ({ value: 3, rho: 0.5, sensitivity: 1, budget: zcdp() }),
    (o, options) => discreteGaussianMechanism(o.value as number, options as never),
  ],
  [
    'discreteGaussianMechanism (ε, δ)',
    () => ({ value: 3, epsilon: 1, delta: 1e-6, sensitivity: 1, budget: basic() }),
    (o, options) => discreteGaussianMechanism(o.value as number, options as never),
  ],
  [
    'laplaceMechanism',
    () => ({ value: 3.5, epsilon: 1, sensitivity: 1, budget: basic() }),
    (o, options) => laplaceMechanism(o.value as number, options as never),
  ],
  [
    'laplaceVectorMechanism',
    () => ({ value: [1, 2.5], epsilon: 1, sensitivity: 1, granularity: 0.5, budget: basic() }),
    (o, options) => laplaceVectorMechanism(o.value as number[], options as never),
  ],
  [
    'gaussianMechanism',
    () => ({ value: 3.5, rho: 0.5, sensitivity: 1, budget: zcdp() }),
    (o, options) => gaussianMechanism(o.value as number, options as never),
  ],
  [
    'gaussianVectorMechanism',
    () => ({ value: [1, 2], epsilon: 1, delta: 1e-6, sensitivity: 1, budget: basic() }),
    (o, options) => gaussianVectorMechanism(o.value as number[], options as never),
  ],
  [
    'exponentialMechanism',
    () => ({ utilities: [1, 2, 3], epsilon: 1, sensitivity: 1, budget: basic() }),
    (o, options) => exponentialMechanism(o.utilities as number[], options as never),
  ],
  [
    'reportNoisyMaxGumbel',
    () => ({ utilities: [1, 2, 3], epsilon: 1, sensitivity: 1, budget: basic() }),
    (o, options) => reportNoisyMaxGumbel(o.utilities as number[], options as never),
  ],
  [
    'randomizedResponse',
    () => ({ codes: [0, 1, 2], epsilon: 1, categories: 3, budget: basic() }),
    (o, options) => randomizedResponse(o.codes as number[], options as never),
  ],
  [
    'aboveThreshold',
    () => ({ queries: [1, 5, 9], epsilon: 1, sensitivity: 1, threshold: 4, budget: basic() }),
    (o, options) => aboveThreshold(o.queries as number[], options as never),
  ],
  ['dpCount', () => ({ values: [1, 2, 3], epsilon: 1, budget: basic() }), (o, options) => dpCount(o.values as number[], options as never)],
  ['dpCount (ρ)', () => ({ values: 5, rho: 0.5, budget: zcdp() }), (o, options) => dpCount(o.values as number, options as never)],
  [
    'dpSum',
    () => ({ values: [1, 2, 3], epsilon: 1, bounds: { min: 0, max: 5 }, budget: basic() }),
    (o, options) => dpSum(o.values as number[], options as never),
  ],
  [
    'dpMean',
    () => ({ values: [1, 2, 3], epsilon: 1, bounds: { min: 0, max: 5 }, budget: basic() }),
    (o, options) => dpMean(o.values as number[], options as never),
  ],
  [
    'dpQuantile',
    () => ({ values: [1, 2, 3], epsilon: 1, q: 0.5, candidates: 33, bounds: { min: 0, max: 5 }, budget: basic() }),
    (o, options) => dpQuantile(o.values as number[], options as never),
  ],
  [
    'dpHistogram (categories)',
    () => ({ values: ['a', 'b'], categories: ['a', 'b', 'c'], unknown: 'error', epsilon: 1, budget: basic() }),
    (o, options) => dpHistogram(o.values as string[], options as never),
  ],
  [
    'dpHistogram (bins)',
    () => ({ values: [1, 2], bins: [0, 1, 2, 3], epsilon: 1, budget: basic() }),
    (o, options) => dpHistogram(o.values as number[], options as never),
  ],
  [
    'dpContingencyTable',
    () => ({
      columns: [
        [0, 1],
        [1, 0],
      ],
      cardinalities: [2, 2],
      epsilon: 1,
      budget: basic(),
    }),
    (o, options) => dpContingencyTable(o.columns as number[][], o.cardinalities as number[], options as never),
  ],
]

describe('mechanisms and aggregates: only DpError escapes', () => {
  for (const [name, base, call] of mechanisms) {
    const keys = [...new Set([...Object.keys(base()), 'rng', 'what'])]
    for (const key of keys) {
      it(`${name}: arbitrary ${key}`, () =>
        onlyDpErrors((x) => {
          const o = { ...base(), rng: rng(), [key]: x }
          return call(o, o)
        }))
    }
    it(`${name}: arbitrary options object`, () => onlyDpErrors((x) => call(base(), x as Record<string, unknown>)))
  }
})

describe('budgets, samplers and calibration: only DpError escapes', () => {
  const budgetBase = { epsilon: 1, delta: 1e-6, clock: () => 1, history: [] }
  for (const key of ['epsilon', 'delta', 'rho', 'accounting', 'clock', 'history']) {
    it(`createPrivacyBudget: arbitrary ${key}`, () => onlyDpErrors((x) => createPrivacyBudget({ ...budgetBase, [key]: x } as never)))
  }
  it('createPrivacyBudget: arbitrary options and history entries', () => {
    onlyDpErrors((x) => createPrivacyBudget(x as never))
    onlyDpErrors((x) => createPrivacyBudget({ epsilon: 1, history: [x] } as never))
  })
  it('budget.charge / canAfford / canAffordAll: arbitrary charges and costs', () => {
    onlyDpErrors((x) => basic().charge(x as never))
    onlyDpErrors((x) => zcdp().charge({ what: 'w', mechanism: 'm', parameters: {}, cost: x } as never))
    onlyDpErrors((x) => basic().charge({ what: 'w', mechanism: 'm', parameters: x, cost: { epsilon: 1, delta: 0 } } as never))
    onlyDpErrors((x) => basic().canAfford(x as never))
    onlyDpErrors((x) => zcdp().canAffordAll(x as never))
  })
  it('samplers: arbitrary scale, σ, n and source', () => {
    onlyDpErrors((x) => discreteLaplace(x as number, rng()))
    onlyDpErrors((x) => discreteLaplace(2, x as never)())
    onlyDpErrors((x) => discreteGaussian(x as number, rng()))
    onlyDpErrors((x) => discreteGaussian({ sigmaSquared: x } as never, rng()))
    onlyDpErrors((x) => sampleDiscreteLaplace(2, x as number, rng()))
    onlyDpErrors((x) => sampleDiscreteGaussian(2, x as number, rng()))
    onlyDpErrors((x) => unsafeSeededForTesting(x as number))
    onlyDpErrors((x) => rational(x as number, 3))
  })
  it('calibration and accounting: arbitrary arguments', () => {
    onlyDpErrors((x) => analyticGaussianSigma(x as number, 1e-5, 1))
    onlyDpErrors((x) => analyticGaussianSigma(1, x as number, 1))
    onlyDpErrors((x) => classicalGaussianSigma(0.5, 1e-5, x as number))
    onlyDpErrors((x) => discreteGaussianDelta(x as number, 1, 1))
    onlyDpErrors((x) => discreteGaussianSigmaSquared(1, 1e-5, x as number))
    onlyDpErrors((x) => zcdpToApproxDp(x as number, 1e-5))
    onlyDpErrors((x) => basicComposition(x as never))
    onlyDpErrors((x) => advancedComposition(x as never))
    onlyDpErrors((x) => createRdpAccountant(x as never))
    onlyDpErrors((x) => createRdpAccountant().addGaussian(x as number, 1))
    onlyDpErrors((x) => createRdpAccountant().epsilon(1e-5, x as never))
  })
})
