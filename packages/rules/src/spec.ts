import * as t from 'io-ts'
import { FiniteNumber, NonEmptyString, NonNegativeInt, strictObject, taggedUnion } from '@synthkit/core'

/** An integer (any sign). */
const Integer = new t.Type<number, number, unknown>(
  'Integer',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u),
  (u, c) =>
    typeof u === 'number' && Number.isSafeInteger(u)
      ? t.success(u)
      : t.failure(u, c, `expected an integer, got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)

/** A share in [0, 1]. */
export const Rate = new t.Type<number, number, unknown>(
  'Rate',
  (u): u is number => typeof u === 'number' && u >= 0 && u <= 1,
  (u, c) =>
    typeof u === 'number' && u >= 0 && u <= 1
      ? t.success(u)
      : t.failure(u, c, `expected a rate in [0, 1], got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)

const Cell = t.union([t.string, FiniteNumber, t.boolean], 'Cell')
/** A date bound: an offset from the scenario's anchor in the field's unit, or an absolute ISO 8601 date. */
const DateBound = t.union([FiniteNumber, NonEmptyString], 'DateBound')

/** Options every field accepts. */
const common = {
  /** Share of rows left missing on purpose (logged like every edge case). */
  missing: Rate,
  /** No two rows share a value (checked before generating against the number of values the generator can give). */
  unique: t.boolean,
  description: t.string,
}
/** Bounds and rounding of a numeric draw: values outside [min, max] are redrawn (truncation), `precision` decimals kept. */
const numeric = { ...common, min: FiniteNumber, max: FiniteNumber, precision: NonNegativeInt }

const field = <T extends string, R extends t.Props, O extends t.Props>(type: T, required: R, optional: O) =>
  strictObject({ type: t.literal(type), ...required }, optional, `${type[0]!.toUpperCase()}${type.slice(1)}Field`)

/** 1, 2, 3, … (`start`, `step`), or text around a zero-padded counter: `pattern: "INV-{000000}"`. */
export const SequenceField = field('sequence', {}, { ...common, start: Integer, step: Integer, pattern: NonEmptyString })
/** Random text from a pattern: `#` a digit, `?` a capital letter, `*` a digit or capital letter, `\` escapes. */
export const PatternField = field('pattern', { pattern: NonEmptyString }, { ...common })
/** A value from faker's locale data: `method` is one of {@link FAKER_METHODS}; `locale` overrides the scenario's. */
export const FakerField = field('faker', { method: NonEmptyString }, { ...common, locale: NonEmptyString })
/** One of `values`, with optional `weights` (any non-negative numbers, normalised). */
export const ChoiceField = field('choice', { values: t.array(t.string) }, { ...common, weights: t.array(FiniteNumber) })
/** true with `probability`. */
export const BooleanField = field('boolean', { probability: Rate }, { ...common })
/** The same value on every row. */
export const ConstantField = field('constant', { value: Cell }, { ...common })
/**
 * A date uniform over whole `unit`s between `min` and `max` (offsets from the scenario's `anchor`, negative = before
 * it, or ISO dates); `format` is how writers print it (tokens YYYY MM DD HH mm ss SSS, default ISO 8601).
 */
export const DateField = field(
  'date',
  { min: DateBound, max: DateBound },
  {
    ...common,
    unit: t.keyof({ day: null, hour: null, minute: null, second: null, millisecond: null }, 'DateUnit'),
    format: NonEmptyString,
  },
)
/**
 * A number computed by a sandboxed expression (core's `compileExpression`) over earlier fields of the row and the
 * parent's fields as `parent_<name>`; `kind` int (must come out whole: use round()), float or boolean.
 */
export const ExpressionField = field(
  'expression',
  { expression: NonEmptyString },
  { ...common, kind: t.keyof({ int: null, float: null, boolean: null }, 'ExpressionKind'), precision: NonNegativeInt },
)
/** Text with `{field}` / `{parent.field}` placeholders filled from the row and its parent; optional case change. */
export const TemplateField = field(
  'template',
  { template: t.string },
  { ...common, case: t.keyof({ lower: null, upper: null }, 'TemplateCase') },
)
/** A copy of a field of the row's parent (the foreign key when that field is the parent's key). */
export const ParentField = field('parent', { field: NonEmptyString }, { ...common })
/** The key (or a unique field) of a random row of another table; `weight` names a numeric field of it to weight by. */
export const ReferenceField = field('reference', { table: NonEmptyString, field: NonEmptyString }, { ...common, weight: NonEmptyString })

// d3-random distributions, bound to the scenario's seeded Rng (parameter names as in the literature).
export const UniformField = field('uniform', { min: FiniteNumber, max: FiniteNumber }, { ...common, precision: NonNegativeInt })
/** A uniform integer in [min, max], both included. */
export const IntegerField = field('integer', { min: Integer, max: Integer }, { ...common })
export const NormalField = field('normal', { mean: FiniteNumber, sd: FiniteNumber }, numeric)
/** exp(N(mu, sigma²)). */
export const LognormalField = field('lognormal', { mu: FiniteNumber, sigma: FiniteNumber }, numeric)
export const ExponentialField = field('exponential', { rate: FiniteNumber }, numeric)
export const GammaField = field('gamma', { shape: FiniteNumber, scale: FiniteNumber }, numeric)
export const BetaField = field('beta', { alpha: FiniteNumber, beta: FiniteNumber }, numeric)
export const WeibullField = field('weibull', { shape: FiniteNumber, scale: FiniteNumber }, numeric)
/** Pareto with scale 1 and shape `alpha` (d3's randomPareto). */
export const ParetoField = field('pareto', { alpha: FiniteNumber }, numeric)
export const LogisticField = field('logistic', { location: FiniteNumber, scale: FiniteNumber }, numeric)
export const PoissonField = field('poisson', { lambda: FiniteNumber }, { ...common, min: Integer, max: Integer })
export const BinomialField = field('binomial', { n: NonNegativeInt, p: Rate }, { ...common, min: Integer, max: Integer })
/** Number of trials up to and including the first success (≥ 1). */
export const GeometricField = field('geometric', { p: Rate }, { ...common, min: Integer, max: Integer })

export const FieldSpec = taggedUnion(
  'type',
  {
    sequence: SequenceField,
    pattern: PatternField,
    faker: FakerField,
    choice: ChoiceField,
    boolean: BooleanField,
    constant: ConstantField,
    date: DateField,
    expression: ExpressionField,
    template: TemplateField,
    parent: ParentField,
    reference: ReferenceField,
    uniform: UniformField,
    integer: IntegerField,
    normal: NormalField,
    lognormal: LognormalField,
    exponential: ExponentialField,
    gamma: GammaField,
    beta: BetaField,
    weibull: WeibullField,
    pareto: ParetoField,
    logistic: LogisticField,
    poisson: PoissonField,
    binomial: BinomialField,
    geometric: GeometricField,
  },
  'FieldSpec',
)
/** How one column of a scenario table is generated. */
export type FieldSpec = t.TypeOf<typeof FieldSpec>
export type FieldType = FieldSpec['type']

const bounded = { min: NonNegativeInt, max: NonNegativeInt }
/** Children per parent row: a distribution over non-negative integers, optionally truncated to [min, max]. */
export const Cardinality = taggedUnion(
  'type',
  {
    fixed: strictObject({ type: t.literal('fixed'), value: NonNegativeInt }, {}, 'FixedCardinality'),
    integer: strictObject({ type: t.literal('integer'), min: NonNegativeInt, max: NonNegativeInt }, {}, 'IntegerCardinality'),
    poisson: strictObject({ type: t.literal('poisson'), lambda: FiniteNumber }, bounded, 'PoissonCardinality'),
    binomial: strictObject({ type: t.literal('binomial'), n: NonNegativeInt, p: Rate }, bounded, 'BinomialCardinality'),
    geometric: strictObject({ type: t.literal('geometric'), p: Rate }, bounded, 'GeometricCardinality'),
    choice: strictObject(
      { type: t.literal('choice'), values: t.array(NonNegativeInt) },
      { weights: t.array(FiniteNumber) },
      'ChoiceCardinality',
    ),
  },
  'Cardinality',
)
export type Cardinality = t.TypeOf<typeof Cardinality>

/** The table's parent: every row belongs to one parent row, `count` rows per parent. */
export const ParentSpec = strictObject({ table: NonEmptyString, count: Cardinality }, {}, 'ParentSpec')
export type ParentSpec = t.TypeOf<typeof ParentSpec>

const rule = <N extends string, O extends t.Props>(name: N, optional: O) =>
  strictObject({ rule: t.literal(name), field: NonEmptyString, rate: Rate }, optional, `${name[0]!.toUpperCase()}${name.slice(1)}EdgeCase`)
/** Values injected on purpose into a share `rate` of rows; every injected row is logged. */
export const EdgeCase = taggedUnion(
  'rule',
  {
    missing: rule('missing', {}),
    /** The field's min, max, 0 (numbers within the bounds) or "" (text); or the listed `values`. */
    boundary: rule('boundary', { values: t.array(Cell) }),
    /** Text of `length` characters (default 10 000). */
    long: rule('long', { length: NonNegativeInt }),
    /** Names and words in non-Latin scripts, combining marks, emoji and right-to-left text. */
    nonAscii: rule('nonAscii', {}),
    /** The value of an earlier row of the same block (so duplicates appear where uniqueness is not required). */
    duplicate: rule('duplicate', {}),
  },
  'EdgeCase',
)
export type EdgeCase = t.TypeOf<typeof EdgeCase>

const ConditionValue = t.union(
  [
    t.string,
    FiniteNumber,
    t.boolean,
    strictObject({}, { min: t.union([FiniteNumber, t.string]), max: t.union([FiniteNumber, t.string]) }, 'ConditionRange'),
  ],
  'ConditionValue',
)
/**
 * Rows drawn from a fitted model of any synthesizer: `model` is a key into the models the caller passes (the CLI
 * uses model file paths), `table` picks one table of a dataset model. `conditions` are honoured by the adapter when
 * it supports conditions, else by rejection; `fixed` overwrites columns after drawing; `prevalence` sets the share of
 * rows with `column = value` (rare classes oversampled).
 */
export const ModelSource = strictObject(
  { model: NonEmptyString },
  {
    table: NonEmptyString,
    conditions: t.record(t.string, ConditionValue),
    fixed: t.record(t.string, t.union([Cell, t.null])),
    prevalence: strictObject(
      { column: NonEmptyString, value: t.union([t.string, t.boolean, FiniteNumber]), share: Rate },
      {},
      'Prevalence',
    ),
  },
  'ModelSource',
)
export type ModelSource = t.TypeOf<typeof ModelSource>

/** One table: `rows` (a root table) or `parent` (rows per parent row), its fields in order, its edge cases. */
export const TableSpec = strictObject(
  { fields: t.record(t.string, FieldSpec) },
  {
    rows: NonNegativeInt,
    parent: ParentSpec,
    key: NonEmptyString,
    source: ModelSource,
    locale: NonEmptyString,
    edgeCases: t.array(EdgeCase),
    description: t.string,
  },
  'TableSpec',
)
export type TableSpec = t.TypeOf<typeof TableSpec>

/**
 * A scenario: tables in order (a parent before or after its children, any order works), a default faker `locale`
 * (default `en`), and the `anchor` every relative date counts from (default 2025-01-01T00:00:00Z; never the clock).
 */
export const ScenarioSpecCodec = strictObject(
  { tables: t.record(t.string, TableSpec) },
  { version: t.literal(1), locale: NonEmptyString, anchor: NonEmptyString, description: t.string },
  'ScenarioSpec',
)
export type ScenarioSpec = t.TypeOf<typeof ScenarioSpecCodec>

/** The anchor of relative dates when a spec names none. */
export const DEFAULT_ANCHOR = '2025-01-01T00:00:00Z'
