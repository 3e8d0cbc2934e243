import { either as E } from 'fp-ts'
import {
  type ColumnSpec,
  type Constraint,
  type Issue,
  SynthkitError,
  type Table,
  type TableSchema,
  applyConstraintTransforms,
  columnRecord,
  createTable,
  type CooperativeOptions,
  type OutputRule,
  type WorkSteps,
  planConstraintTransforms,
  runWorkSteps,
  runWorkStepsAsync,
  tryCatchSynthkit,
} from '@synthkit/core'
import { checkDimensions } from './dimension-limit'
import { type Fitted, fitCategory, fitNumeric, restoreRule } from './fit-columns'
import { latentCorrelation } from './latent-correlation'
import { type MarginalFamily, MARGINAL_FAMILIES } from './marginal'
import type { MarginalChoice } from './marginal-fit'
import { constraintPlanRecord, modelSchema } from './internal/fit-parts'
import { trustModel } from './internal/trusted-models'
import { COPULA_FORMAT, COPULA_VERSION, type CopulaModel } from './model'

/** Options of {@link fitCopula}. */
export interface CopulaOptions {
  /** Schema to fit against (default: the table's). Its columns must be in the table with matching storage. */
  readonly schema?: TableSchema
  /** Constraints to honour (default: the schema's). */
  readonly constraints?: readonly Constraint[]
  /** Marginal family per numerical/datetime column, or one for all (default `auto`). */
  readonly marginals?: MarginalChoice | Readonly<Record<string, MarginalChoice>>
  /** Keep sampled numbers within the observed [min, max] (default true, like SDV's `enforce_min_max_values`). */
  readonly enforceMinMax?: boolean
}

function missingRateOf(table: Table, name: string): number {
  const col = table.columns[name]
  if (table.nRows === 0) return 0
  let miss = 0
  if (col.type === 'string') for (const v of col.values) miss += v === null ? 1 : 0
  else if (col.type === 'coded') for (const c of col.codes) miss += c < 0 ? 1 : 0
  else for (const v of col.values) miss += v !== v ? 1 : 0
  return miss / table.nRows
}

export function choiceFor(options: CopulaOptions, name: string): MarginalChoice {
  const m = options.marginals
  if (m === undefined) return 'auto'
  if (typeof m === 'string') return m
  return Object.prototype.hasOwnProperty.call(m, name) ? m[name] : 'auto'
}

export function validateOptions(schema: TableSchema, options: CopulaOptions): void {
  const issues: Issue[] = []
  const families = new Set<string>([...MARGINAL_FAMILIES, 'auto'])
  const m = options.marginals
  if (typeof m === 'string' && !families.has(m))
    issues.push({ path: 'marginals', message: `unknown family "${m}" (one of ${[...families].join(', ')})` })
  if (m !== undefined && typeof m === 'object' && m !== null) {
    for (const [name, fam] of Object.entries(m)) {
      const spec = schema.columns.find((c) => c.name === name)
      if (!spec) issues.push({ path: `marginals.${name}`, message: `no column "${name}" in the schema` })
      else if (spec.kind !== 'numerical' && spec.kind !== 'datetime')
        issues.push({
          path: `marginals.${name}`,
          message: `"${name}" is ${spec.kind}; marginal families apply to numerical and datetime columns`,
        })
      if (!families.has(fam))
        issues.push({ path: `marginals.${name}`, message: `unknown family "${fam}" (one of ${[...families].join(', ')})` })
    }
  }
  if (options.enforceMinMax !== undefined && typeof options.enforceMinMax !== 'boolean')
    issues.push({ path: 'enforceMinMax', message: 'expected a boolean' })
  if (issues.length > 0) throw new SynthkitError('OPTIONS_INVALID', 'Invalid copula options', issues)
}

/** Fits the model; throws SynthkitError. See {@link fitCopulaE}. */
export function fitCopula(table: Table, options: CopulaOptions = {}): CopulaModel {
  return runWorkSteps(fitCopulaSteps(table, options))
}

/**
 * Fits the model like {@link fitCopula} (the same model), handing the event loop back between columns and rows of
 * the correlation so that a caller can cancel (`signal`, then a `CANCELLED` error) and show progress. What cannot
 * be split is one column's marginal fit and one eigen decomposition of the correlation repair.
 */
export function fitCopulaAsync(table: Table, options: CopulaOptions = {}, cooperation: CooperativeOptions = {}): Promise<CopulaModel> {
  return runWorkStepsAsync(fitCopulaSteps(table, options), { what: 'The copula fit', ...cooperation })
}

function* fitCopulaSteps(table: Table, options: CopulaOptions): WorkSteps<CopulaModel> {
  const schema = options.schema ?? table.schema
  validateOptions(schema, options)
  if (schema.columns.length === 0) throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a copula on a table without columns')
  if (table.nRows === 0)
    throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a copula on a table without rows', [
      { path: 'nRows', message: 'the table has 0 rows' },
    ])
  // Re-wrap under the schema used: checks that every column is present with the right storage.
  const own = columnRecord() // prototype-less: a column named __proto__ is a plain key
  for (const c of schema.columns) if (Object.prototype.hasOwnProperty.call(table.columns, c.name)) own[c.name] = table.columns[c.name]
  const input = createTable(schema, own)
  const constraints = options.constraints ?? schema.constraints ?? []
  const plan = constraints.length > 0 ? planConstraintTransforms(schema, constraints, input) : null
  const work = plan ? applyConstraintTransforms(input, plan) : input
  const workSchema = plan ? plan.transformedSchema : schema
  const enforceMinMax = options.enforceMinMax ?? true
  const transformed = new Set(plan?.steps.map((s) => s.column) ?? [])
  // Numerical columns first: their value scores decide the layout of the categories (see principalPosition).
  const order = workSchema.columns
    .map((spec, i) => ({ spec, i }))
    .sort((x, y) => Number(work.columns[x.spec.name].type === 'coded') - Number(work.columns[y.spec.name].type === 'coded') || x.i - y.i)
  const reference: Float64Array[] = []
  const fittedByIndex: Fitted[] = new Array(workSchema.columns.length)
  // Refused before any work: each learned column is at least one dimension of the correlation (mostly).
  checkDimensions(schema.columns.filter((c) => c.sensitivity !== 'pii' && c.kind !== 'text' && c.kind !== 'id').length, 'learned columns')
  let done = 0
  for (const { spec, i } of order) {
    const f = fitColumn(spec)
    if (f.model.kind === 'numeric' && f.scores.value) reference.push(f.scores.value)
    fittedByIndex[i] = f
    yield { phase: 'columns', done: ++done, total: order.length, work: table.nRows }
  }
  function fitColumn(spec: ColumnSpec): Fitted {
    const original = schema.columns.find((c) => c.name === spec.name)!
    if (original.sensitivity === 'pii' || spec.kind === 'text' || spec.kind === 'id') {
      const generator = spec.kind === 'id' ? 'id' : original.sensitivity === 'pii' ? 'pii' : 'text'
      return {
        model: { kind: 'generated', name: spec.name, generator, missingRate: generator === 'id' ? 0 : missingRateOf(input, spec.name) },
        scores: {},
      }
    }
    const col = work.columns[spec.name]
    if (col.type === 'coded') return fitCategory(spec, col, reference)
    if (col.type !== 'numeric')
      throw new SynthkitError('DATA_INVALID', `Column "${spec.name}" is not numeric`, [
        { path: spec.name, message: `stored as ${col.type}` },
      ])
    let restore: OutputRule | undefined
    if (transformed.has(spec.name)) {
      // The copula sees the transformed column; rounding and bounds apply to the original one after inversion.
      const orig = input.columns[spec.name]
      if (orig.type === 'numeric') {
        restore = restoreRule(original, orig.values, enforceMinMax)
      }
      return fitNumeric(spec, col.values, choiceFor(options, spec.name), false, restore)
    }
    return fitNumeric(spec, col.values, choiceFor(options, spec.name), enforceMinMax, undefined)
  }
  const { columns, dimensions, correlation: matrix } = yield* latentCorrelation(fittedByIndex)
  const model: CopulaModel = {
    format: COPULA_FORMAT,
    version: COPULA_VERSION,
    schema: modelSchema(schema, constraints),
    trainingRows: table.nRows,
    columns,
    dimensions,
    correlation: matrix,
    constraints: constraintPlanRecord(plan),
  }
  trustModel(model)
  return model
}
/**
 * Fits a Gaussian copula to a table (Either form).
 *
 * Each column becomes normal scores: numerical/datetime values through their marginal CDF then Φ⁻¹ (probabilities
 * clipped to [1e-9, 1 − 1e-9]); categoricals/booleans by frequency encoding; a missing indicator per numerical
 * column with missing values joins the copula so missingness correlates with the other columns. The correlation of
 * the scores (pairwise-complete Pearson) is repaired to the nearest positive-definite correlation matrix.
 * Ids, pii and free-text columns are not learned. Constraints are planned with @synthkit/core: reversible
 * transforms where possible (the model is fitted in the transformed space), rejection for the rest.
 */
export function fitCopulaE(table: Table, options: CopulaOptions = {}): E.Either<SynthkitError, CopulaModel> {
  return tryCatchSynthkit(() => fitCopula(table, options))
}

export type { MarginalFamily }
