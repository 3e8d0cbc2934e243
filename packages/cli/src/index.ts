// @synthkit/cli programmatic API: the command line as functions, the synthesizer registry, and the file, report and
// card builders the commands use. An explicit list; everything else is internal.
export { main, buildProgram, parseRows, parseSeed, parseUnitInterval } from './program'
export { EXIT, type ExitCode } from './terminal/exit-codes'
export { CliError, isCliError, reportError, type ErrorReport } from './terminal/cli-error'
export { type Io, processIo } from './terminal/io'
export { createRegistry, defaultRegistry, type SynthesizerRegistry } from './synthesizers/registry'
export {
  readModelFile,
  ModelFileCodec,
  ModelLineage,
  MODEL_FILE_FORMAT,
  MODEL_FILE_VERSION,
  type ModelFile,
  type LoadedModel,
} from './synthesizers/model-file'
export {
  fitToFile,
  sampleToFile,
  decodeFitOptions,
  type FitRequest,
  type Fitted,
  type SampleRequest,
  type Sampled,
} from './synthesizers/run'
export { parseConditions } from './synthesizers/conditions'
export { readCsvColumns, type CsvColumns } from './io/csv-read'
export { csvField, csvHeader, csvRows, csvRowsBytes } from './io/csv-write'
export { readParquetColumns, type ParquetColumns } from './io/parquet-read'
export { writeParquetChunks, defaultRowGroupRows, SCHEMA_METADATA_KEY, type ParquetWriteOptions } from './io/parquet-write'
export { formatOf, readRawTable, loadTable, writeTable, fileSha256, type TableFormat, type RawTable, type LoadedTable } from './io/table-io'
export { atomicWrite, writeTextAtomic, checkWritable } from './io/atomic-write'
export { evaluateTables, percent, type Evaluation } from './evaluation/evaluation'
export { columnDistributions, type ColumnDistribution } from './report/report-data'
export { renderReportHtml, type ReportInput, type ReportMeta } from './report/report-html'
export { renderPrivacyReportHtml, type PrivacyReportMeta } from './report/privacy-report-html'
export { runPrivacyAttacks, type PrivacyRequest, type PrivacyResults } from './evaluation/privacy'
export { buildCard, renderCardMarkdown, type DatasetCard, type CardInput, type CardFile, type CardGenerator } from './card/card'
export { writeCardFiles } from './card/card-files'
export { textTable } from './terminal/text-table'
export { describeSpec, schemaRows } from './terminal/schema-describe'
export { inferOptionsFromFlags, splitList, type InferFlags } from './io/infer-options'
export { inferenceProblemLines, cellProblemLines } from './terminal/inference-report'
export { detectDelimiter, lineEndNormalizer, CSV_DELIMITERS, type CsvReadOptions } from './io/csv-read'
export type { ReadOptions, LoadOptions } from './io/table-io'
export { demoDataPath } from './commands/demo'
// Governance: provenance marks, reviewer-facing card fields, the audit chain, gates against a baseline.
export {
  ProvenanceCodec,
  ProvenanceSidecarCodec,
  PROVENANCE_FORMAT,
  PROVENANCE_VERSION,
  PROVENANCE_METADATA_KEY,
  SIDECAR_SUFFIX,
  sidecarPath,
  provenanceMetadata,
  readSidecar,
  readParquetProvenance,
  type Provenance,
  type ProvenanceSidecar,
} from './governance/provenance'
export { verifyFile, type Verification, type VerifyCommandOptions } from './commands/verify'
export {
  CardGovernance,
  GovernanceInputCodec,
  Approval,
  CLASSIFICATIONS,
  decodeGovernanceInput,
  parseRetention,
  type GovernanceInput,
} from './card/card-governance'
export { decodeCard, readCardFile, KNOWN_CARD_VERSIONS, type ReadCard } from './card/card-read'
export { GovernanceError, isGovernanceError, type GovernanceErrorCode } from './governance/governance-error'
export { canonicalJson } from './governance/canonical-json'
export {
  auditEntryHash,
  nextAuditEntry,
  verifyAuditChain,
  GENESIS_HASH,
  type AuditEntry,
  type AuditAction,
  type AuditProblem,
  type AuditVerification,
} from './governance/audit-log'
export { schemaChanges, type NamedColumn } from './governance/schema-diff'
export {
  baselineChecks,
  DEFAULT_BASELINE_THRESHOLDS,
  type BaselineThresholds,
  type BaselineCheck,
  type CandidateMeasures,
} from './governance/baseline-gate'
export { versionChanges, type Reproduction } from './commands/reproduce'
export { DEFAULT_MAX_DRIFT, type ColumnDrift } from './commands/drift'
