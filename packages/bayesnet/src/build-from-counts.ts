import { SynthkitError, type TableSchema, orThrow } from '@synthkit/core'
import { chowLiuTree } from './chow-liu'
import { stepCandidates } from './greedy-structure'
import { cptFromCounts } from './internal/cpt'
import { BAYESNET_MODEL_VERSION, type BayesNetModel, type BayesNetNode, type NodeStates } from './model'
import { mutualInformationOfCounts } from './mutual-information'
import { type BayesNetOptions, decodeBayesNetOptions } from './options'
import type { Family } from './private-table'
import { runBuildAsync } from './internal/run-build'

/** A learned column coded into states (as the statistics of the data describe it: no rows). */
export interface CodedColumn {
  readonly column: string
  /** How the states decode back to values (labels, exact values, or bins with their within-bin knots). */
  readonly states: NodeStates
  /** The number of states (with the missing state, when there is one). */
  readonly count: number
}

/** What building a network needs besides contingency counts: the coding of every column and the model's metadata. */
export interface BayesNetStatistics {
  readonly schema: TableSchema
  /** Name of the table in the model. */
  readonly table: string
  /** Rows of the data (the conditional tables' counts cover them all). */
  readonly rows: number
  /** Rows the structure search's counts cover: all rows, or a subsample of them. */
  readonly structureRows: number
  /** The learned columns in schema order (ids, pii and text excluded). */
  readonly columns: readonly CodedColumn[]
  readonly outputRules: BayesNetModel['outputRules']
  readonly generated: BayesNetModel['generated']
  /** The bin count and rule the numerical columns were coded with. */
  readonly bins: number
  readonly binning: 'quantile' | 'equal-width'
}

/**
 * Joint counts the build asks of the data: for each variable list (indices into the coded columns, the first most
 * significant), the count of rows per mixed-radix configuration — `table[(c₀·s₁ + c₁)·s₂ + c₂]` — over the structure
 * rows or over all rows. `phase`, `done` and `total` say where the build is (for progress).
 */
export interface CountRequest {
  readonly over: 'structure' | 'all'
  readonly sets: readonly (readonly number[])[]
  readonly phase: 'mutual information' | 'structure' | 'conditional tables'
  readonly done: number
  readonly total: number
  /**
   * Work the build itself did since its previous request (comparisons and cells, roughly), besides the counting:
   * a cooperative driver adds it to the counting's work to decide when to hand the event loop back. The structure
   * search ranks every placed column for every unplaced one per step, far more work than counting a few new sets.
   */
  readonly work: number
}

/** A network build: yields count requests, receives one table per set, returns the model. */
export type BayesNetBuild = Generator<CountRequest, BayesNetModel, readonly Float64Array[]>

function check(cond: boolean, path: string, message: string): void {
  if (!cond) throw new SynthkitError('OPTIONS_INVALID', `Invalid bayesnet options: ${message}`, [{ path, message }])
}

/**
 * Builds the non-private network from contingency counts — what an engine computes as GROUP BY queries where the
 * data lies, and what the in-memory fit counts from its coded columns (one code path): pairwise mutual information
 * (the structure rows), the greedy k-degree search (PrivBayes without noise) or the Chow-Liu tree scoring each
 * candidate family by the mutual information of its counts, then the conditional tables from the chosen families'
 * counts over all rows. Drive it with {@link buildBayesNetAsync} or by hand (`next(tables)`).
 */
export function* buildBayesNet(statistics: BayesNetStatistics, options: BayesNetOptions = {}): BayesNetBuild {
  const opts = orThrow(decodeBayesNetOptions(options))
  const coded = statistics.columns
  const d = coded.length
  const structure = opts.structure ?? 'greedy'
  const degree = structure === 'chow-liu' ? 1 : (opts.degree ?? Math.min(2, Math.max(1, d - 1)))
  check(d <= 1 || degree <= d - 1, 'degree', `k = ${degree} is larger than the ${d} learned columns allow (at most ${d - 1})`)
  const states = coded.map((c) => c.count)
  // pairwise mutual information: the table of (j, i) is laid out counts[c_j · s_i + c_i], I(X_i; X_j)
  const weights = Array.from({ length: d }, () => new Float64Array(d))
  for (let i = 0; i < d; i++) {
    const sets = Array.from({ length: d - i - 1 }, (_, k) => [i + 1 + k, i])
    const tables = yield { over: 'structure', sets, phase: 'mutual information', done: i + 1, total: d, work: sets.length }
    tables.forEach((t, k) => {
      const j = i + 1 + k
      const mi = mutualInformationOfCounts(t as Float64Array, states[i], states[j])
      weights[i][j] = mi
      weights[j][i] = mi
    })
  }
  let root = 0
  let bestSum = -1
  weights.forEach((row, i) => {
    const s = row.reduce((a, b) => a + b, 0)
    if (s > bestSum) (bestSum = s), (root = i)
  })
  let families: Family[]
  if (d === 0) families = []
  else if (structure === 'chow-liu') {
    const tree = chowLiuTree(weights, root)
    families = [{ child: root, parents: [] }, ...tree.edges.map((e) => ({ child: e.to, parents: [e.from] }))]
  } else {
    const pool = opts.parentCandidates ?? 8
    const m = statistics.structureRows
    const search = {
      states,
      degree,
      root,
      // tables far larger than the sample only fit noise: at most one cell per 4 rows of the sample
      maxCells: Math.max(64, Math.floor(m / 4)),
      parentPool: (child: number, placed: readonly number[]) =>
        placed.length <= pool ? placed : [...placed].sort((a, b) => weights[child][b] - weights[child][a] || a - b).slice(0, pool),
    }
    const key = (f: Family) => `${f.child}|${f.parents.join(',')}`
    const scores = new Map<string, number>()
    const placed = [root]
    const rest = new Set(Array.from({ length: d }, (_, i) => i).filter((i) => i !== root))
    families = [{ child: root, parents: [] }]
    for (let step = 1; step < d; step++) {
      const candidates = stepCandidates(search, placed, rest)
      const need = candidates.filter((f) => f.parents.length > 0 && !scores.has(key(f)))
      const tables = yield {
        over: 'structure',
        sets: need.map((f) => [...f.parents, f.child]),
        phase: 'structure',
        done: step,
        total: d - 1,
        // each unplaced column sorts the placed ones by mutual information (parentPool), then its candidates
        work: rest.size * placed.length * Math.ceil(Math.log2(placed.length + 1)) + candidates.length,
      }
      need.forEach((f, k) => {
        const configs = f.parents.reduce((a, p) => a * states[p], 1)
        // the family's table is laid out counts[parents' configuration · s_child + child]
        scores.set(key(f), mutualInformationOfCounts(tables[k] as Float64Array, states[f.child], configs))
      })
      let best = 0
      let bestScore = -Infinity
      candidates.forEach((f, i) => {
        const s = f.parents.length === 0 ? 0 : scores.get(key(f))!
        if (s > bestScore) (bestScore = s), (best = i)
      })
      const chosen = candidates[best]
      families.push(chosen)
      placed.push(chosen.child)
      rest.delete(chosen.child)
    }
  }
  const nodes: BayesNetNode[] = new Array(d)
  let done = 0
  for (const f of families) {
    const e = coded[f.child]
    const [counts] = yield {
      over: 'all',
      sets: [[...f.parents, f.child]],
      phase: 'conditional tables',
      done: ++done,
      total: families.length,
      work: 1,
    }
    nodes[f.child] = { column: e.column, states: e.states, parents: [...f.parents], cpt: cptFromCounts(counts as Float64Array, e.count) }
  }
  return {
    format: 'synthkit.bayesnet',
    version: BAYESNET_MODEL_VERSION,
    method: 'bayesnet',
    table: statistics.table,
    schema: statistics.schema,
    rows: statistics.rows,
    nodes,
    outputRules: statistics.outputRules,
    generated: statistics.generated,
    parameters: {
      structure,
      degree,
      bins: statistics.bins,
      binning: statistics.binning,
      structureRows: statistics.structureRows,
      parentCandidates: structure === 'greedy' ? (opts.parentCandidates ?? 8) : null,
    },
    privacy: {
      kind: 'none',
      statement: 'Fitted without differential privacy: the model holds exact frequencies, ranges and category sets of the training data.',
    },
  }
}

/** Runs a {@link buildBayesNet} build, answering its count requests with `count` (an engine's queries). */
export async function buildBayesNetAsync(
  statistics: BayesNetStatistics,
  options: BayesNetOptions,
  count: (request: CountRequest) => Promise<readonly Float64Array[]>,
): Promise<BayesNetModel> {
  return runBuildAsync(buildBayesNet(statistics, options), count)
}
