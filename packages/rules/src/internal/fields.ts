import {
  type ColumnData,
  type ColumnSpec,
  type CompiledExpression,
  type Issue,
  type Rng,
  compileExpression,
  formatDatetime,
  isSynthkitError,
  parseDatetime,
  roundTo,
} from '@synthkit/core'
import { distributionIssues, distributionSampler, isDistribution, isIntegerDistribution, weightIssues } from '../distributions'
import { FAKER_METHODS, fakerSource, isFakerLocale, isFakerMethod } from '../faker-methods'
import type { FieldSpec } from '../spec'
import { type BlockContext, contextTable, gather } from './block'
import { compileSymbols, parseCounterPattern } from './symbols'
import { aliasSampler } from './weighted'

/** What a table looks like to fields of other tables (parents, referenced tables). */
export interface TableView {
  readonly name: string
  readonly specs: readonly ColumnSpec[]
  /** Fields whose values are unique (the key and `unique: true` fields): valid targets of foreign keys. */
  readonly uniqueFields: ReadonlySet<string>
  /** A model-drawn table whose model was not supplied: its columns are unknown, references to them unchecked. */
  readonly opaque: boolean
}

/** Where a field is compiled. */
export interface FieldEnv {
  readonly path: string
  readonly locale: string
  readonly anchor: number
  /** Columns before this one (the model's columns and earlier fields). */
  readonly earlier: readonly ColumnSpec[]
  readonly parent: TableView | null
  readonly tables: ReadonlyMap<string, TableView>
  readonly isKey: boolean
  readonly opaque: boolean
}

/** A draw of one value from a per-block sampler: a number, a string, or a dictionary code. */
export interface IndependentSampler {
  readonly storage: 'numeric' | 'string' | 'coded'
  readonly make: (rng: Rng, path: string) => () => number | string
}

/** A compiled field. */
export interface FieldPlan {
  readonly name: string
  readonly path: string
  readonly spec: ColumnSpec
  readonly unique: boolean
  /** Distinct values the generator can give (Infinity when unbounded). */
  readonly capacity: number
  readonly missing: number
  /** The declared bounds of a numeric or date field (boundary edge cases use them). */
  readonly bounds: { readonly min?: number; readonly max?: number }
  /** Parent copies and references: the foreign key they carry (their values must not be disturbed). */
  readonly link?: { readonly table: string; readonly column: string; readonly foreignKey: boolean }
  /** A generator that draws each value independently (uniqueness is kept by redrawing these). */
  readonly independent?: IndependentSampler
  /** Fills a block (fields that read the row, its parent, the row number or other tables). */
  readonly fill?: (ctx: BlockContext, rng: Rng) => ColumnData
  /** The columns of another table this field reads (they are materialised before generating). */
  readonly reads?: { readonly table: string; readonly columns: readonly string[] }
}

const UNIT_MS = { day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000, millisecond: 1 } as const
const MAX_REDRAWS = 1000

function truncated(draw: () => number, min: number | undefined, max: number | undefined, path: string): () => number {
  if (min === undefined && max === undefined) return draw
  const lo = min ?? -Infinity
  const hi = max ?? Infinity
  return () => {
    for (let k = 0; k < MAX_REDRAWS; k++) {
      const x = draw()
      if (x >= lo && x <= hi) return x
    }
    throw new UnsatisfiableDraw(
      path,
      `no value in [${lo}, ${hi}] after ${MAX_REDRAWS} draws: the bounds hold almost none of the distribution`,
    )
  }
}

/** Thrown by samplers that cannot meet their bounds; turned into CONSTRAINT_UNSATISFIABLE naming the path. */
export class UnsatisfiableDraw extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`)
  }
}

function valueText(spec: ColumnSpec, col: ColumnData, row: number): string {
  switch (col.type) {
    case 'numeric': {
      const v = col.values[row]!
      if (Number.isNaN(v)) return ''
      return spec.kind === 'datetime' ? formatDatetime(v, spec.format) : String(v)
    }
    case 'coded': {
      const c = col.codes[row]!
      if (c < 0) return ''
      return spec.kind === 'boolean' ? (spec.labels ?? ['false', 'true'])[c]! : col.dictionary[c]!
    }
    case 'string':
      return col.values[row] ?? ''
  }
}

/**
 * Compiles one field: its output column, what it reads, its capacity, and every problem with its path. Fields are
 * compiled in order, so a field can read only earlier fields (and its parent's), never later ones.
 */
export function compileField(name: string, f: FieldSpec, env: FieldEnv): { plan: FieldPlan | null; issues: Issue[] } {
  const issues: Issue[] = []
  const path = env.path
  const unique = f.unique === true
  const missing = f.missing ?? 0
  const description = f.description !== undefined ? { description: f.description } : {}
  const base = { name, path, unique, missing, bounds: {} as { min?: number; max?: number } }
  const earlierSpec = (field: string) => env.earlier.find((c) => c.name === field)

  if (isDistribution(f)) {
    issues.push(...distributionIssues(f, path))
    if (f.type === 'uniform' && f.min > f.max) issues.push({ path: `${path}.min`, message: `min ${f.min} is greater than max ${f.max}` })
    const integer = isIntegerDistribution(f.type)
    const precision = 'precision' in f ? f.precision : undefined
    const min = 'min' in f ? f.min : undefined
    const max = 'max' in f ? f.max : undefined
    const truncMin = f.type === 'uniform' || f.type === 'integer' ? undefined : min
    const truncMax = f.type === 'uniform' || f.type === 'integer' ? undefined : max
    const spec: ColumnSpec = {
      name,
      kind: 'numerical',
      type: integer ? 'int' : 'float',
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      ...(precision !== undefined && !integer ? { precision } : {}),
      ...description,
    }
    let capacity = Infinity
    if (min !== undefined && max !== undefined) {
      if (integer) capacity = max - min + 1
      else if (precision !== undefined) capacity = Math.floor((max - min) * 10 ** precision) + 1
    }
    if (f.type === 'binomial') capacity = Math.min(capacity, f.n + 1)
    const plan: FieldPlan = {
      ...base,
      spec,
      capacity,
      bounds: { min, max },
      independent: {
        storage: 'numeric',
        make: (rng, p) => {
          const draw = truncated(distributionSampler(f, rng), truncMin, truncMax, p)
          return precision === undefined || integer ? draw : () => roundTo(draw(), precision)
        },
      },
    }
    return { plan, issues }
  }

  switch (f.type) {
    case 'sequence': {
      const start = f.start ?? 1
      const step = f.step ?? 1
      if (step === 0 && unique) issues.push({ path: `${path}.step`, message: 'a unique sequence needs a step other than 0' })
      const counter = f.pattern === undefined ? null : parseCounterPattern(f.pattern)
      if (f.pattern !== undefined && counter === null) {
        issues.push({
          path: `${path}.pattern`,
          message: `expected text around one run of zeros in braces, e.g. "INV-{000000}", got ${JSON.stringify(f.pattern)}`,
        })
      }
      const spec: ColumnSpec = counter
        ? { name, kind: 'id', pattern: f.pattern!, ...description }
        : { name, kind: 'numerical', type: 'int', ...description }
      const fill = (ctx: BlockContext): ColumnData => {
        if (counter) {
          const out: string[] = new Array(ctx.n)
          for (let i = 0; i < ctx.n; i++) {
            const k = start + (ctx.firstRow + i) * step
            const digits = String(Math.abs(k)).padStart(counter.width, '0')
            out[i] = `${counter.prefix}${k < 0 ? '-' : ''}${digits}${counter.suffix}`
          }
          return { type: 'string', values: out }
        }
        const out = new Float64Array(ctx.n)
        for (let i = 0; i < ctx.n; i++) out[i] = start + (ctx.firstRow + i) * step
        return { type: 'numeric', values: out }
      }
      // Unique by construction (distinct row numbers): no set of seen values is needed.
      return { plan: { ...base, unique: false, spec, capacity: step === 0 ? 1 : Infinity, fill }, issues }
    }
    case 'pattern': {
      const compiled = compileSymbols(f.pattern, '#?*')
      const spec: ColumnSpec = env.isKey ? { name, kind: 'id', ...description } : { name, kind: 'text', ...description }
      return {
        plan: { ...base, spec, capacity: compiled.capacity, independent: { storage: 'string', make: (rng) => () => compiled.render(rng) } },
        issues,
      }
    }
    case 'faker': {
      const locale = f.locale ?? env.locale
      if (!isFakerMethod(f.method)) {
        issues.push({
          path: `${path}.method`,
          message: `unknown faker method ${JSON.stringify(f.method)} (allowed: ${Object.keys(FAKER_METHODS).join(', ')})`,
        })
        return { plan: null, issues }
      }
      if (f.locale !== undefined && !isFakerLocale(f.locale)) {
        issues.push({ path: `${path}.locale`, message: `unknown locale ${JSON.stringify(f.locale)}` })
        return { plan: null, issues }
      }
      if (!isFakerLocale(locale)) return { plan: null, issues } // the scenario's locale is reported once, at its own path
      const source = fakerSource(f.method, locale)
      if (typeof source === 'string') {
        issues.push({ path: `${path}.method`, message: `${f.method} is not available: ${source}` })
        return { plan: null, issues }
      }
      const spec: ColumnSpec = {
        name,
        kind: env.isKey ? 'id' : 'text',
        ...(FAKER_METHODS[f.method].pii ? { sensitivity: 'pii' as const } : {}),
        ...description,
      }
      return {
        plan: { ...base, spec, capacity: source.capacity, independent: { storage: 'string', make: (rng) => () => source.render(rng) } },
        issues,
      }
    }
    case 'choice': {
      issues.push(...weightIssues(f.values.length, f.weights, path, 'values'))
      const dup = f.values.find((v, i) => f.values.indexOf(v) !== i)
      if (dup !== undefined) issues.push({ path: `${path}.values`, message: `duplicate value ${JSON.stringify(dup)}` })
      const spec: ColumnSpec = { name, kind: 'categorical', categories: [...f.values], ...description }
      const weights = f.weights ?? f.values.map(() => 1)
      const k = f.values.length
      const ok = issues.length === 0
      return {
        plan: {
          ...base,
          spec,
          capacity: weights.filter((w) => w > 0).length,
          independent: {
            storage: 'coded',
            make: (rng) =>
              ok
                ? (
                    (pick) => () =>
                      pick(rng)
                  )(aliasSampler(weights))
                : () => (k > 0 ? 0 : -1),
          },
        },
        issues,
      }
    }
    case 'boolean': {
      const p = f.probability
      const spec: ColumnSpec = { name, kind: 'boolean', ...description }
      return {
        plan: {
          ...base,
          spec,
          capacity: p === 0 || p === 1 ? 1 : 2,
          independent: { storage: 'coded', make: (rng) => () => (rng.next() < p ? 1 : 0) },
        },
        issues,
      }
    }
    case 'constant': {
      const v = f.value
      const spec: ColumnSpec =
        typeof v === 'string'
          ? { name, kind: 'categorical', categories: [v], ...description }
          : typeof v === 'boolean'
            ? { name, kind: 'boolean', ...description }
            : { name, kind: 'numerical', type: Number.isInteger(v) ? 'int' : 'float', ...description }
      const storage = typeof v === 'number' ? 'numeric' : 'coded'
      const value = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : 0
      return {
        plan: {
          ...base,
          spec,
          capacity: 1,
          bounds: typeof v === 'number' ? { min: v, max: v } : {},
          independent: { storage, make: () => () => value },
        },
        issues,
      }
    }
    case 'date': {
      const unit = UNIT_MS[f.unit ?? 'day']
      const toUnits = (b: number | string, key: 'min' | 'max'): number => {
        if (typeof b === 'number') {
          if (!Number.isInteger(b)) issues.push({ path: `${path}.${key}`, message: `an offset counts whole ${f.unit ?? 'day'}s, got ${b}` })
          return b
        }
        const ms = parseDatetime(b)
        if (Number.isNaN(ms)) {
          issues.push({ path: `${path}.${key}`, message: `expected an offset or an ISO 8601 date, got ${JSON.stringify(b)}` })
          return 0
        }
        const u = (ms - env.anchor) / unit
        return key === 'min' ? Math.ceil(u) : Math.floor(u)
      }
      const lo = toUnits(f.min, 'min')
      const hi = toUnits(f.max, 'max')
      if (lo > hi) issues.push({ path: `${path}.min`, message: `min is after max: the date range is empty` })
      const minMs = env.anchor + lo * unit
      const maxMs = env.anchor + hi * unit
      const spec: ColumnSpec = {
        name,
        kind: 'datetime',
        min: minMs,
        max: maxMs,
        ...(f.format !== undefined ? { format: f.format } : {}),
        ...description,
      }
      const width = hi - lo + 1
      return {
        plan: {
          ...base,
          spec,
          capacity: Math.max(0, width),
          bounds: { min: minMs, max: maxMs },
          independent: { storage: 'numeric', make: (rng) => () => minMs + Math.floor(rng.next() * width) * unit },
        },
        issues,
      }
    }
    case 'expression': {
      const kind = f.kind ?? 'float'
      const parentSpecs = (env.parent?.specs ?? []).map((c) => ({ ...c, name: `parent_${c.name}` }) as ColumnSpec)
      for (const p of parentSpecs)
        if (env.earlier.some((c) => c.name === p.name))
          issues.push({ path, message: `field "${p.name}" hides the parent's field of that name in expressions` })
      let compiled: CompiledExpression | null = null
      const opaque = env.opaque || env.parent?.opaque === true
      try {
        compiled = compileExpression(f.expression, { columns: [...env.earlier, ...parentSpecs] })
      } catch (e) {
        if (!isSynthkitError(e)) throw e
        if (!(opaque && e.code === 'UNKNOWN_COLUMN')) {
          issues.push({
            path: `${path}.expression`,
            message: `${e.issues[0]?.message ?? e.message} (earlier fields: ${env.earlier.map((c) => c.name).join(', ') || 'none'}${parentSpecs.length > 0 ? `; parent fields as parent_<name>` : ''})`,
          })
        }
      }
      const readsParent = compiled?.columns.some((c) => c.startsWith('parent_') && !env.earlier.some((s) => s.name === c)) ?? false
      const spec: ColumnSpec =
        kind === 'boolean'
          ? { name, kind: 'boolean', ...description }
          : {
              name,
              kind: 'numerical',
              type: kind,
              ...(f.precision !== undefined && kind === 'float' ? { precision: f.precision } : {}),
              ...description,
            }
      const expr = compiled
      const fill = (ctx: BlockContext): ColumnData => {
        if (expr === null) throw new Error('internal: expression not compiled')
        const extra =
          readsParent && ctx.parent && ctx.parentIndex
            ? parentSpecs
                .filter((s) => expr.columns.includes(s.name))
                .map((s) => ({ spec: s, data: gather(ctx.parent!.columns[s.name.slice(7)]!, ctx.parentIndex!) }))
            : []
        const values = expr.evaluateNumbers(contextTable(ctx, extra))
        if (kind === 'boolean') {
          const codes = new Int32Array(ctx.n)
          for (let i = 0; i < ctx.n; i++) codes[i] = Number.isNaN(values[i]!) ? -1 : values[i] !== 0 ? 1 : 0
          return { type: 'coded', codes, dictionary: ['false', 'true'] }
        }
        if (kind === 'int') {
          for (let i = 0; i < ctx.n; i++) {
            const v = values[i]!
            if (!Number.isNaN(v) && !Number.isInteger(v)) {
              throw new UnsatisfiableDraw(
                path,
                `the int expression gave ${v} at row ${ctx.firstRow + i}: wrap it in round(), floor() or ceil()`,
              )
            }
          }
        } else if (f.precision !== undefined) for (let i = 0; i < ctx.n; i++) values[i] = roundTo(values[i]!, f.precision)
        for (let i = 0; i < ctx.n; i++) if (values[i] === Infinity || values[i] === -Infinity) values[i] = Number.NaN
        return { type: 'numeric', values }
      }
      if (unique)
        issues.push({
          path: `${path}.unique`,
          message: 'unique is supported on independently drawn fields and sequences, not on expressions',
        })
      return { plan: compiled || opaque ? { ...base, spec, capacity: Infinity, fill } : null, issues }
    }
    case 'template': {
      type Part = string | { parent: boolean; field: string }
      const parts: Part[] = []
      const re = /\{\{|\}\}|\{([^{}]+)\}/g
      let last = 0
      for (const m of f.template.matchAll(re)) {
        if (m.index! > last) parts.push(f.template.slice(last, m.index))
        last = m.index! + m[0].length
        if (m[0] === '{{') parts.push('{')
        else if (m[0] === '}}') parts.push('}')
        else {
          const ref = m[1]!.trim()
          const isParent = ref.startsWith('parent.')
          const fieldName = isParent ? ref.slice(7) : ref
          const known = isParent ? (env.parent?.specs.some((c) => c.name === fieldName) ?? false) : earlierSpec(fieldName) !== undefined
          if (isParent && env.parent === null)
            issues.push({ path: `${path}.template`, message: `{${ref}} names a parent, but the table has none` })
          else if (!known && !(isParent ? env.parent?.opaque : env.opaque)) {
            issues.push({ path: `${path}.template`, message: `{${ref}} names no ${isParent ? 'field of the parent' : 'earlier field'}` })
          }
          parts.push({ parent: isParent, field: fieldName })
        }
      }
      if (last < f.template.length) parts.push(f.template.slice(last))
      const transform =
        f.case === 'lower' ? (s: string) => s.toLowerCase() : f.case === 'upper' ? (s: string) => s.toUpperCase() : (s: string) => s
      const spec: ColumnSpec = { name, kind: env.isKey ? 'id' : 'text', ...description }
      if (unique)
        issues.push({
          path: `${path}.unique`,
          message: 'unique is supported on independently drawn fields and sequences, not on templates',
        })
      const fill = (ctx: BlockContext): ColumnData => {
        const getters = parts.map((p) => {
          if (typeof p === 'string') return () => p
          if (p.parent) {
            const spec = ctx.parent!.schema.columns.find((c) => c.name === p.field)!
            const col = ctx.parent!.columns[p.field]!
            const index = ctx.parentIndex!
            return (i: number) => valueText(spec, col, index[i]!)
          }
          const spec = ctx.specs.find((c) => c.name === p.field)!
          const col = ctx.columns[p.field]!
          return (i: number) => valueText(spec, col, i)
        })
        const out: string[] = new Array(ctx.n)
        for (let i = 0; i < ctx.n; i++) {
          let s = ''
          for (const g of getters) s += g(i)
          out[i] = transform(s)
        }
        return { type: 'string', values: out }
      }
      return { plan: { ...base, spec, capacity: Infinity, fill }, issues }
    }
    case 'parent': {
      if (env.parent === null) {
        issues.push({ path: `${path}.field`, message: 'a parent field needs the table to have a parent (tables.<name>.parent)' })
        return { plan: null, issues }
      }
      const target = env.parent.specs.find((c) => c.name === f.field)
      if (!target) {
        if (!env.parent.opaque)
          issues.push({ path: `${path}.field`, message: `unknown field "${f.field}" in parent table "${env.parent.name}"` })
        return { plan: null, issues }
      }
      if (unique) issues.push({ path: `${path}.unique`, message: 'a copy of the parent repeats for every child: it cannot be unique' })
      const spec = { ...target, name, ...description } as ColumnSpec
      const parentField = f.field
      return {
        plan: {
          ...base,
          spec,
          capacity: Infinity,
          link: { table: env.parent.name, column: f.field, foreignKey: env.parent.uniqueFields.has(f.field) },
          fill: (ctx) => gather(ctx.parent!.columns[parentField]!, ctx.parentIndex!),
        },
        issues,
      }
    }
    case 'reference': {
      const view = env.tables.get(f.table)
      if (!view) {
        issues.push({ path: `${path}.table`, message: `unknown table "${f.table}"` })
        return { plan: null, issues }
      }
      const target = view.specs.find((c) => c.name === f.field)
      if (!target && !view.opaque) issues.push({ path: `${path}.field`, message: `unknown field "${f.field}" in table "${f.table}"` })
      else if (target && !view.uniqueFields.has(f.field)) {
        issues.push({
          path: `${path}.field`,
          message: `"${f.table}.${f.field}" is neither the table's key nor unique: a reference needs a unique target`,
        })
      }
      if (f.weight !== undefined) {
        const w = view.specs.find((c) => c.name === f.weight)
        if (!w && !view.opaque) issues.push({ path: `${path}.weight`, message: `unknown field "${f.weight}" in table "${f.table}"` })
        else if (w && w.kind !== 'numerical')
          issues.push({ path: `${path}.weight`, message: `weights must be a numerical field, "${f.weight}" is ${w.kind}` })
      }
      if (!target) return { plan: null, issues }
      const spec = { ...target, name, ...description } as ColumnSpec
      const table = f.table
      const field = f.field
      const weight = f.weight
      return {
        plan: {
          ...base,
          spec,
          capacity: Infinity,
          link: { table, column: field, foreignKey: true },
          reads: { table, columns: weight === undefined ? [field] : [field, weight] },
          fill: (ctx, rng) => {
            const ref = ctx.references.get(table)!
            const index = new Int32Array(ctx.n)
            const m = ref.nRows
            if (m === 0) throw new UnsatisfiableDraw(path, `table "${table}" has no rows to reference`)
            if (weight === undefined) for (let i = 0; i < ctx.n; i++) index[i] = Math.floor(rng.next() * m)
            else {
              const pick = referenceWeights(ref.columns[weight]!, path)
              for (let i = 0; i < ctx.n; i++) index[i] = pick(rng)
            }
            return gather(ref.columns[field]!, index)
          },
        },
        issues,
      }
    }
  }
}

const weightCache = new WeakMap<ColumnData, (rng: Rng) => number>()

function referenceWeights(col: ColumnData, path: string): (rng: Rng) => number {
  const hit = weightCache.get(col)
  if (hit) return hit
  if (col.type !== 'numeric') throw new UnsatisfiableDraw(path, 'the weight field is not numerical')
  const w = Array.from(col.values, (v) => (Number.isNaN(v) ? 0 : v))
  if (w.some((x) => x < 0)) throw new UnsatisfiableDraw(path, 'the weight field has negative values')
  if (!w.some((x) => x > 0)) throw new UnsatisfiableDraw(path, 'every weight is 0 or missing')
  const pick = aliasSampler(w)
  weightCache.set(col, pick)
  return pick
}
