import type { BayesNetModel } from '@synthkit/bayesnet'
import { type ColumnSpec, sensitivityOf } from '@synthkit/core'

/** The generator a Bayesian network's model keeps for a column it does not learn (id, pii, free text), else null. */
export const generatedKind = (spec: ColumnSpec): BayesNetModel['generated'][number]['kind'] | null =>
  spec.kind === 'id' ? 'id' : sensitivityOf(spec) === 'pii' ? 'pii' : spec.kind === 'text' ? 'text' : null
