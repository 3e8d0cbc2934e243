import * as t from 'io-ts'
import { Constraint, FiniteNumber, NonEmptyString, NonNegativeInt, strictObject } from '@synthkit/core'

/** Where a constraint of a model came from. */
export const ConstraintSource = t.union([t.literal('discovered'), t.literal('user')], 'ConstraintSource')
export type ConstraintSource = t.TypeOf<typeof ConstraintSource>

/**
 * One constraint of a fit, as the model file and the card record it: the constraint, its source, whether sampling
 * enforces it (and why not), and what it did to the training data (rows that violated it; rows left out of the fit
 * because of it).
 */
export const ConstraintRecordCodec = strictObject(
  {
    constraint: Constraint,
    source: ConstraintSource,
    /** A readable statement of the rule. */
    description: t.string,
    enforced: t.boolean,
  },
  {
    /** Training rows that violated it (absent for a differentially private fit: the count would be released without noise). */
    violations: NonNegativeInt,
    /** Training rows left out of the fit because they violated it (a row breaking several counts for the first). */
    excludedRows: NonNegativeInt,
    /** Why a discovered constraint is not enforced. */
    reason: t.string,
    /** Rows it could be checked on, and the discovery score (−log10 chance probability, Bonferroni-corrected). */
    support: NonNegativeInt,
    score: FiniteNumber,
    /** The first violating training rows, as data-row numbers counted from 1 (the header is not a row). */
    violatingRows: t.array(NonNegativeInt),
  },
  'ConstraintRecord',
)
export type ConstraintRecord = t.TypeOf<typeof ConstraintRecordCodec>

/** The constraints section of a model file. */
export const ModelConstraintsCodec = strictObject(
  {
    /** 'on' (default), 'off' (--no-discover), or why discovery was skipped. */
    discovery: NonEmptyString,
    records: t.array(ConstraintRecordCodec),
  },
  {
    /** Training rows left out of the fit because they violated an enforced constraint (absent for a DP fit). */
    excludedRows: NonNegativeInt,
  },
  'ModelConstraints',
)
export type ModelConstraints = t.TypeOf<typeof ModelConstraintsCodec>

/** The constraints a model's sampling enforces, in the order of its records. */
export function enforcedConstraints(m: ModelConstraints | undefined): Constraint[] {
  return (m?.records ?? []).filter((r) => r.enforced).map((r) => r.constraint)
}
