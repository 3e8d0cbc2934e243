import * as t from 'io-ts'
import { either as E, function as F } from 'fp-ts'
import { type Synthesizer, SYNTHESIZER_PROTOCOL, SynthkitError, type Table, ioTsIssues, strictObject } from '@synthkit/core'
import { fitCopula, fitCopulaAsync } from './fit'
import { MARGINAL_FAMILIES } from './marginal'
import type { MarginalChoice } from './marginal-fit'
import { type CopulaModel, decodeCopulaModel } from './model'
import { PACKAGE_VERSION } from './package-version'
import { sampleCopulaStream } from './sample'

const Family = t.keyof(
  Object.fromEntries([...MARGINAL_FAMILIES, 'auto'].map((f) => [f, null])) as Record<MarginalChoice, null>,
  'MarginalChoice',
)

/** Options of the copula adapter (a JSON file for `synthkit fit --options`): every key optional. */
export const CopulaOptionsCodec = strictObject(
  {},
  { marginals: t.union([Family, t.record(t.string, Family)]), enforceMinMax: t.boolean },
  'CopulaOptions',
)
export type CopulaAdapterOptions = t.TypeOf<typeof CopulaOptionsCodec>

const LIMITATIONS = [
  // Patki et al. 2016 (the SDV paper); Nelsen, An Introduction to Copulas.
  'A Gaussian copula keeps each column’s distribution and the pairwise (rank) correlations; dependence beyond pairs, non-monotone relations and rare combinations of categories are weakened or lost.',
  'Categories are sampled from learned frequencies: categories never seen in the real data cannot appear, and very rare ones may be missing.',
]

function tableOf(input: Parameters<Synthesizer['fit']>[0]): Table {
  if (input.kind !== 'table')
    throw new SynthkitError('UNSUPPORTED', `The copula learns from one table, got input of kind "${input.kind}"`, [
      { path: 'input', message: 'expected { kind: "table", table }' },
    ])
  return input.table
}

/**
 * The Gaussian copula as a synthkit {@link Synthesizer} (protocol v1): what the CLI's registry and any pipeline use.
 * Fitting is deterministic (the same data and options give the same model) and not differentially private.
 */
export const copulaSynthesizer = {
  protocol: SYNTHESIZER_PROTOCOL,
  method: 'copula',
  packageName: '@synthkit/copula',
  version: PACKAGE_VERSION,
  summary: 'Gaussian copula: per-column marginals and the correlation of their normal scores',
  capabilities: {
    input: 'table',
    conditions: 'exact',
    constraints: true,
    randomizedFit: false,
    differentiallyPrivate: false,
    shards: true,
  },
  optionFlags: [
    {
      key: 'marginals',
      flag: 'marginal',
      description: 'copula: marginal family for every numerical column (auto, empirical, normal, beta, …)',
      parse: 'string',
    },
    {
      key: 'enforceMinMax',
      flag: 'enforce-min-max',
      description: 'copula: keep sampled numbers within the observed range (true|false)',
      parse: 'boolean',
    },
  ],
  decodeOptions: (input: unknown) =>
    F.pipe(
      CopulaOptionsCodec.decode(input),
      E.mapLeft((errors) => new SynthkitError('OPTIONS_INVALID', 'Invalid copula options', ioTsIssues(errors))),
    ),
  decodeModel: decodeCopulaModel,
  fit: (input, options, context) => {
    if (context.privacy)
      throw new SynthkitError('UNSUPPORTED', 'The copula is not differentially private: it cannot spend a privacy budget', [
        { path: 'privacy', message: 'use a differentially private method (e.g. privbayes) or drop --epsilon' },
      ])
    const table = tableOf(input)
    const copulaOptions = { marginals: options.marginals, enforceMinMax: options.enforceMinMax }
    // Given a signal or a progress callback, the fit is cooperative: it hands the event loop back between columns
    // (a Promise), so a caller's cancellation (Ctrl-C) can stop it. Without either it stays synchronous.
    if (context.signal === undefined && context.progress === undefined) return fitCopula(table, copulaOptions)
    return fitCopulaAsync(table, copulaOptions, { signal: context.signal, progress: context.progress })
  },
  schema: (model) => ({ kind: 'table', name: model.schema.name ?? 'synthetic', schema: model.schema }),
  *stream(model, request) {
    if (typeof request.rows !== 'number')
      throw new SynthkitError('OPTIONS_INVALID', 'The copula samples one table: give rows as a number', [
        { path: 'rows', message: 'expected a number of rows' },
      ])
    const name = model.schema.name ?? 'synthetic'
    const rows = Math.round(request.rows * (request.scale ?? 1))
    for (const chunk of sampleCopulaStream(model, rows, request.rng, {
      chunkRows: request.chunkRows,
      conditions: request.conditions,
      values: request.values,
      signal: request.signal,
      shard: request.shard,
      blocks: request.blocks,
    })) {
      yield { table: name, rows: chunk }
    }
  },
  describe: (model) => ({
    title: 'Gaussian copula',
    parameters: {
      marginals: Object.fromEntries(
        model.columns.flatMap((c) => (c.kind === 'numeric' && c.marginal ? [[c.name, c.marginal.family]] : [])),
      ),
      dimensions: model.dimensions.length,
      constraints: model.constraints?.constraints.length ?? 0,
    },
    privacy: { kind: 'none', statement: 'Not differentially private: the model is fitted on the real data directly.' },
    limitations: LIMITATIONS,
    trainingRows: model.trainingRows,
  }),
} satisfies Synthesizer<CopulaAdapterOptions, CopulaModel>
