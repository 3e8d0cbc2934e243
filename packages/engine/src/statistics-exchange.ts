import type { CorrelationStatistics, LayoutStatistics, MarginalStatistics } from '@synthkit/copula'

/**
 * Where a fit hands each pass's statistics before the next pass, and gets back those the next pass runs against:
 * the identity for one table; for shards, the statistics merged over all shards (every shard waits for the others).
 */
export interface StatisticsExchange {
  marginal(local: MarginalStatistics): Promise<MarginalStatistics>
  layout(local: readonly LayoutStatistics[]): Promise<readonly LayoutStatistics[]>
  correlation(local: CorrelationStatistics): Promise<CorrelationStatistics>
}

/** One table: each pass's statistics are the table's. */
export const LOCAL_EXCHANGE: StatisticsExchange = {
  marginal: async (local) => local,
  layout: async (local) => local,
  correlation: async (local) => local,
}
