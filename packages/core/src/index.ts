// @synthkit/core public API: an explicit list, module by module. Helpers not listed here are internal.
export {
  type ErrorCode,
  type Issue,
  SynthkitError,
  isSynthkitError,
  synthkitError,
  formatIssues,
  orThrow,
  tryCatchSynthkit,
  ioTsIssues,
} from './errors'
export { taggedUnion, strictObject, FiniteNumber, NonEmptyString, NonNegativeInt } from './codec'
export {
  Sensitivity,
  MissingValues,
  ThousandsSeparator,
  NumericalColumn,
  CategoricalColumn,
  BooleanColumn,
  DatetimeColumn,
  IdColumn,
  TextColumn,
  ColumnSpec,
  type ColumnKind,
  TableSchemaCodec,
  type TableSchema,
  Relationship,
  DatasetSchemaCodec,
  type DatasetSchema,
  tableSchemaIssues,
  constraintColumns,
  decodeTableSchema,
  parseTableSchema,
  decodeDatasetSchema,
  parseDatasetSchema,
  columnSpec,
  sensitivityOf,
} from './schema'
export {
  RangeConstraint,
  InequalityConstraint,
  FixedCombinationsConstraint,
  UniqueConstraint,
  PositiveConstraint,
  NegativeConstraint,
  RegexConstraint,
  ExpressionConstraint,
  ForeignKeyConstraint,
  FunctionalDependencyConstraint,
  ConstraintCondition,
  ConditionalConstraint,
  MissingTogetherConstraint,
  Constraint,
} from './constraint'
export {
  parseDatetime,
  formatDatetime,
  matchDatetime,
  matchDatetimeFormats,
  isDatetimeFormat,
  MONTH_NAMES,
  type DatetimeMatch,
} from './datetime'
export {
  type NumericColumnData,
  type CodedColumnData,
  type StringColumnData,
  type ColumnData,
  type Table,
  storageOf,
  booleanLabels,
  columnRecord,
  createTable,
  getColumn,
  cellValue,
  columnToStrings,
  toRows,
  select,
  take,
  slice,
  concat,
  recode,
} from './table'
export {
  decodeRows,
  fromRows,
  decodeColumns,
  fromColumns,
  type DecodedTable,
  decodeColumnsWithProblems,
  datetimeFormatsOf,
} from './table-decode'
export {
  type RandomSource,
  type Rng,
  createRng,
  createRngFromState,
  secureRng,
  d3Source,
  uniformInt,
  shuffleInPlace,
  standardNormal,
  fillStandardNormal,
  fillUniform,
} from './rng'
export { backgroundWasm, embeddedWasm } from './wasm'
export {
  type ProblemExample,
  type ColumnProblem,
  type InferredColumn,
  type InferredSchema,
  InferOptionsCodec,
  type InferOptions,
  inferSchemaE,
  inferSchema,
} from './inference'
export { DEFAULT_MISSING_VALUES, missingMarkerTest } from './missing-markers'
export {
  classifyNumber,
  isExactInteger,
  numberValue,
  decimalsOf,
  groupingSeparatorOf,
  type NumberClass,
} from './value-parsing'
export { learnPrecision, roundTo } from './transform-numerical'
export {
  type FrequencyEncoder,
  type FrequencyEncoderOptions,
  type FrequencyLayout,
  countCodes,
  fitFrequencyEncoder,
  frequencyEncode,
  frequencyDecode,
} from './transform-categorical'
export { type DatetimeTransform, fitDatetimeTransform, forwardDatetime, inverseDatetime } from './transform-datetime'
export { type Discretizer, fitEqualWidthDiscretizer, fitQuantileDiscretizer, discretize, undiscretize } from './discretizer'
export { type ColumnSummary, summarize } from './summary'
export {
  MAX_EXPRESSION_LENGTH,
  MAX_EXPRESSION_DEPTH,
  type CompiledExpression,
  EXPRESSION_FUNCTIONS,
  compileExpression,
  hasExpressionParser,
} from './expression'
export {
  type ConstraintContext,
  type ConstraintCheck,
  type ConstraintReport,
  constraintName,
  compileConstraintRegex,
  checkConstraints,
  validRowMask,
  learnConstraints,
} from './constraint-check'
export { repairConstraints } from './constraint-relations'
export {
  type ConstraintStep,
  type ConstraintPlan,
  assertSatisfiable,
  planConstraintTransforms,
  applyConstraintTransforms,
  invertConstraintTransforms,
} from './constraint-transform'
export {
  type RejectionOptions,
  type RejectionState,
  type RejectionStats,
  createRejectionState,
  sampleWithRejection,
  sampleWithRejectionStats,
} from './constraint-sample'
export type { ConditionValue, Conditions } from './conditions'
export {
  type ValueGenerator,
  type GeneratedKind,
  idGenerator,
  parseSimplePattern,
  placeholder,
  generateColumn,
} from './generated-columns'
export { OutputRule, MAX_OUTPUT_PRECISION, outputRuleIssues, applyOutputRule } from './output-rules'
export { type WorkStep, type WorkSteps, type CooperativeOptions, runWorkSteps, runWorkStepsAsync } from './cooperative'
export {
  STREAM_BLOCK_ROWS,
  type GeneratedColumn,
  type StreamRowsOptions,
  type StreamShard,
  type ShardBlock,
  type BlockSource,
  streamRows,
  streamShard,
  streamBlockCount,
  sampleRows,
} from './stream-driver'
export {
  SYNTHESIZER_PROTOCOL,
  DEFAULT_CHUNK_ROWS,
  type SynthesizerCapabilities,
  type PrivacyRequest,
  type ProgressEvent,
  type CancellationSignal,
  type FitContext,
  type SynthesizerInput,
  type OutputSchema,
  type StreamRequest,
  type SampledChunk,
  type PrivacyGuarantee,
  type SynthesizerDescription,
  type OptionFlag,
  type Synthesizer,
} from './synthesizer'
export {
  discoverConstraints,
  DiscoverOptionsCodec,
  type DiscoverOptions,
  type DiscoveryResult,
  type ConstraintProposal,
  type DiscoveredKind,
  type DiscoveredCondition,
} from './constraint-discover'
