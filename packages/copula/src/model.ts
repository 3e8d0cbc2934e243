import * as t from 'io-ts'
import { either as E, function as F } from 'fp-ts'
import {
  Constraint,
  FiniteNumber,
  type Issue,
  NonEmptyString,
  NonNegativeInt,
  OutputRule,
  SynthkitError,
  TableSchemaCodec,
  type TableSchema,
  ioTsIssues,
  orThrow,
  outputRuleIssues,
  strictObject,
  taggedUnion,
  tableSchemaIssues,
} from '@synthkit/core'
import { CholeskyDecomposition, Matrix } from 'ml-matrix'
import { Marginal } from './marginal'

/** The `format` tag of a serialised copula model. */
export const COPULA_FORMAT = 'synthkit.copula'
/** The model version this package writes and reads. */
export const COPULA_VERSION = 2

const Probability = new t.Type<number, number, unknown>(
  'Probability',
  (u): u is number => typeof u === 'number' && u >= 0 && u <= 1,
  (u, c) =>
    typeof u === 'number' && u >= 0 && u <= 1
      ? t.success(u)
      : t.failure(u, c, `expected a number in [0, 1], got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)
const Integer = new t.Type<number, number, unknown>(
  'Integer',
  (u): u is number => typeof u === 'number' && Number.isInteger(u),
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u)
      ? t.success(u)
      : t.failure(u, c, `expected an integer, got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)
const Dimension = t.union([NonNegativeInt, t.null], 'Dimension')

export { OutputRule }

/**
 * A numerical or datetime column: the marginal of its (datetime: unit-scaled) values, the copula coordinate of
 * the value (`value`) and of its missing indicator (`missing`, present when 0 < missingRate < 1; shared by columns
 * missing on exactly the same rows).
 * `marginal` is null only when every value is missing. `selection` records what `auto` measured.
 */
export const NumericColumnModel = strictObject(
  {
    kind: t.literal('numeric'),
    name: NonEmptyString,
    value: Dimension,
    missing: Dimension,
    missingRate: Probability,
    marginal: t.union([Marginal, t.null]),
    time: t.union([strictObject({ origin: FiniteNumber, unit: FiniteNumber }, {}, 'TimeScale'), t.null]),
    output: OutputRule,
  },
  { selection: strictObject({ threshold: FiniteNumber, ks: t.record(t.string, FiniteNumber) }, {}, 'MarginalSelection') },
  'NumericColumnModel',
)
export type NumericColumnModel = t.TypeOf<typeof NumericColumnModel>

/**
 * A categorical or boolean column, frequency-encoded: slot s (code `slots[s]`, −1 = missing) owns the interval
 * [Σ_{r<s} frequencies[r], Σ_{r≤s} frequencies[r]) of [0, 1).
 */
export const CategoryColumnModel = strictObject(
  {
    kind: t.literal('category'),
    name: NonEmptyString,
    dimension: Dimension,
    dictionary: t.array(t.string),
    slots: t.array(Integer),
    frequencies: t.array(Probability),
  },
  {},
  'CategoryColumnModel',
)
export type CategoryColumnModel = t.TypeOf<typeof CategoryColumnModel>

/** A column that is not learned: ids (new unique values), pii and free text (filled by a generator hook). */
export const GeneratedColumnModel = strictObject(
  { kind: t.literal('generated'), name: NonEmptyString, generator: t.keyof({ id: null, pii: null, text: null }), missingRate: Probability },
  {},
  'GeneratedColumnModel',
)
export type GeneratedColumnModel = t.TypeOf<typeof GeneratedColumnModel>

export const ColumnModel = taggedUnion(
  'kind',
  { numeric: NumericColumnModel, category: CategoryColumnModel, generated: GeneratedColumnModel },
  'ColumnModel',
)
export type ColumnModel = t.TypeOf<typeof ColumnModel>

const ConstraintStepCodec = taggedUnion(
  'kind',
  {
    distance: strictObject(
      {
        kind: t.literal('distance'),
        index: NonNegativeInt,
        column: NonEmptyString,
        from: t.union([strictObject({ column: NonEmptyString }, {}, 'FromColumn'), strictObject({ value: FiniteNumber }, {}, 'FromValue')]),
        sign: t.union([t.literal(1), t.literal(-1)]),
        scale: FiniteNumber,
        integer: t.boolean,
      },
      {},
      'DistanceStep',
    ),
    logit: strictObject(
      { kind: t.literal('logit'), index: NonNegativeInt, column: NonEmptyString, min: FiniteNumber, max: FiniteNumber, integer: t.boolean },
      {},
      'LogitStep',
    ),
  },
  'ConstraintStep',
)

/** The constraint plan of @synthkit/core, stored so that sampling inverts the same transforms. */
export const ConstraintPlanCodec = strictObject(
  {
    constraints: t.array(Constraint),
    steps: t.array(ConstraintStepCodec),
    residual: t.array(NonNegativeInt),
    transformedSchema: TableSchemaCodec,
  },
  {},
  'ConstraintPlan',
)

/** One coordinate of the Gaussian copula: the value or the missing indicator of a column. */
export const CopulaDimension = strictObject(
  { column: NonEmptyString, role: t.keyof({ value: null, missing: null }) },
  {},
  'CopulaDimension',
)

/**
 * A fitted Gaussian copula (plain JSON, deterministic for the same data, options and package version).
 * `columns` follow `workSchema` (the schema after constraint transforms, equal to `schema` without constraints);
 * `correlation` is the d × d correlation of the normal scores of `dimensions`, positive definite.
 */
export const CopulaModelCodec = strictObject(
  {
    format: t.literal(COPULA_FORMAT),
    version: new t.Type<typeof COPULA_VERSION, number, unknown>(
      'CopulaModelVersion',
      (u): u is typeof COPULA_VERSION => u === COPULA_VERSION,
      (u, c) =>
        u === COPULA_VERSION
          ? t.success(COPULA_VERSION)
          : t.failure(
              u,
              c,
              `this @synthkit/copula reads model version ${COPULA_VERSION}, got ${JSON.stringify(u) ?? typeof u} (refit the model with this version)`,
            ),
      t.identity,
    ),
    schema: TableSchemaCodec,
    trainingRows: NonNegativeInt,
    columns: t.array(ColumnModel),
    dimensions: t.array(CopulaDimension),
    correlation: t.array(t.array(FiniteNumber)),
    constraints: t.union([ConstraintPlanCodec, t.null]),
  },
  {},
  'CopulaModel',
)
/** A fitted Gaussian copula model. */
export type CopulaModel = t.TypeOf<typeof CopulaModelCodec>

/** What the codec cannot check: indices, shapes, monotone quantiles, a valid correlation matrix. */
function modelIssues(m: CopulaModel): Issue[] {
  const issues: Issue[] = [...tableSchemaIssues(m.schema, 'schema.')]
  const workSchema: TableSchema = m.constraints ? m.constraints.transformedSchema : m.schema
  const d = m.dimensions.length
  if (m.columns.length !== workSchema.columns.length)
    issues.push({
      path: 'columns',
      message: `expected ${workSchema.columns.length} columns (one per schema column), got ${m.columns.length}`,
    })
  const used = new Map<number, string>()
  const claim = (dim: number | null, column: string, role: 'value' | 'missing', path: string) => {
    if (dim === null) return
    if (dim >= d) issues.push({ path, message: `dimension ${dim} is out of range (${d} dimensions)` })
    else if (used.has(dim) && !(role === 'missing' && m.dimensions[dim].role === 'missing'))
      issues.push({ path, message: `dimension ${dim} is also used by ${used.get(dim)}` })
    else if ((role === 'value' && m.dimensions[dim].column !== column) || m.dimensions[dim].role !== role)
      issues.push({ path, message: `dimension ${dim} is labelled ${m.dimensions[dim].column}/${m.dimensions[dim].role}` })
    if (!used.has(dim)) used.set(dim, `${column}/${role}`)
  }
  m.columns.forEach((c, i) => {
    const p = `columns.${i}`
    const spec = workSchema.columns[i]
    if (spec && spec.name !== c.name) issues.push({ path: `${p}.name`, message: `expected "${spec.name}" (schema order), got "${c.name}"` })
    const original = m.schema.columns.find((x) => x.name === c.name)
    if (spec) {
      const learned =
        spec.kind === 'numerical' || spec.kind === 'datetime'
          ? 'numeric'
          : spec.kind === 'categorical' || spec.kind === 'boolean'
            ? 'category'
            : 'generated'
      const pii = original?.sensitivity === 'pii'
      if (c.kind !== learned && !(pii && c.kind === 'generated'))
        issues.push({ path: `${p}.kind`, message: `a ${spec.kind} column is modelled as "${learned}", got "${c.kind}"` })
      if (c.kind === 'numeric' && (c.time !== null) !== (spec.kind === 'datetime')) {
        issues.push({
          path: `${p}.time`,
          message: spec.kind === 'datetime' ? 'a datetime column needs its time scale' : 'only datetime columns have a time scale',
        })
      }
      if (c.kind === 'generated' && c.generator === 'id' && spec.kind !== 'id')
        issues.push({ path: `${p}.generator`, message: `ids are generated for id columns only, "${c.name}" is ${spec.kind}` })
    }
    if (c.kind === 'numeric') {
      issues.push(...outputRuleIssues(c.output, `${p}.output`))
      if (c.time !== null) {
        if (!DATETIME_UNITS.includes(c.time.unit))
          issues.push({ path: `${p}.time.unit`, message: `expected one of ${DATETIME_UNITS.join(', ')} ms, got ${c.time.unit}` })
        if (!Number.isInteger(c.time.origin)) issues.push({ path: `${p}.time.origin`, message: 'expected whole milliseconds' })
      }
      claim(c.value, c.name, 'value', `${p}.value`)
      claim(c.missing, c.name, 'missing', `${p}.missing`)
      if (c.marginal === null && c.missingRate !== 1)
        issues.push({ path: `${p}.marginal`, message: 'only an all-missing column may lack a marginal' })
      if (c.marginal?.family === 'empirical') {
        const q = c.marginal.quantiles
        if (q.length === 0) issues.push({ path: `${p}.marginal.quantiles`, message: 'expected at least one knot' })
        for (let k = 1; k < q.length; k++) {
          if (q[k] < q[k - 1]) {
            issues.push({ path: `${p}.marginal.quantiles.${k}`, message: 'quantiles must be non-decreasing' })
            break
          }
        }
      }
      if (c.marginal && (c.marginal.family === 'uniform' || c.marginal.family === 'truncnorm') && !(c.marginal.low <= c.marginal.high)) {
        issues.push({ path: `${p}.marginal`, message: 'low must not exceed high' })
      }
    } else if (c.kind === 'category') {
      claim(c.dimension, c.name, 'value', `${p}.dimension`)
      if (c.slots.length !== c.frequencies.length || c.slots.length === 0)
        issues.push({ path: `${p}.slots`, message: 'slots and frequencies must be non-empty and of equal length' })
      c.slots.forEach((s, j) => {
        if (s < -1 || s >= c.dictionary.length)
          issues.push({ path: `${p}.slots.${j}`, message: `code ${s} is outside the dictionary of ${c.dictionary.length}` })
      })
      if (new Set(c.slots).size !== c.slots.length) issues.push({ path: `${p}.slots`, message: 'a code appears in two slots' })
      c.frequencies.forEach((f, j) => {
        if (!(f > 0)) issues.push({ path: `${p}.frequencies.${j}`, message: 'every slot has a positive frequency' })
      })
      const sum = c.frequencies.reduce((a, b) => a + b, 0)
      if (c.frequencies.length > 0 && Math.abs(sum - 1) > 1e-6)
        issues.push({ path: `${p}.frequencies`, message: `frequencies sum to ${sum}, expected 1` })
    }
  })
  if (used.size !== d) issues.push({ path: 'dimensions', message: `${d - used.size} dimensions are not used by any column` })
  if (m.correlation.length !== d || m.correlation.some((row) => row.length !== d))
    issues.push({ path: 'correlation', message: `expected a ${d} × ${d} matrix` })
  else {
    for (let i = 0; i < d; i++) {
      if (Math.abs(m.correlation[i][i] - 1) > 1e-9) issues.push({ path: `correlation.${i}.${i}`, message: 'the diagonal must be 1' })
      for (let j = 0; j < i; j++) {
        const r = m.correlation[i][j]
        if (Math.abs(r - m.correlation[j][i]) > 1e-12 || Math.abs(r) > 1)
          issues.push({ path: `correlation.${i}.${j}`, message: 'must be symmetric with entries in [−1, 1]' })
      }
    }
    // Sampling uses the Cholesky factor as stored: an indefinite matrix is refused, never silently repaired.
    if (issues.length === 0 && d > 0 && !new CholeskyDecomposition(new Matrix(m.correlation as number[][])).isPositiveDefinite()) {
      issues.push({ path: 'correlation', message: 'not positive definite (a fitted model always is: the file was changed)' })
    }
  }
  if (m.constraints) issues.push(...planIssues(m))
  return issues
}

/** Milliseconds per unit a fitted time scale may use (core's fitDatetimeTransform). */
const DATETIME_UNITS: readonly number[] = [86_400_000, 3_600_000, 60_000, 1000, 1]

/** The constraint plan: steps on known columns with usable parameters, residual constraints by index. */
function planIssues(m: CopulaModel): Issue[] {
  const plan = m.constraints!
  const issues: Issue[] = [...tableSchemaIssues(plan.transformedSchema, 'constraints.transformedSchema.')]
  const names = new Set(m.schema.columns.map((c) => c.name))
  plan.steps.forEach((step, i) => {
    const p = `constraints.steps.${i}`
    if (!names.has(step.column)) issues.push({ path: `${p}.column`, message: `unknown column "${step.column}"` })
    if (step.index >= plan.constraints.length)
      issues.push({ path: `${p}.index`, message: `constraint ${step.index} does not exist (${plan.constraints.length} constraints)` })
    if (step.kind === 'distance') {
      if (!(step.scale > 0)) issues.push({ path: `${p}.scale`, message: 'must be > 0' })
      if ('column' in step.from && !names.has(step.from.column))
        issues.push({ path: `${p}.from.column`, message: `unknown column "${step.from.column}"` })
    } else if (!(step.min < step.max)) issues.push({ path: `${p}.min`, message: `min ${step.min} must be below max ${step.max}` })
  })
  plan.residual.forEach((r, i) => {
    if (r >= plan.constraints.length) issues.push({ path: `constraints.residual.${i}`, message: `constraint ${r} does not exist` })
  })
  const schemaNames = plan.transformedSchema.columns.map((c) => c.name).join('\u0000')
  if (schemaNames !== m.schema.columns.map((c) => c.name).join('\u0000'))
    issues.push({ path: 'constraints.transformedSchema', message: 'must have the columns of the schema, in order' })
  return issues
}

/** Validates untrusted JSON as a copula model (codec, then structure), listing every problem with its path. */
export function decodeCopulaModel(json: unknown): E.Either<SynthkitError, CopulaModel> {
  return F.pipe(
    CopulaModelCodec.decode(json),
    E.mapLeft(ioTsIssues),
    E.chain((m) => {
      const issues = modelIssues(m)
      return issues.length === 0 ? E.right(m) : E.left(issues)
    }),
    E.mapLeft((issues) => new SynthkitError('MODEL_INVALID', 'Invalid copula model', issues)),
  )
}

/** Throwing form of {@link decodeCopulaModel}. */
export function parseCopulaModel(json: unknown): CopulaModel {
  return orThrow(decodeCopulaModel(json))
}

/** The schema of the tables the model samples (the training schema, constraints included). */
export function copulaModelSchema(model: CopulaModel): TableSchema {
  return model.schema
}
