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
import { type BayesNetStatistics, buildBayesNet } from './build-from-counts'
import { checkColumnCount } from './column-limit'
import { type EncodedColumn, defaultBins, encodeLabels, encodeNumbers, subsampleRows } from './internal/encode'
import { generatedKind, missingRate, observedOutputRule } from './internal/columns'
import type { BayesNetModel } from './model'
import { jointCounts } from './internal/joint-counts'
import { type BayesNetOptions, decodeBayesNetOptions } from './options'

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
  const all = encoded.map((e) => e.codes)
  const searchCodes = sub ? encoded.map((e) => Int32Array.from(sub, (r) => e.codes[r])) : all
  const statistics: BayesNetStatistics = {
    schema: table.schema,
    table: context.table ?? table.schema.name ?? 'table',
    rows: n,
    structureRows: sub ? sub.length : n,
    columns: encoded,
    outputRules,
    generated,
    bins,
    binning,
  }
  // the model from counts, as an engine builds it; here the counts come from the coded columns
  const scratch = new Int32Array(n)
  const build = buildBayesNet(statistics, opts)
  let next = build.next()
  while (!next.done) {
    const request = next.value
    const codes = request.over === 'structure' ? searchCodes : all
    const m = codes[0]?.length ?? 0
    const tables = request.sets.map((set) =>
      jointCounts(
        set.map((v) => codes[v]),
        set.map((v) => states[v]),
        m,
        scratch,
      ),
    )
    yield { phase: request.phase, done: request.done, total: request.total, work: request.work + Math.max(1, request.sets.length) * m }
    next = build.next(tables)
  }
  return next.value
}
