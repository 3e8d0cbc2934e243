import { type Constraint } from './constraint'
import { constraintMask, constraintName } from './constraint-check'
import { SynthkitError } from './errors'
import { type ColumnSpec, type TableSchema } from './schema'
import { type Table, columnRecord } from './table'

/**
 * Reversible constraint transforms (the "reparametrisation" way of honouring a constraint): a sampler fits and
 * samples the transformed columns, and the inverse maps every sample back into the constrained region.
 *
 * - `low ≤ high` (inequality), `x ≥ min` (one-sided range), `x ≥ 0` (positive), `x ≤ 0` (negative):
 *   the target column is replaced by log1p(distance / scale), where distance ≥ 0 is `high − low`, `x − min`, `x`, `−x`
 *   and scale the median positive distance in the training data. Inverse: distance = scale·expm1(max(y, 0)), so
 *   every output satisfies the constraint; negative model outputs land on the boundary, which is how the point
 *   mass at equality (e.g. total = monthly charges after one month) is reproduced.
 * - `min ≤ x ≤ max` (two-sided range): logit((x − min)/(max − min)), with the proportion kept in [1e-9, 1 − 1e-9]
 *   so values at a bound stay finite. Inverse: min + (max − min)·sigmoid(y), inside the range for every y.
 * Strict variants use the same transforms; the rare output exactly on the boundary is removed by the rejection
 * step ({@link sampleWithRejection}), which re-checks every constraint.
 * Everything else (unique, fixed combinations, regex, expression, foreign key), and an inequality whose `high` is
 * present where `low` is missing, is left to rejection: `plan.residual`.
 */
export type ConstraintStep =
  | {
      readonly kind: 'distance'
      readonly index: number
      readonly column: string
      readonly from: { readonly column: string } | { readonly value: number }
      readonly sign: 1 | -1
      readonly scale: number
      readonly integer: boolean
    }
  | {
      readonly kind: 'logit'
      readonly index: number
      readonly column: string
      readonly min: number
      readonly max: number
      readonly integer: boolean
    }

/** A plan: plain JSON, so samplers can store it in their model. */
export interface ConstraintPlan {
  readonly constraints: readonly Constraint[]
  /** In the order {@link invertConstraintTransforms} undoes them (each origin restored before it is read). */
  readonly steps: readonly ConstraintStep[]
  /** Indices (into `constraints`) left to rejection sampling. */
  readonly residual: readonly number[]
  /** The schema of the transformed table: transformed columns become float numericals without bounds. */
  readonly transformedSchema: TableSchema
}

const EPS = 1e-9

function unsatisfiable(message: string, issues: { path: string; message: string }[]): never {
  throw new SynthkitError('CONSTRAINT_UNSATISFIABLE', message, issues)
}

/**
 * Finds constraints that no value can satisfy together: bounds on one column (range, positive, negative) whose
 * intersection is empty, and inequalities that contradict themselves (`a < a`) or form a strict cycle.
 * Throws CONSTRAINT_UNSATISFIABLE naming them.
 */
export function assertSatisfiable(constraints: readonly Constraint[]): void {
  const bounds = new Map<string, { lo: number; loStrict: boolean; hi: number; hiStrict: boolean; from: number[] }>()
  const bound = (column: string, index: number, lo: number, loStrict: boolean, hi: number, hiStrict: boolean) => {
    const b = bounds.get(column) ?? { lo: -Infinity, loStrict: false, hi: Infinity, hiStrict: false, from: [] }
    if (lo > b.lo || (lo === b.lo && loStrict)) Object.assign(b, { lo, loStrict })
    if (hi < b.hi || (hi === b.hi && hiStrict)) Object.assign(b, { hi, hiStrict })
    b.from.push(index)
    bounds.set(column, b)
    if (b.lo > b.hi || (b.lo === b.hi && (b.loStrict || b.hiStrict))) {
      unsatisfiable(
        `Constraints ${b.from.map((i) => `${i} ${constraintName(constraints[i]!)}`).join(' and ')} admit no value of "${column}"`,
        b.from.map((i) => ({ path: `constraints.${i}`, message: `bounds "${column}"; together the bounds leave an empty range` })),
      )
    }
  }
  const edges: { from: string; to: string; strict: boolean; index: number }[] = []
  constraints.forEach((con, i) => {
    const strict = 'strict' in con && con.strict === true
    if (con.type === 'range') bound(con.column, i, con.min ?? -Infinity, strict, con.max ?? Infinity, strict)
    if (con.type === 'positive') bound(con.column, i, 0, strict, Infinity, false)
    if (con.type === 'negative') bound(con.column, i, -Infinity, false, 0, strict)
    if (con.type === 'inequality') {
      if (con.low === con.high && strict)
        unsatisfiable(`Constraint ${i} ${constraintName(con)} can never hold`, [
          { path: `constraints.${i}`, message: 'a column cannot be strictly less than itself' },
        ])
      edges.push({ from: con.low, to: con.high, strict, index: i })
    }
  })
  // A cycle of inequalities with at least one strict edge (a < b ≤ a) has no solution with values present.
  const strictCycle = (start: string): number[] | undefined => {
    const stack: { node: string; path: number[]; strict: boolean }[] = [{ node: start, path: [], strict: false }]
    const seen = new Set<string>()
    while (stack.length > 0) {
      const { node, path, strict } = stack.pop()!
      for (const e of edges) {
        if (e.from !== node) continue
        const p = [...path, e.index]
        const s = strict || e.strict
        if (e.to === start && s) return p
        const key = `${e.to}|${s}`
        if (!seen.has(key)) {
          seen.add(key)
          stack.push({ node: e.to, path: p, strict: s })
        }
      }
    }
    return undefined
  }
  for (const e of edges) {
    const cycle = strictCycle(e.from)
    if (cycle) {
      unsatisfiable(
        `Constraints ${cycle.map((i) => `${i} ${constraintName(constraints[i]!)}`).join(', ')} form a strict cycle: no row with these values present satisfies them`,
        cycle.map((i) => ({ path: `constraints.${i}`, message: 'part of a strict inequality cycle' })),
      )
    }
  }
}

function specByName(schema: TableSchema, name: string, index: number, con: Constraint): ColumnSpec {
  const spec = schema.columns.find((c) => c.name === name)
  if (spec === undefined) {
    throw new SynthkitError('UNKNOWN_COLUMN', `Constraint ${index} ${constraintName(con)} names unknown column "${name}"`, [
      { path: `constraints.${index}`, message: `unknown column "${name}"`, column: name },
    ])
  }
  if (spec.kind !== 'numerical' && spec.kind !== 'datetime') {
    throw new SynthkitError(
      'CONSTRAINT_INVALID',
      `Constraint ${index} ${constraintName(con)}: column "${name}" is ${spec.kind}, not numerical or datetime`,
      [{ path: `constraints.${index}`, message: `column "${name}" is ${spec.kind}` }],
    )
  }
  return spec
}

function medianPositive(values: Float64Array): number {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v)).sort()
  if (pos.length === 0) return 1
  return pos[Math.floor(pos.length / 2)]!
}

/**
 * Chooses how each constraint is honoured: a reversible transform when possible, rejection otherwise.
 * With `table` (the training data) the transform scales are learned from it, and an inequality whose `high` is
 * present on rows where `low` is missing goes to rejection (the difference would lose those values).
 * Throws CONSTRAINT_UNSATISFIABLE for contradictory bounds, CONSTRAINT_INVALID / UNKNOWN_COLUMN for bad ones.
 */
export function planConstraintTransforms(
  schema: TableSchema,
  constraints: readonly Constraint[] = schema.constraints ?? [],
  table?: Table,
): ConstraintPlan {
  assertSatisfiable(constraints)
  const candidates: ConstraintStep[] = []
  const residual: number[] = []
  const targets = new Set<string>()
  const values = (name: string) => (table?.columns[name]?.type === 'numeric' ? table.columns[name].values : undefined)
  constraints.forEach((con, index) => {
    const claim = (column: string) => {
      if (targets.has(column)) return false
      targets.add(column)
      return true
    }
    switch (con.type) {
      case 'inequality': {
        const low = specByName(schema, con.low, index, con)
        const high = specByName(schema, con.high, index, con)
        if (low.kind !== high.kind) {
          throw new SynthkitError(
            'CONSTRAINT_INVALID',
            `Constraint ${index} ${constraintName(con)} compares a ${low.kind} with a ${high.kind} column`,
            [{ path: `constraints.${index}`, message: 'both columns must be numerical, or both datetime' }],
          )
        }
        const a = values(con.low)
        const b = values(con.high)
        let orphan = false
        let scale = 1
        if (a && b) {
          const d = new Float64Array(a.length)
          for (let i = 0; i < a.length; i++) {
            if (Number.isNaN(a[i]!) && !Number.isNaN(b[i]!)) orphan = true
            d[i] = b[i]! - a[i]!
          }
          scale = medianPositive(d)
        }
        if (orphan || con.low === con.high || !claim(con.high)) residual.push(index)
        else
          candidates.push({
            kind: 'distance',
            index,
            column: con.high,
            from: { column: con.low },
            sign: 1,
            scale,
            integer: high.kind === 'numerical' && high.type === 'int',
          })
        return
      }
      case 'range':
      case 'positive':
      case 'negative': {
        const spec = specByName(schema, con.column, index, con)
        const integer = spec.kind === 'numerical' && spec.type === 'int'
        const x = values(con.column)
        if (!claim(con.column)) {
          residual.push(index)
          return
        }
        if (con.type === 'range' && con.min !== undefined && con.max !== undefined) {
          candidates.push({ kind: 'logit', index, column: con.column, min: con.min, max: con.max, integer })
          return
        }
        const sign: 1 | -1 = con.type === 'negative' || (con.type === 'range' && con.min === undefined) ? -1 : 1
        const origin = con.type === 'range' ? (con.min ?? con.max!) : 0
        const scale = x ? medianPositive(x.map((v) => sign * (v - origin))) : 1
        candidates.push({ kind: 'distance', index, column: con.column, from: { value: origin }, sign, scale, integer })
        return
      }
      default:
        residual.push(index)
    }
  })
  // Inverse order: a step may run once its origin column is restored, i.e. is not the target of a pending step.
  // (The forward map reads only original values, so its order does not matter.)
  const ordered: ConstraintStep[] = []
  let pending = [...candidates]
  while (pending.length > 0) {
    const next = pending.find(
      (s) =>
        !(
          s.kind === 'distance' &&
          'column' in s.from &&
          pending.some((o) => o !== s && o.column === (s.from as { column: string }).column)
        ),
    )
    if (next === undefined) {
      // A cycle of inequalities (a <= b <= a): leave one to rejection.
      residual.push(pending[0]!.index)
      pending = pending.slice(1)
      continue
    }
    ordered.push(next)
    pending = pending.filter((s) => s !== next)
  }
  const transformed = new Set(ordered.map((s) => s.column))
  const transformedSchema: TableSchema = {
    ...schema,
    constraints: [],
    columns: schema.columns.map((c) =>
      transformed.has(c.name)
        ? { kind: 'numerical', type: 'float', name: c.name, ...(c.sensitivity ? { sensitivity: c.sensitivity } : {}) }
        : c,
    ),
  }
  return { constraints: [...constraints], steps: ordered, residual: residual.sort((a, b) => a - b), transformedSchema }
}

function numeric(table: Table, name: string): Float64Array {
  const col = table.columns[name]
  if (col?.type !== 'numeric')
    throw new SynthkitError('UNKNOWN_COLUMN', `table has no numeric column "${name}"`, [{ path: name, message: 'missing or not numeric' }])
  return col.values
}

function withColumn(table: Table, schema: TableSchema, name: string, values: Float64Array): Table {
  const columns = Object.assign(columnRecord(), table.columns, { [name]: { type: 'numeric', values } })
  return { schema, nRows: table.nRows, columns }
}

/**
 * Maps a table that satisfies the plan's transformed constraints into the transformed space.
 * Throws CONSTRAINT_INVALID naming the constraint and counting the rows that violate it (they cannot be encoded).
 */
export function applyConstraintTransforms(table: Table, plan: ConstraintPlan): Table {
  for (const step of plan.steps) {
    const con = plan.constraints[step.index]!
    const mask = constraintMask(table, con, step.index)
    let bad = 0
    let first = -1
    for (let i = 0; i < mask.length; i++) if (mask[i] === 0 && bad++ === 0) first = i
    if (bad > 0) {
      throw new SynthkitError(
        'CONSTRAINT_INVALID',
        `The data violates constraint ${step.index} ${constraintName(con)} on ${bad} of ${table.nRows} rows (first: row ${first}); fix the data or drop the constraint`,
        [{ path: `constraints.${step.index}`, message: `${bad} rows violate it`, row: first }],
      )
    }
  }
  // The forward map reads only original values.
  let out = table
  const work = new Map<string, Float64Array>()
  for (const step of plan.steps) {
    const x = numeric(table, step.column)
    const y = new Float64Array(x.length)
    if (step.kind === 'logit') {
      const w = step.max - step.min
      for (let i = 0; i < x.length; i++) {
        const p = Math.min(1 - EPS, Math.max(EPS, w === 0 ? 0.5 : (x[i]! - step.min) / w))
        y[i] = Math.log(p / (1 - p))
      }
    } else {
      const origin = 'column' in step.from ? numeric(table, step.from.column) : undefined
      const o = 'value' in step.from ? step.from.value : 0
      for (let i = 0; i < x.length; i++) {
        const d = step.sign * (x[i]! - (origin ? origin[i]! : o))
        y[i] = Math.log1p(d / step.scale)
      }
    }
    work.set(step.column, y)
  }
  for (const [name, values] of work) out = withColumn(out, plan.transformedSchema, name, values)
  return work.size === 0 ? { ...table, schema: plan.transformedSchema } : out
}

/** Maps sampled transformed columns back: every output satisfies the transformed constraints. */
export function invertConstraintTransforms(table: Table, plan: ConstraintPlan, schema: TableSchema): Table {
  const work = new Map<string, Float64Array>()
  const current = (name: string) => work.get(name) ?? numeric(table, name)
  for (const step of plan.steps) {
    const y = current(step.column)
    const x = new Float64Array(y.length)
    if (step.kind === 'logit') {
      const w = step.max - step.min
      for (let i = 0; i < y.length; i++) {
        let v = step.min + w / (1 + Math.exp(-y[i]!))
        if (step.integer) v = Math.min(step.max, Math.max(step.min, Math.round(v)))
        x[i] = v
      }
    } else {
      const origin = 'column' in step.from ? current(step.from.column) : undefined
      const o = 'value' in step.from ? step.from.value : 0
      for (let i = 0; i < y.length; i++) {
        const base = origin ? origin[i]! : o
        let v = base + step.sign * step.scale * Math.expm1(Math.max(0, y[i]!))
        // Round an integer column to the nearest integer on the allowed side of its (possibly fractional) origin.
        if (step.integer) {
          v = Math.round(v)
          if (step.sign * (v - base) < 0) v = step.sign === 1 ? Math.ceil(base) : Math.floor(base)
        }
        x[i] = v
      }
    }
    work.set(step.column, x)
  }
  const columns = Object.assign(columnRecord(), table.columns)
  for (const [name, values] of work) columns[name] = { type: 'numeric', values }
  return { schema, nRows: table.nRows, columns }
}
