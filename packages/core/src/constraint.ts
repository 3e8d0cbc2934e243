import * as t from 'io-ts'
import { FiniteNumber, NonEmptyString, strictObject, taggedUnion } from './codec'

const Cell = t.union([t.string, t.number, t.boolean, t.null], 'Cell')

/** `min ≤ column ≤ max` (either bound optional; `strict` makes them exclusive). */
export const RangeConstraint = strictObject(
  { type: t.literal('range'), column: NonEmptyString },
  { min: FiniteNumber, max: FiniteNumber, strict: t.boolean },
  'RangeConstraint',
)
/** `low ≤ high` (or `<` when strict), for numbers and datetimes. */
export const InequalityConstraint = strictObject(
  { type: t.literal('inequality'), low: NonEmptyString, high: NonEmptyString },
  { strict: t.boolean },
  'InequalityConstraint',
)
/** Only the listed combinations of these columns' values may appear (learned from data when not listed). */
export const FixedCombinationsConstraint = strictObject(
  { type: t.literal('fixedCombinations'), columns: t.array(NonEmptyString) },
  { combinations: t.array(t.array(Cell)) },
  'FixedCombinationsConstraint',
)
/** No two rows share the same values in these columns. */
export const UniqueConstraint = strictObject({ type: t.literal('unique'), columns: t.array(NonEmptyString) }, {}, 'UniqueConstraint')
/** `column > 0` (`≥ 0` unless strict). */
export const PositiveConstraint = strictObject(
  { type: t.literal('positive'), column: NonEmptyString },
  { strict: t.boolean },
  'PositiveConstraint',
)
/** `column < 0` (`≤ 0` unless strict). */
export const NegativeConstraint = strictObject(
  { type: t.literal('negative'), column: NonEmptyString },
  { strict: t.boolean },
  'NegativeConstraint',
)
/** The text of the column matches a regular expression (whole value unless the pattern says otherwise). */
export const RegexConstraint = strictObject(
  { type: t.literal('regex'), column: NonEmptyString, pattern: t.string },
  { flags: t.string },
  'RegexConstraint',
)
/** A boolean expression over columns in a sandboxed mathjs dialect, e.g. `age >= 18 or status == "minor"`. */
export const ExpressionConstraint = strictObject(
  { type: t.literal('expression'), expression: NonEmptyString },
  { name: t.string },
  'ExpressionConstraint',
)
/** Every value of `column` appears in `references.column` of table `references.table`. */
export const ForeignKeyConstraint = strictObject(
  {
    type: t.literal('foreignKey'),
    column: NonEmptyString,
    references: strictObject({ table: NonEmptyString, column: NonEmptyString }, {}, 'ForeignKeyTarget'),
  },
  {},
  'ForeignKeyConstraint',
)

/**
 * `determinant` determines `dependent`: rows with the same determinant values (all present) have the same dependent
 * value (airport → state, zip → city). `mapping` lists the learned pairs, one `[...determinant values, dependent
 * value]` row per determinant combination (filled by `learnConstraints`); with it, a row whose determinant is listed
 * must carry the listed dependent value. Rows where a determinant or the dependent is missing hold vacuously.
 */
export const FunctionalDependencyConstraint = strictObject(
  { type: t.literal('functionalDependency'), determinant: t.array(NonEmptyString), dependent: NonEmptyString },
  { mapping: t.array(t.array(Cell)) },
  'FunctionalDependencyConstraint',
)
/** The condition of a {@link ConditionalConstraint}: a column equals a value, or is missing. */
export const ConstraintCondition = t.union(
  [
    strictObject({ column: NonEmptyString, equals: t.union([t.string, t.number, t.boolean]) }, {}, 'ConditionEquals'),
    strictObject({ column: NonEmptyString, isMissing: t.literal(true) }, {}, 'ConditionIsMissing'),
  ],
  'ConstraintCondition',
)
export type ConstraintCondition = t.TypeOf<typeof ConstraintCondition>
/**
 * A conditional zero: when `when` holds, `column` is 0 (`then: 'zero'`), missing (`'missing'`) or either
 * (`'zeroOrMissing'`), e.g. no garage → garage area 0. Rows where the condition does not hold are unconstrained.
 */
export const ConditionalConstraint = strictObject(
  {
    type: t.literal('conditional'),
    when: ConstraintCondition,
    column: NonEmptyString,
    then: t.union([t.literal('zero'), t.literal('missing'), t.literal('zeroOrMissing')]),
  },
  {},
  'ConditionalConstraint',
)
/** The columns are missing together: in every row either all of them are missing or none is. */
export const MissingTogetherConstraint = strictObject(
  { type: t.literal('missingTogether'), columns: t.array(NonEmptyString) },
  {},
  'MissingTogetherConstraint',
)

export const Constraint = taggedUnion(
  'type',
  {
    range: RangeConstraint,
    inequality: InequalityConstraint,
    fixedCombinations: FixedCombinationsConstraint,
    unique: UniqueConstraint,
    positive: PositiveConstraint,
    negative: NegativeConstraint,
    regex: RegexConstraint,
    expression: ExpressionConstraint,
    foreignKey: ForeignKeyConstraint,
    functionalDependency: FunctionalDependencyConstraint,
    conditional: ConditionalConstraint,
    missingTogether: MissingTogetherConstraint,
  },
  'Constraint',
)
/** A declarative constraint (plain JSON). */
export type Constraint = t.TypeOf<typeof Constraint>
