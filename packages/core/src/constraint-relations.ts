import { type Constraint } from './constraint'
import { MISSING_KEY, SEP, cellKey, invalid, literalKey, rowKeys, specOf } from './internal/constraint-cells'
import { type ColumnSpec } from './schema'
import { type ColumnData, type Table, columnRecord } from './table'

/**
 * Checking and enforcing the relational constraints: functional dependencies (A determines B), conditional zeros
 * (B is 0 or missing when A = x) and columns missing together. Semantics (docs/constraints.md):
 * - functionalDependency holds vacuously where a determinant or the dependent is missing. With a `mapping`, a row
 *   whose determinant is listed must carry the listed dependent; a determinant the mapping does not list (and every
 *   determinant when there is no mapping) takes the dependent of its first row, and later rows must repeat it;
 * - conditional: where the condition holds (the column equals the value, or is missing), the target is 0 / missing;
 * - missingTogether: in each row all the columns are missing, or none is.
 * Enforcement is by construction ({@link repairConstraints}): the sampler's rows are mapped into the constraint
 * (dependent := mapping(determinant), target := 0 or missing under the condition, followers blanked with the
 * first column), and rejection afterwards re-checks every constraint.
 */

type FD = Extract<Constraint, { type: 'functionalDependency' }>
type Conditional = Extract<Constraint, { type: 'conditional' }>
type MissingTogether = Extract<Constraint, { type: 'missingTogether' }>
type Cell = string | number | boolean | null

function checkFdShape(table: Table, con: FD, index: number): { det: ColumnSpec[]; dep: ColumnSpec } {
  if (con.determinant.length === 0) invalid(index, con, 'determinant needs at least one column')
  if (con.determinant.includes(con.dependent)) invalid(index, con, `column "${con.dependent}" cannot determine itself`)
  return { det: con.determinant.map((c) => specOf(table, index, con, c)), dep: specOf(table, index, con, con.dependent) }
}

/** The mapping as determinant key → dependent key; CONSTRAINT_INVALID for malformed rows or contradictory pairs. */
function mappingKeys(con: FD, index: number, det: readonly ColumnSpec[], dep: ColumnSpec): Map<string, string> {
  const out = new Map<string, string>()
  ;(con.mapping ?? []).forEach((row, k) => {
    if (row.length !== det.length + 1)
      invalid(
        index,
        con,
        `mapping row ${k} has ${row.length} values, expected ${det.length + 1} (the determinant values, then the dependent)`,
      )
    const specs = [...det, dep]
    const keys = row.map((cell, j) => literalKey(specs[j]!, cell))
    const bad = keys.findIndex((x) => x === undefined || x === null)
    if (bad >= 0)
      invalid(
        index,
        con,
        `mapping row ${k}: ${JSON.stringify(row[bad])} is not a present value of ${specs[bad]!.kind} column "${specs[bad]!.name}"`,
      )
    const key = keys.slice(0, det.length).join(SEP)
    const value = keys[det.length] as string
    const prev = out.get(key)
    if (prev !== undefined && prev !== value)
      invalid(index, con, `mapping row ${k} maps ${JSON.stringify(row.slice(0, det.length))} a second time, to another value`)
    out.set(key, value)
  })
  return out
}

/** 1 where the row satisfies the functional dependency (see the module comment for the semantics). */
export function functionalDependencyMask(table: Table, con: FD, index: number): Uint8Array {
  const { det, dep } = checkFdShape(table, con, index)
  const mapping = mappingKeys(con, index, det, dep)
  const n = table.nRows
  const mask = new Uint8Array(n).fill(1)
  const depCol = table.columns[dep.name]!
  const detCol = table.columns[det[0]!.name]!
  if (det.length === 1 && detCol.type === 'coded' && depCol.type === 'coded') {
    // Fast path (categorical → categorical, the common case and the sampling hot path): a code → code table.
    const want = new Int32Array(detCol.dictionary.length).fill(-2)
    const depKey = (c: number) => (dep.kind === 'boolean' ? String(c) : depCol.dictionary[c]!)
    const depIndex = new Map(depCol.dictionary.map((_, c) => [depKey(c), c]))
    detCol.dictionary.forEach((_, c) => {
      const key = det[0]!.kind === 'boolean' ? String(c) : detCol.dictionary[c]!
      const value = mapping.get(key)
      // A listed value the sampled dictionary does not have can never be matched (−3: every such row fails).
      if (value !== undefined) want[c] = depIndex.get(value) ?? -3
    })
    for (let i = 0; i < n; i++) {
      const a = detCol.codes[i]!
      const b = depCol.codes[i]!
      if (a < 0 || b < 0) continue
      const w = want[a]!
      if (w === -2) want[a] = b
      else if (w !== b) mask[i] = 0
    }
    return mask
  }
  const keys = rowKeys(table, con.determinant, index, con)
  const seen = new Map(mapping)
  for (let i = 0; i < n; i++) {
    const key = keys[i]!
    if (key.includes(MISSING_KEY)) continue
    const value = cellKey(dep, depCol, i)
    if (value === null) continue
    const w = seen.get(key)
    if (w === undefined) seen.set(key, value)
    else if (w !== value) mask[i] = 0
  }
  return mask
}

/** The dependent value of each determinant combination in `table`: the most frequent one (ties: the first seen). */
export function learnFunctionalDependency(table: Table, con: FD, index: number): FD {
  const { det, dep } = checkFdShape(table, con, index)
  const keys = rowKeys(table, con.determinant, index, con)
  const depCol = table.columns[dep.name]!
  const counts = new Map<string, Map<string, number>>()
  const firstRow = new Map<string, number>()
  for (let i = 0; i < table.nRows; i++) {
    const key = keys[i]!
    if (key.includes(MISSING_KEY)) continue
    const value = cellKey(dep, depCol, i)
    if (value === null) continue
    let m = counts.get(key)
    if (m === undefined) {
      m = new Map()
      counts.set(key, m)
      firstRow.set(key, i)
    }
    m.set(value, (m.get(value) ?? 0) + 1)
  }
  const mapping: Cell[][] = []
  for (const [key, m] of counts) {
    let best = ''
    let bestCount = -1
    for (const [value, c] of m) if (c > bestCount) (best = value), (bestCount = c)
    const row = firstRow.get(key)!
    const cells = det.map((spec) => cellOf(spec, table.columns[spec.name]!, row))
    mapping.push([...cells, valueOf(dep, depCol, best)])
  }
  return { ...con, mapping }
}

/** A present cell as a JSON value (numbers as numbers, booleans as booleans, the rest as text). */
function cellOf(spec: ColumnSpec, col: ColumnData, row: number): Cell {
  const k = cellKey(spec, col, row)
  return k === null ? null : valueOf(spec, col, k)
}

function valueOf(spec: ColumnSpec, col: ColumnData, key: string): Cell {
  if (col.type === 'numeric') return Number(key)
  if (spec.kind === 'boolean') return key === '1'
  return key
}

/** 1 where the condition holds, per row; CONSTRAINT_INVALID when the value cannot occur in the column. */
function conditionRows(table: Table, con: Conditional, index: number): Uint8Array {
  const spec = specOf(table, index, con, con.when.column)
  const col = table.columns[spec.name]!
  const n = table.nRows
  const holds = new Uint8Array(n)
  if ('isMissing' in con.when) {
    for (let i = 0; i < n; i++) holds[i] = cellKey(spec, col, i) === null ? 1 : 0
    return holds
  }
  const want = literalKey(spec, con.when.equals)
  if (want === undefined || want === null)
    invalid(index, con, `when.equals: ${JSON.stringify(con.when.equals)} is not a value of ${spec.kind} column "${spec.name}"`)
  if (col.type === 'coded') {
    const code = spec.kind === 'boolean' ? Number(want) : col.dictionary.indexOf(want)
    for (let i = 0; i < n; i++) holds[i] = code >= 0 && col.codes[i] === code ? 1 : 0
    return holds
  }
  for (let i = 0; i < n; i++) holds[i] = cellKey(spec, col, i) === want ? 1 : 0
  return holds
}

function checkConditionalTarget(table: Table, con: Conditional, index: number): ColumnData {
  const spec = specOf(table, index, con, con.column)
  if (con.when.column === con.column) invalid(index, con, 'the condition and the target must be different columns')
  const col = table.columns[spec.name]!
  if (con.then !== 'missing' && col.type !== 'numeric')
    invalid(index, con, `then: "${con.then}" needs a numerical column; "${con.column}" is ${spec.kind} (use then: "missing")`)
  return col
}

function isMissingAt(col: ColumnData, i: number): boolean {
  if (col.type === 'numeric') return Number.isNaN(col.values[i]!)
  if (col.type === 'coded') return col.codes[i]! < 0
  return col.values[i] === null || col.values[i] === undefined
}

function consequenceHolds(col: ColumnData, then: Conditional['then'], i: number): boolean {
  if (then === 'missing') return isMissingAt(col, i)
  const v = (col as Extract<ColumnData, { type: 'numeric' }>).values[i]!
  return v === 0 || (then === 'zeroOrMissing' && Number.isNaN(v))
}

/** 1 where the row satisfies the conditional constraint. */
export function conditionalMask(table: Table, con: Conditional, index: number): Uint8Array {
  const col = checkConditionalTarget(table, con, index)
  const holds = conditionRows(table, con, index)
  const mask = new Uint8Array(table.nRows)
  for (let i = 0; i < table.nRows; i++) mask[i] = holds[i] === 0 || consequenceHolds(col, con.then, i) ? 1 : 0
  return mask
}

function checkMissingTogether(table: Table, con: MissingTogether, index: number): ColumnData[] {
  if (con.columns.length < 2) invalid(index, con, 'needs at least two columns')
  if (new Set(con.columns).size !== con.columns.length) invalid(index, con, 'names a column twice')
  return con.columns.map((c) => table.columns[specOf(table, index, con, c).name]!)
}

/** 1 where all the columns are missing or none is. */
export function missingTogetherMask(table: Table, con: MissingTogether, index: number): Uint8Array {
  const cols = checkMissingTogether(table, con, index)
  const mask = new Uint8Array(table.nRows)
  for (let i = 0; i < table.nRows; i++) {
    let missing = 0
    for (const c of cols) if (isMissingAt(c, i)) missing++
    mask[i] = missing === 0 || missing === cols.length ? 1 : 0
  }
  return mask
}

/** A writable copy of a column (copied once per repair call, on first write). */
function copyColumn(col: ColumnData): ColumnData {
  if (col.type === 'numeric') return { type: 'numeric', values: col.values.slice() }
  if (col.type === 'coded') return { ...col, codes: col.codes.slice() }
  return { type: 'string', values: col.values.slice() }
}

function setMissing(col: ColumnData, i: number): void {
  if (col.type === 'numeric') col.values[i] = Number.NaN
  else if (col.type === 'coded') col.codes[i] = -1
  else (col.values as (string | null)[])[i] = null
}

/**
 * Orders functional dependencies so that a dependent is repaired before it is read as another one's determinant
 * (A → B before B → C); the other constraints keep their order after them. Cycles keep their given order.
 */
function repairOrder(constraints: readonly Constraint[], schema: Table['schema']): number[] {
  const fds = constraints.flatMap((c, i) => (c.type === 'functionalDependency' ? [i] : []))
  const ordered: number[] = []
  let pending = fds
  while (pending.length > 0) {
    const next = pending.find((i) => {
      const det = (constraints[i] as FD).determinant
      return !pending.some((j) => j !== i && det.includes((constraints[j] as FD).dependent))
    })
    const pick = next ?? pending[0]!
    ordered.push(pick)
    pending = pending.filter((i) => i !== pick)
  }
  // Fixed combinations in schema order of their columns: a repair sets the second column from the first, so pairs led
  // by earlier columns (phone_service × internet_service before internet_service × online_security …) run first and
  // later pairs see their repaired values (tables tend to list a parent before what depends on it).
  const position = new Map(schema.columns.map((c, i) => [c.name, i]))
  const pos = (name: string) => position.get(name) ?? schema.columns.length
  const pairs = constraints
    .flatMap((c, i) =>
      c.type === 'fixedCombinations' && c.columns.length === 2 ? [{ i, a: pos(c.columns[0]!), b: pos(c.columns[1]!) }] : [],
    )
    .sort((x, y) => x.a - y.a || x.b - y.b || x.i - y.i)
    .map((x) => x.i)
  const rest = constraints.flatMap((c, i) => (c.type === 'conditional' || c.type === 'missingTogether' ? [i] : []))
  return [...ordered, ...pairs, ...rest]
}

/**
 * Enforcement by construction of the relational constraints on sampled rows: a functional dependency with a
 * mapping sets the dependent of every listed, present determinant to its mapped value (a present dependent only:
 * missingness is the sampler's); a conditional sets the target to 0 (`zero`, `zeroOrMissing`) or missing where its
 * condition holds; missingTogether blanks the other columns where the first is missing. Other constraint types are
 * left to transforms and rejection. Returns a new table (changed columns copied); the input is not modified.
 */
export function repairConstraints(table: Table, constraints: readonly Constraint[]): Table {
  return repairWithChanges(table, constraints).table
}

/**
 * {@link repairConstraints}, also returning which rows it changed per column (1 = changed), so a caller can
 * reject rows whose repair touched a column fixed by conditions.
 */
export function repairWithChanges(table: Table, constraints: readonly Constraint[]): { table: Table; changed: Map<string, Uint8Array> } {
  const changed = new Map<string, Uint8Array>()
  const order = repairOrder(constraints, table.schema)
  if (order.length === 0 || table.nRows === 0) return { table, changed }
  const mark = (name: string, i: number) => {
    let m = changed.get(name)
    if (m === undefined) {
      m = new Uint8Array(table.nRows)
      changed.set(name, m)
    }
    m[i] = 1
  }
  const columns = Object.assign(columnRecord(), table.columns)
  const copied = new Set<string>()
  const writable = (name: string): ColumnData => {
    if (!copied.has(name)) {
      columns[name] = copyColumn(columns[name]!)
      copied.add(name)
    }
    return columns[name]!
  }
  const current = (): Table => ({ schema: table.schema, nRows: table.nRows, columns })
  const n = table.nRows
  for (const index of order) {
    const con = constraints[index]!
    if (con.type === 'functionalDependency') {
      if (con.mapping === undefined) continue
      const t = current()
      const { det, dep } = checkFdShape(t, con, index)
      const mapping = mappingKeys(con, index, det, dep)
      const keys = rowKeys(t, con.determinant, index, con)
      const col = writable(dep.name)
      const depIndex = col.type === 'coded' ? new Map(col.dictionary.map((v, c) => [dep.kind === 'boolean' ? String(c) : v, c])) : null
      for (let i = 0; i < n; i++) {
        const key = keys[i]!
        if (key.includes(MISSING_KEY) || isMissingAt(col, i)) continue
        const value = mapping.get(key)
        if (value === undefined) continue
        if (col.type === 'numeric') {
          if (String(col.values[i]) !== value) (col.values[i] = Number(value)), mark(dep.name, i)
        } else if (col.type === 'coded') {
          const c = depIndex!.get(value)
          if (c !== undefined && c !== col.codes[i]) (col.codes[i] = c), mark(dep.name, i)
        } else if (col.values[i] !== value) {
          ;(col.values as (string | null)[])[i] = value
          mark(dep.name, i)
        }
      }
    } else if (con.type === 'conditional') {
      const t = current()
      checkConditionalTarget(t, con, index)
      const holds = conditionRows(t, con, index)
      const col = writable(con.column)
      for (let i = 0; i < n; i++) {
        if (holds[i] === 0 || consequenceHolds(col, con.then, i)) continue
        if (con.then === 'missing') setMissing(col, i)
        else (col as Extract<ColumnData, { type: 'numeric' }>).values[i] = 0
        mark(con.column, i)
      }
    } else if (con.type === 'fixedCombinations') {
      // A value of the first column that allows exactly one value of the second (internet_service = No → online
      // security = "No internet service") sets it.
      if (con.combinations === undefined) continue
      const t = current()
      const [a, b] = con.columns.map((c) => specOf(t, index, con, c)) as [ColumnSpec, ColumnSpec]
      // null: several values (or a missing one) are allowed, so there is nothing to set
      const only = new Map<string, string | null>()
      for (const combo of con.combinations) {
        const ka = literalKey(a, combo[0] ?? null)
        const kb = literalKey(b, combo[1] ?? null)
        if (ka === undefined || kb === undefined || ka === null) continue
        const prev = only.get(ka)
        only.set(ka, kb !== null && (prev === undefined || prev === kb) ? kb : null)
      }
      const allowed = new Set(con.combinations.map((c) => `${literalKey(a, c[0] ?? null)}${SEP}${literalKey(b, c[1] ?? null)}`))
      const colA = t.columns[a.name]!
      const col = writable(b.name)
      const bIndex = col.type === 'coded' ? new Map(col.dictionary.map((v, c) => [b.kind === 'boolean' ? String(c) : v, c])) : null
      const setB = (i: number, value: string): boolean => {
        if (col.type === 'numeric') col.values[i] = Number(value)
        else if (col.type === 'coded') {
          const c = bIndex!.get(value)
          if (c === undefined) return false
          col.codes[i] = c
        } else (col.values as (string | null)[])[i] = value
        mark(b.name, i)
        return true
      }
      const keysA = new Array<string | null>(n)
      const bad: number[] = []
      for (let i = 0; i < n; i++) {
        const ka = cellKey(a, colA, i)
        keysA[i] = ka
        if (ka === null) continue
        const kb = cellKey(b, col, i)
        if (allowed.has(`${ka}${SEP}${kb}`)) continue
        const want = only.get(ka)
        if (want !== undefined && want !== null && setB(i, want)) continue
        bad.push(i)
      }
      // The other disallowed pairs take the second value from a donor: the next row of the batch (cyclically) with
      // the same first value and an allowed pair. Sampled rows are independent draws, so the donor's value is a draw
      // from the sampler's own conditional law of the second column given the first and an allowed pair (a hot deck);
      // a row without a donor is left to rejection.
      if (bad.length > 0) {
        const isBad = new Uint8Array(n)
        for (const i of bad) isBad[i] = 1
        const donors = new Map<string, number[]>()
        for (let i = 0; i < n; i++) {
          const ka = keysA[i]
          if (ka === null || ka === undefined || isBad[i]) continue
          let list = donors.get(ka)
          if (list === undefined) donors.set(ka, (list = []))
          list.push(i)
        }
        const next = new Map<string, number>()
        for (const i of bad) {
          const list = donors.get(keysA[i]!)
          if (list === undefined) continue
          let p = next.get(keysA[i]!) ?? 0
          while (p < list.length && list[p]! < i) p++
          next.set(keysA[i]!, p)
          const donor = list[p < list.length ? p : 0]!
          const value = cellKey(b, col, donor)
          if (value !== null) setB(i, value)
        }
      }
    } else if (con.type === 'missingTogether') {
      const cols = checkMissingTogether(current(), con, index)
      const leader = cols[0]!
      const names = con.columns.slice(1)
      const followers = names.map(writable)
      for (let i = 0; i < n; i++) {
        if (!isMissingAt(leader, i)) continue
        followers.forEach((f, j) => {
          if (!isMissingAt(f, i)) setMissing(f, i), mark(names[j]!, i)
        })
      }
    }
  }
  return { table: current(), changed }
}
