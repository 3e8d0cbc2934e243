import {
  type ColumnSpec,
  type Constraint,
  type DatasetSchema,
  type Issue,
  type Relationship,
  type TableSchema,
  parseDatetime,
} from '@synthkit/core'
import { cardinalityIssues, cardinalityMean } from '../distributions'
import { isFakerLocale } from '../faker-methods'
import { type ModelRegistry, type ModelSourcePlan, compileModelSource } from '../model-source'
import { type Cardinality, DEFAULT_ANCHOR, type ScenarioSpec, type TableSpec } from '../spec'
import { type EdgePlan, compileEdgeCase } from './edge-cases'
import { type FieldPlan, type TableView, compileField } from './fields'

/** A compiled table. */
export interface TablePlan {
  readonly name: string
  /** Position in the spec: the table's generator is the index-th split of the scenario's. */
  readonly index: number
  readonly path: string
  readonly parent: string | null
  readonly count: Cardinality | null
  readonly children: string[]
  /** Rows of a root table (after scale). */
  readonly rows: number
  readonly source: ModelSourcePlan | null
  /** The model's columns that no field overrides, first in the output. */
  readonly modelColumns: readonly ColumnSpec[]
  readonly fields: readonly FieldPlan[]
  readonly edges: readonly EdgePlan[]
  readonly schema: TableSchema
  /** Tables whose columns this table reads through references, and which columns. */
  readonly reads: ReadonlyMap<string, ReadonlySet<string>>
  /** Expected rows (roots: exact; children: parents × mean count). */
  readonly expectedRows: number
}

/** A compiled scenario: tables in generation order (parents and referenced tables first). */
export interface ScenarioPlan {
  readonly tables: readonly TablePlan[]
  readonly byName: ReadonlyMap<string, TablePlan>
  readonly schema: DatasetSchema
  readonly anchor: number
}

/** Options of {@link compileScenario}. */
export interface CompileOptions {
  readonly scale?: number
  readonly models?: ModelRegistry
  /** Override the rows of root tables, by name. */
  readonly rows?: Readonly<Record<string, number>>
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined
}

/** Tables this table depends on: its parent and the tables its references read. */
function dependencies(t: TableSpec): { table: string; path: string }[] {
  const out: { table: string; path: string }[] = []
  if (t.parent) out.push({ table: t.parent.table, path: 'parent.table' })
  for (const [name, f] of Object.entries(t.fields)) if (f.type === 'reference') out.push({ table: f.table, path: `fields.${name}.table` })
  return out
}

/**
 * Compiles a decoded spec: resolves tables, fields, relationships, models and edge cases, and lists every
 * contradiction with its path (min > max, impossible uniqueness or cardinality, cycles, unknown tables and fields,
 * forbidden expressions). Issues are returned, not thrown, so all of them are reported at once.
 */
export function compileScenario(spec: ScenarioSpec, options: CompileOptions = {}): { plan: ScenarioPlan | null; issues: Issue[] } {
  const { plan, issues } = compileAll(spec, options)
  const seen = new Set<string>()
  const unique = issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`
    return seen.has(key) ? false : (seen.add(key), true)
  })
  return { plan, issues: unique }
}

function compileAll(spec: ScenarioSpec, options: CompileOptions): { plan: ScenarioPlan | null; issues: Issue[] } {
  const issues: Issue[] = []
  const scale = options.scale ?? 1
  if (!(scale > 0 && Number.isFinite(scale))) issues.push({ path: 'scale', message: `scale must be a finite number > 0, got ${scale}` })
  const locale = spec.locale ?? 'en'
  if (!isFakerLocale(locale)) issues.push({ path: 'locale', message: `unknown locale ${JSON.stringify(locale)}` })
  const anchor = parseDatetime(spec.anchor ?? DEFAULT_ANCHOR)
  if (Number.isNaN(anchor)) issues.push({ path: 'anchor', message: `expected an ISO 8601 date, got ${JSON.stringify(spec.anchor)}` })
  const names = Object.keys(spec.tables)
  if (names.length === 0) issues.push({ path: 'tables', message: 'a scenario needs at least one table' })

  // Structure: rows xor parent, known tables.
  for (const name of names) {
    const t = spec.tables[name]!
    const p = `tables.${name}`
    if (t.parent && t.rows !== undefined)
      issues.push({ path: `${p}.rows`, message: 'a table with a parent gets its rows from parent.count: remove rows' })
    if (!t.parent && t.rows === undefined) issues.push({ path: `${p}.rows`, message: 'a table without a parent needs rows' })
    if (t.parent) issues.push(...cardinalityIssues(t.parent.count, `${p}.parent.count`))
    for (const d of dependencies(t))
      if (!own(spec.tables, d.table)) issues.push({ path: `${p}.${d.path}`, message: `unknown table "${d.table}"` })
    if (options.rows && own(options.rows, name) !== undefined && t.parent)
      issues.push({ path: `rows.${name}`, message: 'only root tables take a row count' })
  }

  // Order: depth-first over dependencies; a dependency met again while on the stack is a cycle.
  const order: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string, stack: string[]): void => {
    if (state.get(name) === 'done') return
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name]
      issues.push({ path: `tables.${name}`, message: `cycle between tables: ${cycle.join(' → ')}` })
      return
    }
    state.set(name, 'visiting')
    for (const d of dependencies(spec.tables[name]!)) if (own(spec.tables, d.table)) visit(d.table, [...stack, name])
    state.set(name, 'done')
    order.push(name)
  }
  for (const name of names) visit(name, [])
  if (issues.some((i) => i.message.startsWith('cycle'))) return { plan: null, issues }

  const views = new Map<string, TableView>()
  const plans = new Map<string, TablePlan>()
  for (const name of order) {
    const t = spec.tables[name]!
    const path = `tables.${name}`
    let source: ModelSourcePlan | null = null
    if (t.source) {
      const r = compileModelSource(t.source, `${path}.source`, options.models)
      issues.push(...r.issues)
      source = r.plan
    }
    const opaque = t.source !== undefined && source === null
    const overridden = new Set(Object.keys(t.fields))
    const modelColumns = (source?.schema.columns ?? []).filter((c) => !overridden.has(c.name))
    const parentView = t.parent ? (views.get(t.parent.table) ?? null) : null
    const fields: FieldPlan[] = []
    const earlier: ColumnSpec[] = [...modelColumns]
    if (t.key !== undefined && !own(t.fields, t.key) && !modelColumns.some((c) => c.name === t.key) && !opaque) {
      issues.push({ path: `${path}.key`, message: `unknown field "${t.key}"` })
    }
    for (const [fname, f] of Object.entries(t.fields)) {
      const r = compileField(fname, f, {
        path: `${path}.fields.${fname}`,
        locale: t.locale ?? locale,
        anchor: Number.isNaN(anchor) ? 0 : anchor,
        earlier,
        parent: parentView,
        tables: views,
        isKey: t.key === fname,
        opaque,
      })
      issues.push(...r.issues)
      if (r.plan) {
        fields.push(r.plan)
        earlier.push(r.plan.spec)
      }
    }
    if (t.locale !== undefined && !isFakerLocale(t.locale))
      issues.push({ path: `${path}.locale`, message: `unknown locale ${JSON.stringify(t.locale)}` })
    const uniqueFields = new Set<string>()
    for (const f of fields)
      if (f.unique || (spec.tables[name]!.fields[f.name]?.type === 'sequence' && f.capacity === Infinity)) uniqueFields.add(f.name)
    if (t.key !== undefined) {
      const keyField = fields.find((f) => f.name === t.key)
      if (keyField && !uniqueFields.has(t.key))
        issues.push({ path: `${path}.key`, message: `the key "${t.key}" must be a sequence or a unique field` })
      if (keyField && keyField.missing > 0) issues.push({ path: `${path}.fields.${t.key}.missing`, message: 'a key cannot be missing' })
      if (!keyField && modelColumns.some((c) => c.name === t.key && c.kind === 'id')) uniqueFields.add(t.key)
    }

    // Edge cases: the field shorthand `missing` first, then the table's list.
    const edges: EdgePlan[] = []
    for (const f of fields) {
      if (f.missing > 0) {
        const r = compileEdgeCase({ rule: 'missing', field: f.name, rate: f.missing }, `${path}.fields.${f.name}.missing`, f, opaque)
        issues.push(...r.issues.map((i) => ({ ...i, path: `${path}.fields.${f.name}.missing` })))
        if (r.edge) edges.push(r.edge)
      }
    }
    ;(t.edgeCases ?? []).forEach((e, i) => {
      const r = compileEdgeCase(
        e,
        `${path}.edgeCases.${i}`,
        fields.find((f) => f.name === e.field),
        opaque,
      )
      issues.push(...r.issues)
      if (r.edge) edges.push(r.edge)
    })

    // Expected rows, and uniqueness against the number of values a generator can give.
    const parentPlan = t.parent ? plans.get(t.parent.table) : undefined
    const rootRows = options.rows && own(options.rows, name) !== undefined ? options.rows[name]! : Math.round((t.rows ?? 0) * scale)
    const expectedRows = t.parent ? (parentPlan?.expectedRows ?? 0) * cardinalityMean(t.parent.count) : rootRows
    for (const f of fields) {
      if (!f.unique) continue
      const needed = Math.max(0, Math.round(expectedRows * (1 - f.missing)))
      if (f.capacity < needed) {
        issues.push({
          path: `${path}.fields.${f.name}.unique`,
          message: `${needed} unique values are needed (${t.parent ? 'expected rows' : 'rows'}) but the generator can give at most ${f.capacity}`,
        })
      }
    }

    const reads = new Map<string, Set<string>>()
    for (const f of fields)
      if (f.reads)
        for (const c of f.reads.columns) (reads.get(f.reads.table) ?? reads.set(f.reads.table, new Set()).get(f.reads.table)!).add(c)

    const constraints: Constraint[] = []
    for (const f of fields) if (uniqueFields.has(f.name)) constraints.push({ type: 'unique', columns: [f.name] })
    for (const f of fields)
      if (f.link?.foreignKey)
        constraints.push({ type: 'foreignKey', column: f.name, references: { table: f.link.table, column: f.link.column } })
    for (const f of fields) {
      if (f.spec.kind === 'numerical' && (f.bounds.min !== undefined || f.bounds.max !== undefined)) {
        constraints.push({
          type: 'range',
          column: f.name,
          ...(f.bounds.min !== undefined ? { min: f.bounds.min } : {}),
          ...(f.bounds.max !== undefined ? { max: f.bounds.max } : {}),
        })
      }
    }
    const columns = [...modelColumns, ...fields.map((f) => f.spec)]
    const schema: TableSchema = {
      name,
      columns,
      ...(t.key !== undefined && columns.some((c) => c.name === t.key) ? { primaryKey: t.key } : {}),
      ...(constraints.length > 0 ? { constraints } : {}),
    }
    const plan: TablePlan = {
      name,
      index: names.indexOf(name),
      path,
      parent: t.parent?.table ?? null,
      count: t.parent?.count ?? null,
      children: [],
      rows: rootRows,
      source,
      modelColumns,
      fields,
      edges,
      schema,
      reads,
      expectedRows,
    }
    plans.set(name, plan)
    views.set(name, { name, specs: columns, uniqueFields, opaque })
  }
  for (const name of order) {
    const p = plans.get(name)!
    if (p.parent) plans.get(p.parent)?.children.push(name)
  }
  // Children in spec order, whatever the dependency order.
  for (const p of plans.values()) p.children.sort((a, b) => names.indexOf(a) - names.indexOf(b))
  if (issues.length > 0) return { plan: null, issues }

  const relationships: Relationship[] = []
  for (const name of order) {
    for (const f of plans.get(name)!.fields) {
      if (f.link?.foreignKey)
        relationships.push({ parent: { table: f.link.table, column: f.link.column }, child: { table: name, column: f.name } })
    }
  }
  const tables = order.map((n) => plans.get(n)!)
  const schema: DatasetSchema = {
    tables: Object.fromEntries(names.map((n) => [n, plans.get(n)!.schema])),
    ...(relationships.length > 0 ? { relationships } : {}),
  }
  return { plan: { tables, byName: plans, schema, anchor }, issues }
}
