// @synthkit/bayesnet public API: an explicit list.
export {
  type BayesNetOptions,
  BayesNetOptionsCodec,
  type PrivBayesOptions,
  PrivBayesOptionsCodec,
  decodeBayesNetOptions,
  decodePrivBayesOptions,
} from './options'
export {
  BAYESNET_MODEL_VERSION,
  type BayesNetModel,
  BayesNetModelCodec,
  type BayesNetNode,
  type NodeStates,
  type ModelPrivacy,
  bayesNetModelIssues,
  decodeBayesNetModel,
  parseBayesNetModel,
  findCycle,
  stateCount,
} from './model'
export { mutualInformation, mutualInformationOfCounts, combineCodes } from './mutual-information'
export { type ChowLiuTree, chowLiuTree, mutualInformationMatrix } from './chow-liu'
export { type GreedySearch, MAX_CANDIDATES, greedyStructure } from './greedy-structure'
export { mutualInformationSensitivity, thetaUsefulDegree, thetaUsefulCells } from './privbayes-calibration'
export { type PrivateTable, type PrivateTableOptions, type PrivateEncoding, type Family, createPrivateTable } from './private-table'
export { MAX_BAYESNET_COLUMNS, checkColumnCount } from './column-limit'
export { type BayesNetFitContext, fitBayesNet, fitBayesNetAsync } from './fit'
export {
  type BayesNetStatistics,
  type BayesNetBuild,
  type CodedColumn,
  type CountRequest,
  buildBayesNet,
  buildBayesNetAsync,
} from './build-from-counts'
export { KNOTS as BIN_KNOTS, defaultBins } from './internal/encode'
export { fitPrivBayes, fitPrivBayesAsync } from './fit-privbayes'
export {
  type PrivBayesPrivacy,
  type PrivBayesFitContext,
  type PrivBayesStatistics,
  type PrivBayesRequest,
  type PrivBayesBuild,
  type PrivateVariable,
  buildPrivBayes,
  buildPrivBayesAsync,
  privateBins,
  octaveEdges,
  boundsFromOctaves,
} from './build-privbayes'
export {
  type SampleBayesNetOptions,
  type CompiledNetwork,
  type ConditionPlan,
  compileNetwork,
  planConditions,
  sampleBayesNet,
  sampleBayesNetStream,
} from './sample'
export { BAYESNET_VERSION, bayesnetSynthesizer, privbayesSynthesizer, describeBayesNet, privacyGuarantee } from './adapter'
