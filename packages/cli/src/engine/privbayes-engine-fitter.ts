// PrivBayes's fit through a SQL engine (`synthkit fit --engine duckdb --method privbayes --epsilon …`): the coding and
// the exact contingency counts are GROUP BY queries (@synthkit/engine's fitPrivBayesSql), the model is built — and
// every count released through @synthkit/dp's mechanisms — by @synthkit/bayesnet's buildPrivBayes, as in memory.
import type { PrivBayesOptions } from '@synthkit/bayesnet'
import { SynthkitError, createRng, secureRng } from '@synthkit/core'
import { fitPrivBayesSql } from '@synthkit/engine'
import type { EngineFitter } from '../synthesizers/registry'

/**
 * The privbayes method's engine fitter, seeded and noised as the in-memory fit (synthesizers/run.ts): the root
 * column's stream is `createRng(seed)` (a secure one without a seed), the DP noise always a secure source. Each call
 * makes its streams afresh, so a retry over the all-text read (fit-engine.ts) draws what the first attempt would have.
 */
export const privbayesEngineFitter: EngineFitter = {
  async fit(engine, relation, schema, options, context = {}) {
    const privacy = context.privacy
    if (!privacy)
      throw new SynthkitError('PARAMETER_INVALID', 'privbayes needs a privacy budget', [
        { path: 'context.privacy', message: 'expected { epsilon, delta, noise }: pass --epsilon' },
      ])
    const clock = () => performance.now()
    const rng = context.seed !== undefined ? createRng(context.seed) : secureRng()
    const { model, rows, seconds } = await fitPrivBayesSql(
      engine,
      relation,
      { ...(options as PrivBayesOptions), schema, rng },
      { epsilon: privacy.epsilon, delta: privacy.delta, noise: secureRng() },
      clock,
    )
    return { model, trainingRows: rows, stageSeconds: seconds.stage, statisticsSeconds: seconds.statistics }
  },
}
