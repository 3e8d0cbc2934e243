// @synthkit/rules public API: an explicit list. Helpers under src/internal/ are not exported.
// Scenario specs may derive fields with sandboxed expressions: register core's expression parser (mathjs).
import '@synthkit/core/expression'
export {
  Rate,
  SequenceField,
  PatternField,
  FakerField,
  ChoiceField,
  BooleanField,
  ConstantField,
  DateField,
  ExpressionField,
  TemplateField,
  ParentField,
  ReferenceField,
  UniformField,
  IntegerField,
  NormalField,
  LognormalField,
  ExponentialField,
  GammaField,
  BetaField,
  WeibullField,
  ParetoField,
  LogisticField,
  PoissonField,
  BinomialField,
  GeometricField,
  FieldSpec,
  type FieldType,
  Cardinality,
  ParentSpec,
  EdgeCase,
  ModelSource,
  TableSpec,
  ScenarioSpecCodec,
  type ScenarioSpec,
  DEFAULT_ANCHOR,
} from './spec'
export { type DecodeScenarioOptions, decodeScenario, parseScenario, scenarioModelKeys } from './decode'
export { type InjectionEntry, type ScenarioChunk, type GenerateOptions, type ScenarioOutput, generateScenario } from './generate'
export type { LearnedModel, ModelRegistry } from './model-source'
export { FAKER_METHODS, FAKER_LOCALES, type FakerMethod } from './faker-methods'
export { DISTRIBUTION_TYPES, type DistributionType } from './distributions'
export { NON_ASCII_SAMPLES } from './internal/edge-cases'
export { type ValueRule, type ValueGeneratorOptions, createValueGenerator } from './value-generator'
export { type JsonLinesOptions, toJsonLines } from './json-lines'
export {
  RULES_VERSION,
  type EmbeddedModel,
  type ScenarioOptions,
  type ScenarioModel,
  type RulesSynthesizerOptions,
  createRulesSynthesizer,
  rulesSynthesizer,
} from './adapter'
