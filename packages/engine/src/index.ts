export type { SqlEngine, SqlRow } from './sql-engine'
export { fitCopulaSql, type SqlFitOptions, type SqlFitResult, type SqlFitTimings } from './fit-copula-sql'
export { fitBayesNetSql, type SqlBayesNetOptions, type SqlBayesNetResult } from './fit-bayesnet-sql'
export { fitPrivBayesSql, type SqlPrivBayesOptions, type SqlPrivBayesResult } from './fit-privbayes-sql'
export { inferSchemaSql } from './infer-schema-sql'
export {
  openDuckDb,
  duckDbFileRelation,
  fileFormatOf,
  type DuckDbOptions,
  type FileFormat,
  type FileRelationOptions,
} from './duckdb-engine'
export { isTypedReadFailure } from './typed-csv'
export { phiInverseBody, definePhiInverse, PHI_INVERSE_FUNCTION } from './internal/phi-inverse-sql'
export { scoreTable, type ScoreTable } from './internal/score-table'
export { openPostgres, postgresEngine, type PostgresClient, type PostgresOptions } from './postgres-engine'
export { fitCopulaShards, mergeShardMarginals, type ShardedFitOptions, type ShardedFitResult } from './fit-copula-shards'
