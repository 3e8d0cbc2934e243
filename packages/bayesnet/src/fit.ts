import {
  type CooperativeOptions,
  type Rng,
  SynthkitError,
  type Table,
  type WorkSteps,
  createRng,
  orThrow,
  runWorkSteps,
  runWorkStepsAsync,
} from '@synthkit/core'
import { chowLiuTree, mutualInformationMatrixSteps } from './chow-liu'
import { greedyStructureSteps } from './greedy-structure'
import { checkColumnCount } from './column-limit'
import { cptFromCounts } from './internal/cpt'
import { type EncodedColumn, defaultBins, encodeLabels, encodeNumbers, subsampleRows } from './internal/encode'
import { generatedKind, missingRate, observedOutputRule } from './internal/columns'
import { BAYESNET_MODEL_VERSION, type BayesNetModel, type BayesNetNode } from './model'
import { combineCodes, mutualInformation } from './mutual-information'
import { type BayesNetOptions, decodeBayesNetOptions } from './options'
import type { Family } from './private-table'

/** Non-private fit context: the seeded stream for the structure subsample. */
export interface BayesNetFitContext {
  readonly rng?: Rng
  /** Name of the table in the model (default "table"). */
  readonly table?: string
}

function check(cond: boolean, path: string, message: string): void {
  if (!cond) throw new SynthkitError('OPTIONS_INVALID', `Invalid bayesnet options: ${message}`, [{ path, message }])
}

/**
 * Fits a Bayesian network without differential privacy. Structure: PrivBayes' greedy k-degree search by mutual
 * information (default, k = 2) or the Chow-Liu tree; numbers coded into exact values or bins (see
 * {@link BayesNetOptions}); conditional tables are the empirical conditional frequencies (a parent configuration never
 * seen gets the child's marginal). The model says it carries no privacy guarantee.
 */
export function fitBayesNet(table: Table, options: BayesNetOptions = {}, context: BayesNetFitContext = {}): BayesNetModel {
  return runWorkSteps(fitBayesNetSteps(table, options, context))
}

/**
 * Fits like {@link fitBayesNet} (the same model for the same seed), handing the event loop back between columns,
 * rows of the mutual-information matrix, structure steps and conditional tables, so a caller can cancel
 * (`signal`, then a `CANCELLED` error) and show progress.
 */
export function fitBayesNetAsync(
  table: Table,
  options: BayesNetOptions = {},
  context: BayesNetFitContext = {},
  cooperation: CooperativeOptions = {},
): Promise<BayesNetModel> {
  return runWorkStepsAsync(fitBayesNetSteps(table, options, context), { what: 'The Bayesian network fit', ...cooperation })
}

function* fitBayesNetSteps(table: Table, options: BayesNetOptions, context: BayesNetFitContext): WorkSteps<BayesNetModel> {
  const opts = orThrow(decodeBayesNetOptions(options))
  if (table.nRows === 0)
    throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a Bayesian network on a table without rows', [{ path: 'table', message: 'no rows' }])
  const rng = context.rng ?? createRng(0)
  const n = table.nRows
  const structure = opts.structure ?? 'greedy'
  const bins = opts.bins ?? defaultBins(n)
  const binning = opts.binning ?? 'quantile'
  const encoded: EncodedColumn[] = []
  const generated: BayesNetModel['generated'] = []
  const outputRules: BayesNetModel['outputRules'] = {}
  checkColumnCount(table.schema.columns.filter((c) => !generatedKind(c)).length)
  for (const spec of table.schema.columns) {
    const kind = generatedKind(spec)
    if (kind) {
      generated.push({ name: spec.name, kind, missingRate: kind === 'id' ? 0 : missingRate(table, spec.name) })
      continue
    }
    if (spec.kind === 'categorical' || spec.kind === 'boolean') encoded.push(encodeLabels(spec, table))
    else {
      encoded.push(encodeNumbers(spec, table, bins, binning))
      const col = table.columns[spec.name]
      if (col.type === 'numeric') outputRules[spec.name] = observedOutputRule(spec, col.values)
    }
    yield { phase: 'columns', done: encoded.length + generated.length, total: table.schema.columns.length, work: n }
  }
  const d = encoded.length
  const degree = structure === 'chow-liu' ? 1 : (opts.degree ?? Math.min(2, Math.max(1, d - 1)))
  check(d <= 1 || degree <= d - 1, 'degree', `k = ${degree} is larger than the ${d} learned columns allow (at most ${d - 1})`)
  const states = encoded.map((e) => e.count)
  // the structure search reads a seeded subsample (all rows up to structureRows)
  const sub = subsampleRows(n, opts.structureRows ?? 20_000, rng)
  const searchCodes = encoded.map((e) => (sub ? Int32Array.from(sub, (r) => e.codes[r]) : e.codes))
  const weights = yield* mutualInformationMatrixSteps(searchCodes, states)
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
    const m = searchCodes[0]?.length ?? 0
    const cache = new Map<string, number>()
    const scratch = new Int32Array(m)
    const score = (f: Family): number => {
      const key = `${f.child}|${f.parents.join(',')}`
      let v = cache.get(key)
      if (v === undefined) {
        const p = combineCodes(
          f.parents.map((q) => searchCodes[q]),
          f.parents.map((q) => states[q]),
          m,
          scratch,
        )
        v = f.parents.length === 0 ? 0 : mutualInformation(searchCodes[f.child], states[f.child], p.codes, p.configs)
        cache.set(key, v)
      }
      return v
    }
    families = yield* greedyStructureSteps({
      workPerCandidate: m,
      states,
      degree,
      root,
      // tables far larger than the sample only fit noise: at most one cell per 4 rows of the sample
      maxCells: Math.max(64, Math.floor(m / 4)),
      choose: (candidates) => {
        let best = 0
        let bestScore = -Infinity
        candidates.forEach((f, i) => {
          const s = score(f)
          if (s > bestScore) (bestScore = s), (best = i)
        })
        return best
      },
      parentPool: (child, placed) =>
        placed.length <= pool ? placed : [...placed].sort((a, b) => weights[child][b] - weights[child][a] || a - b).slice(0, pool),
    })
  }
  const nodes: BayesNetNode[] = new Array(d)
  let tables = 0
  for (const f of families) {
    const e = encoded[f.child]
    const cols = [...f.parents.map((p) => encoded[p].codes), e.codes]
    const { codes, configs } = combineCodes(cols, [...f.parents.map((p) => states[p]), e.count], n)
    const counts = new Float64Array(configs)
    for (let i = 0; i < n; i++) counts[codes[i]]++
    nodes[f.child] = { column: e.column, states: e.states, parents: [...f.parents], cpt: cptFromCounts(counts, e.count) }
    yield { phase: 'conditional tables', done: ++tables, total: families.length, work: n }
  }
  return {
    format: 'synthkit.bayesnet',
    version: BAYESNET_MODEL_VERSION,
    method: 'bayesnet',
    table: context.table ?? table.schema.name ?? 'table',
    schema: table.schema,
    rows: n,
    nodes,
    outputRules,
    generated,
    parameters: {
      structure,
      degree,
      bins,
      binning,
      structureRows: sub ? sub.length : n,
      parentCandidates: structure === 'greedy' ? (opts.parentCandidates ?? 8) : null,
    },
    privacy: {
      kind: 'none',
      statement: 'Fitted without differential privacy: the model holds exact frequencies, ranges and category sets of the training data.',
    },
  }
}
