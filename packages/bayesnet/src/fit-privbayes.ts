import { type CooperativeOptions, type Table, type WorkSteps, runWorkSteps, runWorkStepsAsync } from '@synthkit/core'
import { type PrivBayesFitContext, type PrivBayesPrivacy, buildPrivBayes } from './build-privbayes'
import { codeColumn, encodingStates } from './internal/code-column'
import { jointCounts } from './internal/joint-counts'
import type { BayesNetModel } from './model'
import type { PrivBayesOptions } from './options'

/**
 * Fits PrivBayes (Zhang et al., TODS 2017) with ε-differential privacy under replace-one-row neighbours on an
 * in-memory table: {@link buildPrivBayes} (the code path an engine's fit takes too) with its count requests answered
 * from the table's coded columns. Every release is charged to one PrivacyBudget of ε (basic composition): DP bounds
 * for numerical/datetime columns without declared min/max (`boundsShare`), the greedy structure by the exponential
 * mechanism on mutual information (`structureShare` β of the rest, evenly over d − 1 steps), and the noisy joint
 * tables of the families (discrete Laplace, the rest evenly). Category sets come from the schema only.
 */
export function fitPrivBayes(
  table: Table,
  options: PrivBayesOptions,
  privacy: PrivBayesPrivacy,
  context: PrivBayesFitContext = {},
): BayesNetModel {
  return runWorkSteps(fitPrivBayesSteps(table, options, privacy, context))
}

/**
 * Fits like {@link fitPrivBayes}, handing the event loop back between structure steps and noisy tables so a caller
 * can cancel (`signal`, then a `CANCELLED` error; the partly spent budget is never released as a model) and show
 * progress.
 */
export function fitPrivBayesAsync(
  table: Table,
  options: PrivBayesOptions,
  privacy: PrivBayesPrivacy,
  context: PrivBayesFitContext = {},
  cooperation: CooperativeOptions = {},
): Promise<BayesNetModel> {
  return runWorkStepsAsync(fitPrivBayesSteps(table, options, privacy, context), { what: 'The PrivBayes fit', ...cooperation })
}

function* fitPrivBayesSteps(
  table: Table,
  options: PrivBayesOptions,
  privacy: PrivBayesPrivacy,
  context: PrivBayesFitContext,
): WorkSteps<BayesNetModel> {
  const n = table.nRows
  const build = buildPrivBayes({ schema: table.schema, rows: n, table: context.table }, options, privacy, context)
  // the coded columns live here, in the fit, and only counts of them reach the build (which releases them noisily)
  const codes: Int32Array[] = []
  const states: number[] = []
  const scratch = new Int32Array(n)
  let next = build.next()
  while (!next.done) {
    const request = next.value
    if (request.type === 'define') {
      for (const v of request.variables) {
        codes.push(codeColumn(table, v.column, v.encoding))
        states.push(encodingStates(v.encoding))
      }
      next = build.next([])
      continue
    }
    const tables: Float64Array[] = []
    for (const set of request.sets) {
      tables.push(
        jointCounts(
          set.map((v) => codes[v]),
          set.map((v) => states[v]),
          n,
          scratch,
        ),
      )
      // one step per counted table: a step of the structure search may count thousands of candidates
      yield { phase: request.phase, done: request.done, total: request.total, work: n }
    }
    yield { phase: request.phase, done: request.done, total: request.total, work: request.work }
    next = build.next(tables)
  }
  return next.value
}
