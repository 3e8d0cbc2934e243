// @synthkit/dp public API: re-exports only.
export { DpError, isDpError, tryDp, type DpErrorCode, type DpIssue } from './errors'
export { secureRandomSource, unsafeSeededForTesting, type RandomSource } from './random'
export { rational, rationalFromNumber, rationalToNumber, type Rational, type RationalLike } from './rational'
export { bernoulliExp, bernoulliExpBig } from './bernoulli'
export { uniformBelow } from './uniform'
export { discreteLaplace, sampleDiscreteLaplace, discreteLaplacePmf } from './discrete-laplace'
export { discreteGaussian, sampleDiscreteGaussian } from './discrete-gaussian'
export { erfc, normalCdf } from './normal'
export { analyticGaussianSigma, analyticGaussianSigmaE, classicalGaussianSigma, gaussianDelta } from './analytic-gaussian'
export {
  createPrivacyBudget,
  type PrivacyBudget,
  type PrivacyBudgetOptions,
  type PrivacyCost,
  type LedgerEntry,
  type Charge,
} from './privacy-budget'
export { gaussianRho, pureDpRho, zcdpCompose, zcdpToApproxDp, zcdpToApproxDpTight, rdpToApproxDpAtOrder, rhoForApproxDp } from './zcdp'
export type { Release, MechanismOptions } from './release'
export {
  discreteLaplaceMechanism,
  discreteLaplaceVectorMechanism,
  laplaceMechanism,
  laplaceVectorMechanism,
  type DiscreteLaplaceOptions,
  type LaplaceOptions,
} from './laplace-mechanism'
export {
  discreteGaussianMechanism,
  discreteGaussianVectorMechanism,
  gaussianMechanism,
  gaussianVectorMechanism,
  type GaussianPrivacy,
  type DiscreteGaussianOptions,
  type GaussianOptions,
} from './gaussian-mechanism'
export {
  exponentialMechanism,
  exponentialSampler,
  reportNoisyMaxGumbel,
  gumbelMaxSampler,
  type ExponentialOptions,
} from './exponential-mechanism'
export { randomizedResponse, type RandomizedResponseOptions } from './randomized-response'
export { aboveThreshold, type AboveThresholdOptions } from './sparse-vector'
export { basicComposition, advancedComposition, advancedCompositionEpsilon, type ApproxDp } from './composition'
export { createRdpAccountant, DEFAULT_ORDERS, type RdpAccountant } from './rdp-accountant'
export { requireBounds, type Bounds } from './bounds'
export { dpCount, dpSum, dpMean, type AggregatePrivacy, type BoundedOptions, type DpMean } from './aggregates'
export { dpHistogram, type HistogramOptions, type DpHistogram } from './histogram'
export { dpQuantile, type QuantileOptions } from './quantile'
export { discreteGaussianDelta, discreteGaussianSigmaSquared } from './discrete-gaussian-calibration'
export { dpContingencyTable, type DpContingencyTable } from './contingency-table'
