import { either as E } from 'fp-ts'
import {
  type PrivacyGuarantee,
  SYNTHESIZER_PROTOCOL,
  type SampledChunk,
  type StreamRequest,
  type Synthesizer,
  type SynthesizerDescription,
  type SynthesizerInput,
  SynthkitError,
  synthkitError,
} from '@synthkit/core'
import { fitBayesNet, fitBayesNetAsync } from './fit'
import { fitPrivBayes, fitPrivBayesAsync } from './fit-privbayes'
import { type BayesNetModel, decodeBayesNetModel } from './model'
import { type BayesNetOptions, type PrivBayesOptions, decodeBayesNetOptions, decodePrivBayesOptions } from './options'
import { sampleBayesNetStream } from './sample'

/** This package's version (written into adapters for registries). */
export const BAYESNET_VERSION = '0.1.0'

function tableOf(input: SynthesizerInput) {
  if (input.kind !== 'table')
    throw new SynthkitError('UNSUPPORTED', `A Bayesian network learns from one table, got input of kind "${input.kind}"`, [
      { path: 'input.kind', message: 'expected "table"' },
    ])
  return input.table
}

function decodeFor(method: BayesNetModel['method']) {
  return (input: unknown): E.Either<SynthkitError, BayesNetModel> => {
    const r = decodeBayesNetModel(input)
    if (E.isRight(r) && r.right.method !== method) {
      return E.left(
        synthkitError('MODEL_INVALID', `This is a ${r.right.method} model, not ${method}`, [
          { path: 'method', message: `expected "${method}", got "${r.right.method}"` },
        ]),
      )
    }
    return r
  }
}

function rowsOf(model: BayesNetModel, request: StreamRequest): number {
  const base = typeof request.rows === 'number' ? request.rows : (request.rows?.[model.table] ?? model.rows)
  return request.scale === undefined || typeof request.rows === 'number' ? base : Math.round(base * request.scale)
}

function* stream(model: BayesNetModel, request: StreamRequest): Iterable<SampledChunk> {
  const chunks = sampleBayesNetStream(model, rowsOf(model, request), request.rng, {
    conditions: request.conditions,
    chunkRows: request.chunkRows,
    values: request.values,
    signal: request.signal,
    shard: request.shard,
    blocks: request.blocks,
  })
  for (const rows of chunks) yield { table: model.table, rows }
}

/** The privacy guarantee a model states (its ledger left out). */
export function privacyGuarantee(model: BayesNetModel): PrivacyGuarantee {
  const p = model.privacy
  if (p.kind === 'none') return p
  const { ledger: _ledger, ...guarantee } = p
  return guarantee
}

/** Title, parameters, guarantee and limitations of a fitted model, for dataset cards. */
export function describeBayesNet(model: BayesNetModel): SynthesizerDescription {
  const privateFit = model.method === 'privbayes'
  const limitations = [
    'Numerical and datetime columns are modelled as bins: dependence inside a bin is not kept.',
    `Each column depends on at most ${String(model.parameters.degree ?? 1)} parent columns; ` +
      "longer-range dependence is only what the network's paths carry.",
    'Equality conditions on a binned column condition on the bin holding the value.',
    ...(privateFit
      ? [
          'Rows are sampled from noisy tables: rare combinations are lost or invented, more so at small ε.',
          'The guarantee is for replace-one-row neighbours (the row count is treated as public); ' +
            'for add/remove-one-row neighbours it holds with 2ε only when the count is also protected.',
          'Values outside DP-estimated bounds (whole octaves with a noisy count above a threshold) are moved to the outer bins.',
        ]
      : ['The model holds exact conditional frequencies of the training data: not for release where the data are confidential.']),
  ]
  if (model.parameters.unsafeTestOnlyNoiseDivisor !== undefined)
    limitations.unshift('BROKEN ON PURPOSE: noise was divided for a privacy-audit test; no guarantee holds.')
  return {
    title: privateFit ? 'PrivBayes (differentially private Bayesian network)' : `Bayesian network (${String(model.parameters.structure)})`,
    parameters: { ...model.parameters, nodes: model.nodes.length, edges: model.nodes.reduce((a, n) => a + n.parents.length, 0) },
    privacy: privacyGuarantee(model),
    limitations,
    trainingRows: privateFit ? undefined : model.rows,
  }
}

const common = {
  protocol: SYNTHESIZER_PROTOCOL,
  packageName: '@synthkit/bayesnet',
  version: BAYESNET_VERSION,
  schema: (model: BayesNetModel) => ({ kind: 'table' as const, name: model.table, schema: model.schema }),
  stream,
  describe: describeBayesNet,
}

/** The `bayesnet` method: a non-private Bayesian network (greedy k-degree or Chow-Liu), exact conditions. */
export const bayesnetSynthesizer = {
  ...common,
  method: 'bayesnet',
  summary: 'Bayesian network on discretised columns (greedy k-degree search on mutual information, or Chow-Liu tree)',
  capabilities: {
    input: 'table',
    conditions: 'exact',
    constraints: true,
    randomizedFit: true,
    differentiallyPrivate: false,
    shards: true,
  },
  optionFlags: [
    { key: 'degree', flag: 'degree', description: 'most parents per column (k, default 2)', parse: 'integer' },
    { key: 'structure', flag: 'structure', description: 'greedy | chow-liu', parse: 'string' },
    { key: 'bins', flag: 'bins', description: 'bins per numerical column (default by data size)', parse: 'integer' },
  ],
  decodeOptions: decodeBayesNetOptions,
  decodeModel: decodeFor('bayesnet'),
  fit: (input: SynthesizerInput, options: BayesNetOptions, context: import('@synthkit/core').FitContext) =>
    // Given a signal or a progress callback the fit is cooperative (a Promise that hands the event loop back, so
    // Ctrl-C can stop it); without either it stays synchronous.
    context.signal === undefined && context.progress === undefined
      ? fitBayesNet(tableOf(input), options, { rng: context.rng })
      : fitBayesNetAsync(tableOf(input), options, { rng: context.rng }, { signal: context.signal, progress: context.progress }),
} satisfies Synthesizer<BayesNetOptions, BayesNetModel>

/** The `privbayes` method: PrivBayes with ε-DP (replace-one-row), every release charged to one budget. */
export const privbayesSynthesizer = {
  ...common,
  method: 'privbayes',
  summary: 'PrivBayes: differentially private Bayesian network (exponential mechanism structure, noisy joint tables)',
  capabilities: {
    input: 'table',
    conditions: 'exact',
    constraints: true,
    randomizedFit: true,
    differentiallyPrivate: true,
    shards: true,
  },
  optionFlags: [
    { key: 'degree', flag: 'degree', description: 'most parents per column (default: the θ-usefulness rule)', parse: 'integer' },
    { key: 'theta', flag: 'theta', description: 'θ of the usefulness rule (default 4)', parse: 'number' },
    { key: 'structureShare', flag: 'structure-share', description: 'share of ε for the structure (default 0.3)', parse: 'number' },
    { key: 'rows', flag: 'default-rows', description: 'default sample size (public; default: a noisy count)', parse: 'integer' },
    { key: 'nullable', flag: 'nullable', description: 'columns that may hold missing values (public; default: all)', parse: 'list' },
  ],
  decodeOptions: decodePrivBayesOptions,
  decodeModel: decodeFor('privbayes'),
  fit: (input: SynthesizerInput, options: PrivBayesOptions, context: import('@synthkit/core').FitContext) => {
    if (!context.privacy)
      throw new SynthkitError('PARAMETER_INVALID', 'privbayes needs a privacy budget', [
        { path: 'context.privacy', message: 'expected { epsilon, delta, noise }' },
      ])
    return context.signal === undefined && context.progress === undefined
      ? fitPrivBayes(tableOf(input), options, context.privacy, { rng: context.rng })
      : fitPrivBayesAsync(
          tableOf(input),
          options,
          context.privacy,
          { rng: context.rng },
          { signal: context.signal, progress: context.progress },
        )
  },
} satisfies Synthesizer<PrivBayesOptions, BayesNetModel>
