export { fitCopula, fitCopulaAsync, fitCopulaE, type CopulaOptions } from './fit'
export { MAX_COPULA_DIMENSIONS } from './dimension-limit'
export { sampleCopula, sampleCopulaStream, DEFAULT_CHUNK_ROWS, type SampleOptions, type StreamOptions } from './sample'
export { MIN_CONDITION_MASS } from './conditions'
export {
  parseCopulaModel,
  decodeCopulaModel,
  copulaModelSchema,
  CopulaModelCodec,
  COPULA_FORMAT,
  COPULA_VERSION,
  type CopulaModel,
  type ColumnModel,
  type NumericColumnModel,
  type CategoryColumnModel,
  type GeneratedColumnModel,
} from './model'
export { Marginal, type MarginalFamily, MARGINAL_FAMILIES, marginalCdf, marginalQuantile } from './marginal'
export { fitMarginal, fitFamily, type MarginalChoice, type MarginalSelection } from './marginal-fit'
export { nearestCorrelation, pairwiseCorrelation } from './correlation'

export { copulaSynthesizer, CopulaOptionsCodec, type CopulaAdapterOptions } from './synthesizer'
