// The Bayesian network's fit through a SQL engine (`synthkit fit --engine duckdb --method bayesnet`): the column
// codings and the contingency counts of the structure search and of the conditional tables are GROUP BY queries
// (@synthkit/engine's fitBayesNetSql), the model is built by @synthkit/bayesnet from those counts.
import type { BayesNetOptions } from '@synthkit/bayesnet'
import { fitBayesNetSql } from '@synthkit/engine'
import type { EngineFitter } from '../synthesizers/registry'

/** The bayesnet method's engine fitter: the fit's seed chooses the structure subsample of a large table. */
export const bayesnetEngineFitter: EngineFitter = {
  async fit(engine, relation, schema, options, context = {}) {
    const clock = () => performance.now()
    const { model, seconds } = await fitBayesNetSql(
      engine,
      relation,
      { ...(options as BayesNetOptions), schema, ...(context.seed === undefined ? {} : { seed: context.seed }) },
      clock,
    )
    return { model, trainingRows: model.rows, stageSeconds: seconds.stage, statisticsSeconds: seconds.statistics }
  },
}
