import { either as E, function as F } from 'fp-ts'
import * as t from 'io-ts'
import { type Issue, type SynthkitError, ioTsIssues, strictObject, synthkitError } from '@synthkit/core'

const PositiveInt = new t.Type<number, number, unknown>(
  'PositiveInt',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 1,
  (u, c) =>
    typeof u === 'number' && Number.isSafeInteger(u) && u >= 1
      ? t.success(u)
      : t.failure(u, c, `expected an integer ≥ 1, got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)

const OpenUnit = new t.Type<number, number, unknown>(
  'OpenUnit',
  (u): u is number => typeof u === 'number' && u > 0 && u < 1,
  (u, c) =>
    typeof u === 'number' && u > 0 && u < 1
      ? t.success(u)
      : t.failure(u, c, `expected a number in (0, 1), got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)

const PositiveNumber = new t.Type<number, number, unknown>(
  'PositiveNumber',
  (u): u is number => typeof u === 'number' && Number.isFinite(u) && u > 0,
  (u, c) =>
    typeof u === 'number' && Number.isFinite(u) && u > 0
      ? t.success(u)
      : t.failure(u, c, `expected a finite number > 0, got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)

/**
 * Options of the non-private Bayesian network (`bayesnet`).
 * - `structure`: `greedy` (PrivBayes' greedy k-degree search on mutual information, without noise) or `chow-liu`
 *   (the maximum-weight spanning tree of pairwise mutual information; optimal for k = 1).
 * - `degree`: k, the most parents a node may have (greedy only; default 2).
 * - `bins`: bins per numerical/datetime column (default: the data-size rule min(32, max(5, round(n^(1/3))))).
 * - `binning`: `quantile` (default) or `equal-width`.
 * - `structureRows`: rows the structure search reads (a seeded subsample when the table is larger; default 20 000).
 * - `parentCandidates`: greedy search only: for each child, parent sets are drawn from its this-many most
 *   informative single parents (default 8), which keeps 50-column tables fast.
 */
export const BayesNetOptionsCodec = strictObject(
  {},
  {
    structure: t.keyof({ greedy: null, 'chow-liu': null }, 'Structure'),
    degree: PositiveInt,
    bins: PositiveInt,
    binning: t.keyof({ quantile: null, 'equal-width': null }, 'Binning'),
    structureRows: PositiveInt,
    parentCandidates: PositiveInt,
  },
  'BayesNetOptions',
)
export type BayesNetOptions = t.TypeOf<typeof BayesNetOptionsCodec>

/**
 * Options of PrivBayes (`privbayes`); ε and δ come from the fit's privacy request.
 * - `degree`: k; default: the largest k ≤ 3 whose noisy tables are θ-useful (Zhang et al. 2017, §4.3/§5).
 * - `theta`: the usefulness target θ (default 4, as in the paper's experiments).
 * - `structureShare`: β, the share of ε (after bounds) spent on the structure (default 0.3, as in the paper).
 * - `boundsShare`: share of ε spent on DP bounds (a noisy octave histogram) of numerical/datetime columns whose
 *   schema declares no min/max (default 0.1, evenly over those columns; spent only when such columns exist).
 * - `bins`: bins per numerical/datetime column (default: the rule min(16, max(4, round((n·ε)^(1/3) / 2)))).
 * - `rows`: rows the model samples by default (public, chosen by the user); default: the noisy row count.
 * - `nullable`: the columns that may hold missing values (public, like the category sets); listed columns get a
 *   missing state, others none (a missing value there is a DATA_INVALID error). Default: every column gets one,
 *   which costs accuracy (larger noisy tables) but needs no declaration.
 * - `unsafeTestOnlyNoiseDivisor`: DELIBERATELY BROKEN — divides the noise of every DP release by this factor
 *   while charging the nominal ε. Exists only so that the privacy audit can show it detects a broken mechanism;
 *   a model fitted with it says `fitForRelease: false` and names the defect.
 */
export const PrivBayesOptionsCodec = strictObject(
  {},
  {
    degree: PositiveInt,
    theta: PositiveNumber,
    structureShare: OpenUnit,
    boundsShare: OpenUnit,
    bins: PositiveInt,
    rows: t.union([PositiveInt, t.literal(0)]),
    nullable: t.array(t.string),
    unsafeTestOnlyNoiseDivisor: PositiveNumber,
  },
  'PrivBayesOptions',
)
export type PrivBayesOptions = t.TypeOf<typeof PrivBayesOptionsCodec>

function decodeWith<A>(codec: t.Decoder<unknown, A>, name: string, input: unknown, extra: (a: A) => Issue[]): E.Either<SynthkitError, A> {
  return F.pipe(
    codec.decode(input ?? {}),
    E.mapLeft(ioTsIssues),
    E.chain((a) => {
      const issues = extra(a)
      return issues.length === 0 ? E.right(a) : E.left(issues)
    }),
    E.mapLeft((issues) => synthkitError('OPTIONS_INVALID', `Invalid ${name} options`, issues)),
  )
}

/** Decodes untrusted `bayesnet` options (`{}` gives the defaults), listing every problem with its path. */
export function decodeBayesNetOptions(input: unknown): E.Either<SynthkitError, BayesNetOptions> {
  return decodeWith(BayesNetOptionsCodec, 'bayesnet', input, (o) =>
    o.structure === 'chow-liu' && o.degree !== undefined && o.degree !== 1
      ? [{ path: 'degree', message: `a Chow-Liu tree has degree 1, got ${o.degree}` }]
      : [],
  )
}

/** Decodes untrusted `privbayes` options (`{}` gives the defaults), listing every problem with its path. */
export function decodePrivBayesOptions(input: unknown): E.Either<SynthkitError, PrivBayesOptions> {
  return decodeWith(PrivBayesOptionsCodec, 'privbayes', input, () => [])
}
