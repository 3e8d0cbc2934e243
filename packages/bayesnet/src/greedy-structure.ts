import { SynthkitError, type WorkSteps, runWorkSteps } from '@synthkit/core'
import type { Family } from './private-table'

/** What the greedy search needs: the variables' state counts and how one step picks among candidate families. */
export interface GreedySearch {
  /** States per variable (public: from the schema or the encoding). */
  readonly states: readonly number[]
  /** Most parents per node (k). */
  readonly degree: number
  /** The first node (no parents). */
  readonly root: number
  /** Largest joint table (child × parents cells) a family may have; the empty parent set is always allowed. */
  readonly maxCells: number
  /** Picks one of the step's candidates (argmax of a score, or a DP selection), returning its index. */
  readonly choose: (candidates: readonly Family[], step: number) => number
  /**
   * Optional: parent sets for `child` are drawn only from these variables of V (e.g. its most informative single
   * parents); absent, from all of V (the published algorithm).
   */
  readonly parentPool?: (child: number, placed: readonly number[]) => readonly number[]
  /** Work units of scoring one candidate (e.g. the rows it is scored on), for cooperative scheduling (default 1). */
  readonly workPerCandidate?: number
}

/** Subsets of `items` of `size` whose cells (`base` × their state counts) stay ≤ `maxCells`, pruned as they grow. */
function fittingSets(
  items: readonly number[],
  size: number,
  states: readonly number[],
  base: number,
  maxCells: number,
  limit: number,
): number[][] {
  const out: number[][] = []
  const pick: number[] = []
  const rec = (start: number, cells: number) => {
    if (pick.length === size) {
      if (out.length >= limit) tooMany(limit)
      out.push([...pick])
      return
    }
    for (let i = start; i <= items.length - (size - pick.length); i++) {
      const next = cells * states[items[i]]
      if (next > maxCells) continue
      pick.push(items[i])
      rec(i + 1, next)
      pick.pop()
    }
  }
  rec(0, base)
  return out
}

function tooMany(limit: number): never {
  throw new SynthkitError('UNSUPPORTED', 'Too many candidate parent sets for the structure search', [
    { path: 'degree', message: `more than ${limit} candidates in one step: choose a smaller degree k` },
  ])
}

/** Most candidate families one step of the search may consider. */
export const MAX_CANDIDATES = 200_000

/**
 * The greedy k-degree network of PrivBayes (Zhang et al., TODS 2017, Algorithm 2/4; DataSynthesizer's
 * `greedy_bayes`): start from the root; at each of the d − 1 steps, every (child ∉ V, parents ⊆ V) with
 * |parents| = min(k, |V|) is a candidate; the chosen family's child joins V. For general domains (§5), a child's
 * candidates use the largest parent-set size ≤ min(k, |V|) for which some set keeps the joint table within
 * `maxCells` — a rule on domain sizes only, so the candidate set is data-independent. Returns families in order
 * (the root first, with no parents).
 */
export function greedyStructure(search: GreedySearch): Family[] {
  return runWorkSteps(greedyStructureSteps(search))
}

/** {@link greedyStructure} as steps, one per placed node (for a cooperative fit). */
export function* greedyStructureSteps(search: GreedySearch): WorkSteps<Family[]> {
  const d = search.states.length
  const placed = [search.root]
  const rest = new Set(Array.from({ length: d }, (_, i) => i).filter((i) => i !== search.root))
  const families: Family[] = [{ child: search.root, parents: [] }]
  for (let step = 1; step < d; step++) {
    const candidates = stepCandidates(search, placed, rest)
    const chosen = candidates[search.choose(candidates, step)]
    families.push(chosen)
    placed.push(chosen.child)
    rest.delete(chosen.child)
    // the work of a step: its candidates (each scored over the structure sample, cached or not)
    yield { phase: 'structure', done: step, total: d - 1, work: candidates.length * (search.workPerCandidate ?? 1) }
  }
  return families
}

/**
 * The candidate families of one step of {@link greedyStructure}: for each child not yet placed (in `rest`'s order),
 * the parent sets of the largest size ≤ min(k, |pool|) that keep the joint table within `maxCells`.
 */
export function stepCandidates(search: Omit<GreedySearch, 'choose'>, placed: readonly number[], rest: Iterable<number>): Family[] {
  const candidates: Family[] = []
  for (const child of rest) {
    const pool = search.parentPool ? search.parentPool(child, placed) : placed
    for (let size = Math.min(search.degree, pool.length); size >= 0; size--) {
      const sets = fittingSets(pool, size, search.states, search.states[child], search.maxCells, MAX_CANDIDATES - candidates.length)
      if (sets.length > 0 || size === 0) {
        for (const ps of size === 0 ? [[]] : sets) candidates.push({ child, parents: ps })
        break
      }
    }
  }
  return candidates
}
