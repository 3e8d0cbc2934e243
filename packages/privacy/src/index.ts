// @synthkit/privacy — public API only.
export {
  dcrValues,
  distanceToClosestRecord,
  type DcrOptions,
  type DcrValues,
  type DcrReport,
  type DcrHistogram,
  type DistanceSummary,
} from './distance-to-closest-record'
export { singlingOut, type SinglingOutOptions, type SinglingOutResult } from './singling-out'
export { linkability, type LinkabilityOptions, type LinkabilityResult } from './linkability'
export { attributeInference, type AttributeInferenceOptions, type AttributeInferenceResult } from './attribute-inference'
export {
  attackOutcome,
  wilsonRate,
  residualRate,
  toRisk,
  normalQuantile,
  type AttackOutcome,
  type SuccessRate,
  type PrivacyRisk,
} from './risk'
export {
  membershipInference,
  type MembershipInferenceOptions,
  type MembershipInferenceResult,
  type MembershipAttackResult,
} from './membership-inference'
export type { RocCurve } from './internal/roc'
export {
  dcrBaselineProtection,
  dcrOverfittingProtection,
  type DcrBaselineProtectionResult,
  type DcrOverfittingProtectionResult,
} from './dcr-protection'
export {
  anonymityReport,
  type AnonymityOptions,
  type AnonymityReport,
  type AnonymityMeasures,
  type SensitiveColumnMeasures,
  type QuasiIdentifierCombination,
} from './k-anonymity'
