import { parseDatetime } from '../datetime'
import { SynthkitError } from '../errors'
import { type Constraint } from '../constraint'
import { type ColumnSpec } from '../schema'
import { type ColumnData, type Table } from '../table'

// Names, column look-ups and cell keys shared by the constraint checks (constraint-check.ts, constraint-relations.ts).

/** A readable one-line name for a constraint, used in reports and errors. */
export function constraintName(con: Constraint): string {
  const strict = 'strict' in con && con.strict === true
  switch (con.type) {
    case 'range': {
      const lo = con.min === undefined ? '' : `${con.min} ${strict ? '<' : '<='} `
      const hi = con.max === undefined ? '' : ` ${strict ? '<' : '<='} ${con.max}`
      return `range(${lo}${con.column}${hi})`
    }
    case 'inequality':
      return `inequality(${con.low} ${strict ? '<' : '<='} ${con.high})`
    case 'positive':
      return `positive(${con.column} ${strict ? '>' : '>='} 0)`
    case 'negative':
      return `negative(${con.column} ${strict ? '<' : '<='} 0)`
    case 'unique':
      return `unique(${con.columns.join(', ')})`
    case 'fixedCombinations':
      return `fixedCombinations(${con.columns.join(', ')})`
    case 'regex':
      return `regex(${con.column} ~ /${con.pattern}/${con.flags ?? ''})`
    case 'expression':
      return con.name ?? `expression(${con.expression})`
    case 'foreignKey':
      return `foreignKey(${con.column} -> ${con.references.table}.${con.references.column})`
    case 'functionalDependency':
      return `functionalDependency(${con.determinant.join(', ')} -> ${con.dependent})`
    case 'conditional': {
      const when = 'equals' in con.when ? `${con.when.column} == ${JSON.stringify(con.when.equals)}` : `${con.when.column} is missing`
      const then = con.then === 'zero' ? '0' : con.then === 'missing' ? 'missing' : '0 or missing'
      return `conditional(${con.column} is ${then} when ${when})`
    }
    case 'missingTogether':
      return `missingTogether(${con.columns.join(', ')})`
  }
}

/** Throws CONSTRAINT_INVALID naming the constraint and its index. */
export function invalid(index: number, con: Constraint, message: string): never {
  throw new SynthkitError('CONSTRAINT_INVALID', `Constraint ${index} ${constraintName(con)}: ${message}`, [
    { path: `constraints.${index}`, message },
  ])
}

/** The spec of a column a constraint names; UNKNOWN_COLUMN when the table has none. */
export function specOf(table: Table, index: number, con: Constraint, name: string): ColumnSpec {
  const spec = table.schema.columns.find((c) => c.name === name)
  if (spec === undefined) {
    throw new SynthkitError('UNKNOWN_COLUMN', `Constraint ${index} ${constraintName(con)} names unknown column "${name}"`, [
      { path: `constraints.${index}`, message: `unknown column "${name}"`, column: name },
    ])
  }
  return spec
}

/** The values of a numerical or datetime column a constraint reads; CONSTRAINT_INVALID for other kinds. */
export function numericValues(table: Table, index: number, con: Constraint, name: string): Float64Array {
  const spec = specOf(table, index, con, name)
  const col = table.columns[name]!
  if (col.type !== 'numeric') invalid(index, con, `column "${name}" is ${spec.kind}; this constraint needs a numerical or datetime column`)
  return col.values
}

/** The key of a single cell in a common text space, so that combinations and foreign keys compare across tables. */
export function cellKey(spec: ColumnSpec, col: ColumnData, row: number): string | null {
  switch (col.type) {
    case 'numeric': {
      const v = col.values[row]!
      return Number.isNaN(v) ? null : String(v)
    }
    case 'coded': {
      const c = col.codes[row]!
      if (c < 0) return null
      return spec.kind === 'boolean' ? String(c) : col.dictionary[c]!
    }
    case 'string':
      return col.values[row] ?? null
  }
}

/** A user-written combination cell in the same key space as {@link cellKey}; undefined when it cannot match. */
export function literalKey(spec: ColumnSpec, cell: string | number | boolean | null): string | null | undefined {
  if (cell === null) return null
  switch (spec.kind) {
    case 'numerical': {
      const x = typeof cell === 'number' ? cell : typeof cell === 'string' ? Number(cell) : Number.NaN
      return Number.isFinite(x) ? String(x) : undefined
    }
    case 'datetime': {
      const x = typeof cell === 'number' ? cell : typeof cell === 'string' ? parseDatetime(cell, spec.format) : Number.NaN
      return Number.isFinite(x) ? String(x) : undefined
    }
    case 'boolean': {
      if (typeof cell === 'boolean') return cell ? '1' : '0'
      if (cell === 1 || cell === 0) return String(cell)
      const labels = spec.labels ?? ['false', 'true']
      const i = labels.indexOf(String(cell))
      return i < 0 ? undefined : String(i)
    }
    default:
      return String(cell)
  }
}

/** Separates the cells of a {@link rowKeys} key. */
export const SEP = '\u001f'
/** The placeholder of a missing cell inside a {@link rowKeys} key. */
export const MISSING_KEY = '\u0000'
const MISSING = MISSING_KEY

/** One text key per row over the given columns (missing cells as U+0000), for uniqueness and combinations. */
export function rowKeys(table: Table, columns: readonly string[], index: number, con: Constraint): string[] {
  const specs = columns.map((c) => specOf(table, index, con, c))
  const cols = columns.map((c) => table.columns[c]!)
  const keys = new Array<string>(table.nRows)
  for (let i = 0; i < table.nRows; i++) {
    let key = ''
    for (let j = 0; j < cols.length; j++) {
      const k = cellKey(specs[j]!, cols[j]!, i)
      key += (j > 0 ? SEP : '') + (k === null ? MISSING : k)
    }
    keys[i] = key
  }
  return keys
}
