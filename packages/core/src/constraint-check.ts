import { SynthkitError } from './errors'
import { compileExpression } from './expression'
import { type Constraint } from './constraint'
import { conditionalMask, functionalDependencyMask, learnFunctionalDependency, missingTogetherMask } from './constraint-relations'
import { MISSING_KEY, SEP, cellKey, constraintName, invalid, literalKey, numericValues, rowKeys, specOf } from './internal/constraint-cells'
import { type ColumnData, type Table } from './table'

export { MISSING_KEY, cellKey, constraintName, rowKeys }
const MISSING = MISSING_KEY

/**
 * Semantics (documented in docs/data-model.md):
 * - range, inequality, positive, negative, regex, foreignKey hold vacuously on a row where a value they read is
 *   missing ("when present", like SDV's constraints);
 * - unique ignores rows with a missing key cell; among rows sharing a key, the first is valid and the repeats fail
 *   (so dropping the failing rows leaves a valid table);
 * - fixedCombinations treats missing as a value of its own (a combination may contain null);
 * - expression: a missing value is NaN/null, false in every comparison but `!=`; write `isMissing(x) or …` to allow it.
 */

/** Other tables a constraint may read (foreign keys), by table name. */
export interface ConstraintContext {
  readonly tables?: Readonly<Record<string, Table>>
}

/** The result of checking one constraint. */
export interface ConstraintCheck {
  readonly index: number
  /** A readable name, e.g. `inequality(monthly_charges <= total_charges)`. */
  readonly name: string
  readonly kind: Constraint['type']
  /** Share of rows that satisfy the constraint (1 for an empty table). */
  readonly validRate: number
  readonly failingCount: number
  /** Indices of the failing rows, ascending. */
  readonly failingRows: Int32Array
}

/** The result of {@link checkConstraints}. */
export interface ConstraintReport {
  readonly nRows: number
  readonly constraints: readonly ConstraintCheck[]
  /** Share of rows that satisfy every constraint. */
  readonly validRate: number
  readonly allValid: boolean
}

// Nested quantifiers such as (a+)+ or (\w*)* backtrack exponentially in JS regular expressions.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d+,\d*\})/

/** Compiles a regex constraint's pattern (anchored to the whole value unless it has its own anchors). */
export function compileConstraintRegex(con: Extract<Constraint, { type: 'regex' }>, index = 0): RegExp {
  if (con.pattern.length > 1000) invalid(index, con, 'the pattern is longer than 1000 characters')
  if (NESTED_QUANTIFIER.test(con.pattern))
    invalid(index, con, 'the pattern has a nested quantifier like (a+)+, which can take exponential time; rewrite it')
  const flags = con.flags ?? ''
  if (/[gy]/.test(flags)) invalid(index, con, 'flags g and y are not allowed (they make matching stateful)')
  const anchored = con.pattern.startsWith('^') || con.pattern.endsWith('$') ? con.pattern : `^(?:${con.pattern})$`
  try {
    return new RegExp(anchored, flags)
  } catch (e) {
    return invalid(index, con, `the pattern is not a valid regular expression: ${(e as Error).message}`)
  }
}

function uniqueMask(table: Table, con: Extract<Constraint, { type: 'unique' }>, index: number): Uint8Array {
  if (con.columns.length === 0) invalid(index, con, 'needs at least one column')
  const mask = new Uint8Array(table.nRows).fill(1)
  // Fast path: one numeric column, keyed by the number itself.
  if (con.columns.length === 1 && table.columns[con.columns[0]!]?.type === 'numeric') {
    const values = numericValues(table, index, con, con.columns[0]!)
    const seen = new Set<number>()
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!
      if (Number.isNaN(v)) continue
      if (seen.has(v)) mask[i] = 0
      else seen.add(v)
    }
    return mask
  }
  const keys = rowKeys(table, con.columns, index, con)
  const seen = new Set<string>()
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!
    if (k.includes(MISSING)) continue
    if (seen.has(k)) mask[i] = 0
    else seen.add(k)
  }
  return mask
}

function fixedCombinationsMask(table: Table, con: Extract<Constraint, { type: 'fixedCombinations' }>, index: number): Uint8Array {
  if (con.columns.length < 2) invalid(index, con, 'needs at least two columns')
  if (con.combinations === undefined)
    invalid(index, con, 'has no combinations listed; learn them from the real data first with learnConstraints(table, constraints)')
  const specs = con.columns.map((c) => specOf(table, index, con, c))
  const allowed = new Set<string>()
  con.combinations.forEach((combo, k) => {
    if (combo.length !== specs.length) invalid(index, con, `combination ${k} has ${combo.length} values, expected ${specs.length}`)
    const parts = combo.map((cell, j) => literalKey(specs[j]!, cell))
    const bad = parts.indexOf(undefined)
    if (bad >= 0)
      invalid(
        index,
        con,
        `combination ${k}: ${JSON.stringify(combo[bad])} is not a valid value of ${specs[bad]!.kind} column "${specs[bad]!.name}"`,
      )
    allowed.add(parts.map((p) => (p === null ? MISSING : p)).join(SEP))
  })
  const mask = new Uint8Array(table.nRows)
  const cols = con.columns.map((c) => table.columns[c]!)
  const radix = cols.map((c) => (c.type === 'coded' ? c.dictionary.length + 1 : 0))
  if (radix.every((r) => r > 0) && radix.reduce((a, b) => a * b, 1) < 2 ** 31) {
    // Fast path for categorical/boolean columns: an integer key per row from the codes, no strings.
    const coded = cols as Extract<ColumnData, { type: 'coded' }>[]
    const codeKeys = new Set<number>()
    for (const key of allowed) {
      let k = 0
      let ok = true
      key.split(SEP).forEach((part, j) => {
        const spec = specs[j]!
        const c = part === MISSING ? -1 : spec.kind === 'boolean' ? Number(part) : coded[j]!.dictionary.indexOf(part)
        if (part !== MISSING && c < 0) ok = false
        k = k * radix[j]! + (c + 1)
      })
      if (ok) codeKeys.add(k)
    }
    for (let i = 0; i < table.nRows; i++) {
      let k = 0
      for (let j = 0; j < coded.length; j++) k = k * radix[j]! + (coded[j]!.codes[i]! + 1)
      mask[i] = codeKeys.has(k) ? 1 : 0
    }
    return mask
  }
  const keys = rowKeys(table, con.columns, index, con)
  for (let i = 0; i < keys.length; i++) mask[i] = allowed.has(keys[i]!) ? 1 : 0
  return mask
}

function regexMask(table: Table, con: Extract<Constraint, { type: 'regex' }>, index: number): Uint8Array {
  const re = compileConstraintRegex(con, index)
  const spec = specOf(table, index, con, con.column)
  const col = table.columns[con.column]!
  const mask = new Uint8Array(table.nRows).fill(1)
  if (col.type === 'numeric') invalid(index, con, `column "${con.column}" is ${spec.kind}; regex needs a text, id or categorical column`)
  if (col.type === 'coded') {
    // One test per category, not per row.
    const ok = col.dictionary.map((v) => (spec.kind === 'boolean' ? true : re.test(v)))
    for (let i = 0; i < col.codes.length; i++) {
      const c = col.codes[i]!
      if (c >= 0 && !ok[c]) mask[i] = 0
    }
    return mask
  }
  const cache = new Map<string, boolean>()
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i]
    if (v === null || v === undefined) continue
    let ok = cache.get(v)
    if (ok === undefined) {
      ok = re.test(v)
      if (cache.size < 100_000) cache.set(v, ok)
    }
    if (!ok) mask[i] = 0
  }
  return mask
}

function foreignKeyMask(table: Table, con: Extract<Constraint, { type: 'foreignKey' }>, index: number, ctx: ConstraintContext): Uint8Array {
  const parent = ctx.tables?.[con.references.table]
  if (parent === undefined)
    invalid(index, con, `the referenced table "${con.references.table}" was not given (pass it in the context's tables)`)
  const pspec = parent.schema.columns.find((c) => c.name === con.references.column)
  if (pspec === undefined) invalid(index, con, `table "${con.references.table}" has no column "${con.references.column}"`)
  const pcol = parent.columns[pspec.name]!
  const spec = specOf(table, index, con, con.column)
  const col = table.columns[con.column]!
  const keys = new Set<string>()
  for (let i = 0; i < parent.nRows; i++) {
    const k = cellKey(pspec, pcol, i)
    if (k !== null) keys.add(k)
  }
  const mask = new Uint8Array(table.nRows).fill(1)
  for (let i = 0; i < table.nRows; i++) {
    const k = cellKey(spec, col, i)
    if (k !== null && !keys.has(k)) mask[i] = 0
  }
  return mask
}

/** 1 where the row satisfies the constraint, 0 where it fails. Throws CONSTRAINT_INVALID / UNKNOWN_COLUMN. */
export function constraintMask(table: Table, con: Constraint, index = 0, ctx: ConstraintContext = {}): Uint8Array {
  const n = table.nRows
  const strict = 'strict' in con && con.strict === true
  switch (con.type) {
    case 'range': {
      if (con.min === undefined && con.max === undefined) invalid(index, con, 'needs min, max or both')
      if (con.min !== undefined && con.max !== undefined && (con.min > con.max || (strict && con.min === con.max))) {
        throw new SynthkitError('CONSTRAINT_UNSATISFIABLE', `Constraint ${index} ${constraintName(con)} admits no value`, [
          { path: `constraints.${index}`, message: `min ${con.min} and max ${con.max} leave an empty range` },
        ])
      }
      const x = numericValues(table, index, con, con.column)
      const lo = con.min ?? -Infinity
      const hi = con.max ?? Infinity
      const mask = new Uint8Array(n)
      if (strict) for (let i = 0; i < n; i++) mask[i] = x[i]! > lo && x[i]! < hi ? 1 : Number.isNaN(x[i]!) ? 1 : 0
      else for (let i = 0; i < n; i++) mask[i] = x[i]! >= lo && x[i]! <= hi ? 1 : Number.isNaN(x[i]!) ? 1 : 0
      return mask
    }
    case 'positive':
    case 'negative': {
      const x = numericValues(table, index, con, con.column)
      const sign = con.type === 'positive' ? 1 : -1
      const mask = new Uint8Array(n)
      for (let i = 0; i < n; i++) {
        const v = sign * x[i]!
        mask[i] = Number.isNaN(v) || v > 0 || (!strict && v === 0) ? 1 : 0
      }
      return mask
    }
    case 'inequality': {
      const a = numericValues(table, index, con, con.low)
      const b = numericValues(table, index, con, con.high)
      const mask = new Uint8Array(n)
      for (let i = 0; i < n; i++) {
        const lo = a[i]!
        const hi = b[i]!
        mask[i] = Number.isNaN(lo) || Number.isNaN(hi) || lo < hi || (!strict && lo === hi) ? 1 : 0
      }
      return mask
    }
    case 'unique':
      return uniqueMask(table, con, index)
    case 'fixedCombinations':
      return fixedCombinationsMask(table, con, index)
    case 'regex':
      return regexMask(table, con, index)
    case 'expression':
      return compileExpression(con.expression, table.schema).evaluate(table)
    case 'foreignKey':
      return foreignKeyMask(table, con, index, ctx)
    case 'functionalDependency':
      return functionalDependencyMask(table, con, index)
    case 'conditional':
      return conditionalMask(table, con, index)
    case 'missingTogether':
      return missingTogetherMask(table, con, index)
  }
}

function failing(mask: Uint8Array): Int32Array {
  let count = 0
  for (let i = 0; i < mask.length; i++) count += mask[i] === 0 ? 1 : 0
  const out = new Int32Array(count)
  let k = 0
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) out[k++] = i
  return out
}

/**
 * Checks every constraint on a table: per constraint the share of valid rows and the failing row indices, and the
 * share of rows valid under all of them. Constraints default to the table schema's own.
 */
export function checkConstraints(
  table: Table,
  constraints: readonly Constraint[] = table.schema.constraints ?? [],
  ctx: ConstraintContext = {},
): ConstraintReport {
  const all = new Uint8Array(table.nRows).fill(1)
  const checks = constraints.map((con, index): ConstraintCheck => {
    const mask = constraintMask(table, con, index, ctx)
    for (let i = 0; i < mask.length; i++) all[i]! &= mask[i]!
    const rows = failing(mask)
    return {
      index,
      name: constraintName(con),
      kind: con.type,
      validRate: table.nRows === 0 ? 1 : 1 - rows.length / table.nRows,
      failingCount: rows.length,
      failingRows: rows,
    }
  })
  const bad = failing(all).length
  return { nRows: table.nRows, constraints: checks, validRate: table.nRows === 0 ? 1 : 1 - bad / table.nRows, allValid: bad === 0 }
}

/** 1 where a row satisfies every constraint, 0 elsewhere. */
export function validRowMask(
  table: Table,
  constraints: readonly Constraint[] = table.schema.constraints ?? [],
  ctx: ConstraintContext = {},
): Uint8Array {
  const all = new Uint8Array(table.nRows).fill(1)
  constraints.forEach((con, index) => {
    const mask = constraintMask(table, con, index, ctx)
    for (let i = 0; i < mask.length; i++) all[i]! &= mask[i]!
  })
  return all
}

/**
 * Fills what a constraint learns from real data: the allowed combinations of a `fixedCombinations` constraint that
 * lists none, and the mapping of a `functionalDependency` that lists none. Other constraints are returned as they are.
 */
export function learnConstraints(table: Table, constraints: readonly Constraint[] = table.schema.constraints ?? []): Constraint[] {
  return constraints.map((con, index) => {
    if (con.type === 'functionalDependency' && con.mapping === undefined) return learnFunctionalDependency(table, con, index)
    if (con.type !== 'fixedCombinations' || con.combinations !== undefined) return con
    const specs = con.columns.map((c) => specOf(table, index, con, c))
    const seen = new Map<string, (string | number | boolean | null)[]>()
    const keys = rowKeys(table, con.columns, index, con)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      if (seen.has(key)) continue
      seen.set(
        key,
        specs.map((spec) => {
          const col = table.columns[spec.name]!
          const k = cellKey(spec, col, i)
          if (k === null) return null
          if (col.type === 'numeric') return Number(k)
          if (spec.kind === 'boolean') return k === '1'
          return k
        }),
      )
    }
    return { ...con, combinations: [...seen.values()] }
  })
}
