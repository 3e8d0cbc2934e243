import * as t from 'io-ts'
import { either as E, function as F } from 'fp-ts'
import { FiniteNumber, NonEmptyString, NonNegativeInt, type Synthesizer, ioTsIssues, strictObject } from '@synthkit/core'
import { type ModelConstraints, ModelConstraintsCodec } from '../constraints/model-constraints'
import { readJsonFile } from '../io/json-file'
import { CliError } from '../terminal/cli-error'
import type { SynthesizerRegistry } from './registry'

/** An ISO 8601 time (`2026-01-01T00:00:00.000Z`). */
export const IsoTime = new t.Type<string, string, unknown>(
  'IsoTime',
  (u): u is string => typeof u === 'string' && !Number.isNaN(Date.parse(u)),
  (u, c) =>
    typeof u === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(u) && !Number.isNaN(Date.parse(u))
      ? t.success(u)
      : t.failure(u, c, `expected an ISO 8601 time, got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)
/** A SHA-256 digest as 64 lowercase hex digits. */
export const Sha256 = new t.Type<string, string, unknown>(
  'Sha256',
  (u): u is string => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u),
  (u, c) =>
    typeof u === 'string' && /^[0-9a-f]{64}$/.test(u)
      ? t.success(u)
      : t.failure(u, c, `expected 64 hex digits, got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)
const NonNegative = new t.Type<number, number, unknown>(
  'NonNegativeNumber',
  (u): u is number => typeof u === 'number' && Number.isFinite(u) && u >= 0,
  (u, c) =>
    typeof u === 'number' && Number.isFinite(u) && u >= 0
      ? t.success(u)
      : t.failure(u, c, `expected a finite number ≥ 0, got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)

/** Where a model came from: enough to trace synthetic data back to its input (the card's lineage record). */
export const ModelLineage = strictObject(
  {
    /** The input file as given on the command line. */
    input: t.string,
    /** SHA-256 of the input file's bytes. */
    sha256: Sha256,
    rows: NonNegativeInt,
    columns: NonNegativeInt,
    /** Seed of the fit's random generator, or null when a secure random one was used. */
    seed: t.union([NonNegativeInt, t.null]),
    fittedAt: IsoTime,
    /** Seconds spent in the synthesizer's fit (reading the file is `readSeconds`). */
    fitSeconds: NonNegative,
    readSeconds: NonNegative,
    /** Versions of synthkit packages and Node used. */
    versions: t.record(t.string, t.string),
    /** The decoded options passed to the synthesizer. */
    options: t.UnknownRecord,
    /** Where the schema came from (a file, or inferred). */
    schemaSource: t.string,
    /** The package that fitted the model, and its version. */
    package: NonEmptyString,
    packageVersion: t.string,
    /** The privacy budget given to the fit (the guarantee actually spent is in the model: see describe). */
    privacy: t.union([strictObject({ epsilon: FiniteNumber, delta: FiniteNumber }, {}, 'PrivacyBudgetRequest'), t.null]),
  },
  {
    /** Rows kept out of the fit (`--holdout-fraction`) for the privacy attacks: where they were written. */
    holdout: strictObject({ path: t.string, rows: NonNegativeInt }, {}, 'Holdout'),
    /** Observed [min, max] of numerical/datetime columns (non-private fits only), for `sample --where` checks. */
    observed: t.record(t.string, strictObject({ min: FiniteNumber, max: FiniteNumber }, {}, 'ObservedRange')),
  },
  'ModelLineage',
)
export type ModelLineage = t.TypeOf<typeof ModelLineage>

export const MODEL_FILE_FORMAT = 'synthkit.model'
export const MODEL_FILE_VERSION = 2

/**
 * The file `synthkit fit` writes: the synthesizer's own JSON model in an envelope naming the method and the
 * lineage, so `sample` and `card` can say where synthetic data came from.
 */
export const ModelFileCodec = strictObject(
  {
    format: t.literal(MODEL_FILE_FORMAT),
    version: t.literal(MODEL_FILE_VERSION),
    method: NonEmptyString,
    lineage: ModelLineage,
    model: t.unknown,
  },
  {
    /** The fit's constraints: discovered and declared, enforced or not, with the training rows they excluded. */
    constraints: ModelConstraintsCodec,
  },
  'ModelFile',
)
export type ModelFile = t.TypeOf<typeof ModelFileCodec>

/** A model file decoded through its synthesizer: the adapter, its decoded model and the lineage. */
export interface LoadedModel {
  readonly synthesizer: Synthesizer
  readonly model: unknown
  readonly lineage: ModelLineage
  readonly path: string
  /** The fit's constraints (model files written before constraint discovery have none). */
  readonly constraints?: ModelConstraints
}

function issuesText(path: string, what: string, issues: readonly { path: string; message: string }[]): CliError {
  const lines = issues.slice(0, 12).map((i) => `  - ${i.path || '(root)'}: ${i.message}`)
  if (issues.length > 12) lines.push(`  … and ${issues.length - 12} more`)
  return new CliError(`${path}: ${what}\n${lines.join('\n')}`)
}

/**
 * Reads a model file written by `synthkit fit`: the envelope and its lineage are decoded by {@link ModelFileCodec},
 * the method is looked up in the registry, and the model itself is decoded by that synthesizer's `decodeModel`,
 * which checks every invariant sampling relies on. Every problem is named with its path.
 */
export async function readModelFile(path: string, registry: SynthesizerRegistry): Promise<LoadedModel> {
  const json = await readJsonFile(path, 'model')
  const format = (json as { format?: unknown } | null)?.format
  if (typeof json !== 'object' || json === null || Array.isArray(json) || format !== MODEL_FILE_FORMAT) {
    throw new CliError(
      `${path}: not a synthkit model file (format ${JSON.stringify(format ?? null)}; expected "${MODEL_FILE_FORMAT}", written by synthkit fit)`,
    )
  }
  const file = F.pipe(ModelFileCodec.decode(json), E.mapLeft(ioTsIssues))
  if (E.isLeft(file)) throw issuesText(path, 'invalid model file', file.left)
  const synthesizer = registry.get(file.right.method)
  const model = synthesizer.decodeModel(file.right.model)
  if (E.isLeft(model))
    throw issuesText(
      path,
      `invalid ${synthesizer.method} model`,
      model.left.issues.map((i) => ({ ...i, path: `model.${i.path}` })),
    )
  return {
    synthesizer,
    model: model.right,
    lineage: file.right.lineage,
    path,
    ...(file.right.constraints ? { constraints: file.right.constraints } : {}),
  }
}
