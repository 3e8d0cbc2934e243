import {
  type CategoryColumnStatistics,
  type ColumnStatistics,
  type CopulaModel,
  type CorrelationStatistics,
  type LayoutStatistics,
  type MarginalStatistics,
  mergeCorrelationStatistics,
  mergeLayoutStatistics,
  mergeMarginalStatistics,
} from '@synthkit/copula'
import { type Issue, SynthkitError } from '@synthkit/core'
import { type SqlFitOptions, type SqlFitTimings, fitCopulaPasses } from './fit-copula-sql'
import type { SqlEngine } from './sql-engine'
import type { StatisticsExchange } from './statistics-exchange'

/** Options of {@link fitCopulaShards}: those of fitCopulaSql but `scoreBy`, which is always `marginal` for shards. */
export type ShardedFitOptions = Omit<SqlFitOptions, 'scoreBy'>

/** What {@link fitCopulaShards} returns: the model, the merged statistics it was built from, and each shard's own. */
export interface ShardedFitResult {
  readonly model: CopulaModel
  /** The statistics of the whole table as merged from the shards (quantile summaries with their `rankError`). */
  readonly statistics: {
    readonly marginal: MarginalStatistics
    readonly layout: readonly LayoutStatistics[]
    readonly correlation: CorrelationStatistics
  }
  /** Each shard's statistics before merging (pass 2 and 3 scored against the merged pass 1). */
  readonly shards: readonly {
    readonly marginal: MarginalStatistics
    readonly layout: readonly LayoutStatistics[]
    readonly correlation: CorrelationStatistics
    readonly seconds: SqlFitTimings
  }[]
}

/**
 * Categories of one column coded with one dictionary on every shard: a shard codes a column without fixed categories
 * by the sorted values it holds, so a category absent from a shard shifts its codes. The union, sorted the same way.
 */
function unifyDictionaries(shards: readonly MarginalStatistics[]): MarginalStatistics[] {
  const columns = shards[0].columns.length
  const union = new Map<number, string[]>()
  for (let i = 0; i < columns; i++) {
    const all = shards.map((s) => s.columns[i])
    if (!all.every((c): c is CategoryColumnStatistics => c.kind === 'category')) continue
    const same = all.every(
      (c) => c.dictionary.length === all[0].dictionary.length && c.dictionary.every((v, k) => v === all[0].dictionary[k]),
    )
    if (same) continue
    union.set(
      i,
      [...new Set(all.flatMap((c) => c.dictionary))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    )
  }
  if (union.size === 0) return [...shards]
  return shards.map((s) => ({
    ...s,
    columns: s.columns.map((c, i): ColumnStatistics => {
      const dictionary = union.get(i)
      if (!dictionary || c.kind !== 'category') return c
      const code = new Map(dictionary.map((v, k) => [v, k]))
      const counts = new Array<number>(dictionary.length + 1).fill(0)
      c.dictionary.forEach((v, k) => {
        counts[code.get(v)!] += c.counts[k]
      })
      counts[dictionary.length] = c.counts[c.dictionary.length]
      return { ...c, dictionary, counts }
    }),
  }))
}

/** Merges pass-1 statistics of every shard (a left fold: rank errors add along it). */
export function mergeShardMarginals(shards: readonly MarginalStatistics[]): MarginalStatistics {
  const unified = unifyDictionaries(shards)
  return unified.slice(1).reduce(mergeMarginalStatistics, unified[0])
}

/**
 * A meeting point of n parties: each hands its value and waits until all have, then every one gets `combine` of
 * all values (in party order). `fail` rejects every waiting and later party (a shard that failed: the others stop).
 */
function rendezvous<T, R>(n: number, combine: (values: T[]) => R) {
  const values: T[] = new Array(n)
  let arrived = 0
  let settle: { ok: (r: R) => void; no: (e: unknown) => void }[] = []
  let failure: { error: unknown } | null = null
  let result: { value: R } | null = null
  return {
    meet(party: number, value: T): Promise<R> {
      if (failure) return Promise.reject(failure.error)
      values[party] = value
      arrived++
      const waiting = new Promise<R>((ok, no) => settle.push({ ok, no }))
      if (arrived === n) {
        try {
          result = { value: combine(values) }
          for (const s of settle) s.ok(result.value)
        } catch (error) {
          this.fail(error)
        }
        settle = []
      }
      return waiting
    },
    fail(error: unknown): void {
      if (failure || result) return
      failure = { error }
      for (const s of settle) s.no(error)
      settle = []
    },
  }
}

/**
 * Fits the Gaussian copula of a table split in shards over several SQL engines (servers, or DuckDB files), each
 * computing its statistics where its rows live: pass 1 on every shard, merged in JS (counts, extremes, category
 * counts add exactly; quantile summaries merge with a stated rank error, see mergeNumericSummaries); pass 2 and 3 on
 * every shard, scoring against the merged marginals (`scoreBy: 'marginal'`); their sums add. Only statistics leave
 * the servers, and the shards run at the same time. `relation` names the shard's relation on every engine (one name,
 * or one per engine); each shard needs its own engine (session), since the passes stage temporary tables.
 */
export async function fitCopulaShards(
  engines: readonly SqlEngine[],
  relation: string | readonly string[],
  options: ShardedFitOptions,
  clock: () => number = () => 0,
): Promise<ShardedFitResult> {
  const issues: Issue[] = []
  if (engines.length === 0) issues.push({ path: 'engines', message: 'no shard to fit' })
  if (typeof relation !== 'string' && relation.length !== engines.length)
    issues.push({ path: 'relation', message: `${relation.length} relations for ${engines.length} engines` })
  // a session's temporary tables are the fit's working tables: two shards in one session would overwrite each other's
  engines.forEach((e, k) => {
    if (engines.indexOf(e) !== k)
      issues.push({ path: `engines.${k}`, message: `the same engine as engines.${engines.indexOf(e)}: one session per shard` })
  })
  if ((options as SqlFitOptions).scoreBy === 'rank')
    issues.push({ path: 'scoreBy', message: 'shards score by the merged marginals: ranks are not known across shards' })
  if (issues.length > 0) throw new SynthkitError('OPTIONS_INVALID', 'Invalid sharded fit options', issues)
  const n = engines.length
  const local: { marginal?: MarginalStatistics; layout?: readonly LayoutStatistics[]; correlation?: CorrelationStatistics }[] = engines.map(
    () => ({}),
  )
  const marginals = rendezvous(n, (xs: MarginalStatistics[]) => mergeShardMarginals(xs))
  const layouts = rendezvous(n, (xs: (readonly LayoutStatistics[])[]) => xs.slice(1).reduce(mergeLayoutStatistics, [...xs[0]]))
  const correlations = rendezvous(n, (xs: CorrelationStatistics[]) => xs.slice(1).reduce(mergeCorrelationStatistics, xs[0]))
  const all = [marginals, layouts, correlations]
  const runs = engines.map((engine, k) => {
    const exchange: StatisticsExchange = {
      marginal: (m) => {
        local[k].marginal = m
        return marginals.meet(k, m)
      },
      layout: (l) => {
        local[k].layout = l
        return layouts.meet(k, l)
      },
      correlation: (c) => {
        local[k].correlation = c
        return correlations.meet(k, c)
      },
    }
    const shardRelation = typeof relation === 'string' ? relation : relation[k]
    return fitCopulaPasses(engine, shardRelation, { ...options, scoreBy: 'marginal' }, clock, exchange).catch((error: unknown) => {
      for (const r of all) r.fail(error)
      throw error
    })
  })
  // every shard settles (stops at its next meeting point) before the first failure is thrown: no query is left
  // running on a session the caller may close
  const settled = await Promise.allSettled(runs)
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  const results = settled.map((r) => (r as PromiseFulfilledResult<Awaited<(typeof runs)[number]>>).value)
  // every shard built the same model from the same merged statistics
  const [first] = results
  return {
    model: first.model,
    statistics: first.statistics,
    shards: results.map((r, k) => ({
      marginal: local[k].marginal!,
      layout: local[k].layout!,
      correlation: local[k].correlation!,
      seconds: r.seconds,
    })),
  }
}
