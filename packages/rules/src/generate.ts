import { randomBinomial, randomGeometric, randomPoisson } from 'd3-random'
import {
  type CancellationSignal,
  type ColumnData,
  type ColumnSpec,
  type DatasetSchema,
  DEFAULT_CHUNK_ROWS,
  type Rng,
  type SampledChunk,
  STREAM_BLOCK_ROWS,
  SynthkitError,
  type Table,
  type ValueGenerator,
  concat,
  createRng,
  createRngFromState,
  createTable,
  d3Source,
  slice,
  uniformInt,
} from '@synthkit/core'
import { type BlockContext } from './internal/block'
import { type FieldPlan, UnsatisfiableDraw } from './internal/fields'
import { type ScenarioPlan, type TablePlan, compileScenario } from './internal/plan'
import { type ModelRegistry, drawModelRows } from './model-source'
import { substream } from './internal/substream'
import type { Cardinality, ScenarioSpec } from './spec'
import { aliasSampler } from './internal/weighted'

/** Which rows of a table one edge-case rule changed (row numbers are 0-based over the whole table). */
export interface InjectionEntry {
  /** The rule's kind: missing, boundary, long, nonAscii, duplicate. */
  readonly rule: 'missing' | 'boundary' | 'long' | 'nonAscii' | 'duplicate'
  /** Where the rule is in the spec, e.g. `tables.customers.edgeCases.0` or `tables.customers.fields.email.missing`. */
  readonly path: string
  readonly field: string
  readonly rows: readonly number[]
}

/** A chunk of one table with the injections in its rows. */
export interface ScenarioChunk extends SampledChunk {
  readonly injections: readonly InjectionEntry[]
}

/** Options of {@link generateScenario}. */
export interface GenerateOptions {
  /** The seed (integer or string); or pass `rng`. One of them is required: nothing is read from the clock. */
  readonly seed?: number | string
  readonly rng?: Rng
  /** Multiplies the rows of root tables (children follow through their cardinalities); default 1. */
  readonly scale?: number
  /** Rows of root tables by name, instead of the spec's. */
  readonly rows?: Readonly<Record<string, number>>
  /** Largest rows per chunk (default 65 536). Rows never depend on it. */
  readonly chunkRows?: number
  /** Fitted models that `source.model` keys name. */
  readonly models?: ModelRegistry
  /** Fills pii/text columns of model-drawn tables (default: the synthesizer's own, placeholders); see createValueGenerator. */
  readonly values?: ValueGenerator
  readonly signal?: CancellationSignal
}

/** What {@link generateScenario} returns. */
export interface ScenarioOutput {
  /** The schema of every table, with relationships, keys and the constraints that hold by construction. */
  readonly schema: DatasetSchema
  /**
   * Each table on its own, in chunks. Each iterable is independent and restartable (its ancestors are regenerated
   * block by block, so memory stays flat); it yields exactly the rows {@link ScenarioOutput.stream} yields for it.
   */
  readonly tables: Readonly<Record<string, Iterable<Table>>>
  /**
   * The rows each table is expected to get, known before generating (for progress and ETAs): exact for root tables
   * (`exact: true`), the parent's expected rows × the mean of its count distribution for child tables (the mean
   * clamped to the count's bounds, so an estimate for truncated distributions).
   */
  readonly expectedRows: Readonly<Record<string, { readonly rows: number; readonly exact: boolean }>>
  /** All tables interleaved: a parent block, then its children's rows, … Each chunk carries its injections. */
  stream(): Iterable<ScenarioChunk>
  /** Everything in memory (small scenarios and tests): whole tables and the injection log per table. */
  collect(): { tables: Record<string, Table>; injections: Record<string, InjectionEntry[]> }
}

interface WalkState {
  readonly plan: ScenarioPlan
  readonly rngs: Rng[]
  readonly rowsSoFar: Map<string, number>
  readonly seen: Map<string, Set<number | string>>
  readonly references: Map<string, Table>
  readonly options: GenerateOptions
  readonly base: readonly [number, number, number, number]
}

interface BlockOut {
  readonly table: TablePlan
  readonly firstRow: number
  readonly rows: Table
  readonly injections: InjectionEntry[]
}

const MAX_UNIQUE_REDRAWS = 1000

function baseState(options: GenerateOptions): [number, number, number, number] {
  const source = options.rng ?? (options.seed !== undefined ? createRng(options.seed) : undefined)
  if (source === undefined)
    throw new SynthkitError('OPTIONS_INVALID', 'generateScenario needs a seed or an rng', [
      { path: 'seed', message: 'pass seed (number or string) or rng' },
    ])
  let words: [number, number, number, number] = [source.nextUint32(), source.nextUint32(), source.nextUint32(), source.nextUint32()]
  if (words.every((w) => w === 0)) words = [1, 0, 0, 0]
  return words
}

function newState(plan: ScenarioPlan, base: readonly [number, number, number, number], options: GenerateOptions): WalkState {
  const root = createRngFromState(base)
  const count = Math.max(...plan.tables.map((t) => t.index)) + 1
  const rngs: Rng[] = []
  for (let i = 0; i < count; i++) rngs.push(substream(root))
  return { plan, rngs, rowsSoFar: new Map(), seen: new Map(), references: new Map(), options, base }
}

function countSampler(c: Cardinality, rng: Rng, path: string): () => number {
  const source = d3Source(rng)
  let draw: () => number
  let min = 0
  let max = Infinity
  switch (c.type) {
    case 'fixed':
      return () => c.value
    case 'integer':
      return () => c.min + uniformInt(rng, c.max - c.min + 1)
    case 'choice': {
      const pick = aliasSampler(c.weights ?? c.values.map(() => 1))
      return () => c.values[pick(rng)]!
    }
    case 'poisson':
      draw = randomPoisson.source(source)(c.lambda)
      break
    case 'binomial':
      draw = randomBinomial.source(source)(c.n, c.p)
      break
    case 'geometric':
      draw = randomGeometric.source(source)(c.p)
      break
  }
  min = c.min ?? 0
  max = c.max ?? Infinity
  if (min === 0 && max === Infinity) return draw
  return () => {
    for (let k = 0; k < MAX_UNIQUE_REDRAWS; k++) {
      const x = draw()
      if (x >= min && x <= max) return x
    }
    throw new UnsatisfiableDraw(path, `no count in [${min}, ${max}] after ${MAX_UNIQUE_REDRAWS} draws`)
  }
}

function fillIndependent(f: FieldPlan, n: number, rng: Rng, seen: Set<number | string> | null): ColumnData {
  const next = f.independent!.make(rng, f.path)
  const unique = (v: number | string): number | string => {
    if (seen === null) return v
    let tries = 0
    while (seen.has(v)) {
      if (++tries > MAX_UNIQUE_REDRAWS) {
        throw new UnsatisfiableDraw(
          `${f.path}.unique`,
          `no new value after ${MAX_UNIQUE_REDRAWS} draws (${seen.size} distinct values so far): the generator is exhausted`,
        )
      }
      v = next()
    }
    seen.add(v)
    return v
  }
  switch (f.independent!.storage) {
    case 'numeric': {
      const out = new Float64Array(n)
      for (let i = 0; i < n; i++) out[i] = unique(next()) as number
      return { type: 'numeric', values: out }
    }
    case 'string': {
      const out: string[] = new Array(n)
      for (let i = 0; i < n; i++) out[i] = unique(next()) as string
      return { type: 'string', values: out }
    }
    case 'coded': {
      const out = new Int32Array(n)
      for (let i = 0; i < n; i++) out[i] = unique(next()) as number
      const spec = f.spec
      const dictionary = spec.kind === 'categorical' ? (spec.categories ?? []) : ['false', 'true']
      return { type: 'coded', codes: out, dictionary }
    }
  }
}

/** Generates one block of a table: model rows (if any), fields in order, then edge cases (logged). */
function generateBlock(
  state: WalkState,
  table: TablePlan,
  n: number,
  rng: Rng,
  parent: Table | null,
  parentIndex: Int32Array | null,
): BlockOut {
  const firstRow = state.rowsSoFar.get(table.name) ?? 0
  state.rowsSoFar.set(table.name, firstRow + n)
  const columns = Object.create(null) as Record<string, ColumnData>
  const specs: ColumnSpec[] = []
  const modelRng = substream(rng)
  if (table.source) {
    const drawn = drawModelRows(table.source, n, modelRng, state.options.values)
    for (const c of table.modelColumns) {
      columns[c.name] = drawn.columns[c.name]!
      specs.push(c)
    }
  }
  const ctx: BlockContext = { n, firstRow, columns, specs, parent, parentIndex, references: state.references }
  for (const f of table.fields) {
    const fieldRng = substream(rng)
    let seen: Set<number | string> | null = null
    if (f.unique) {
      const key = `${table.name}\u0000${f.name}`
      seen = state.seen.get(key) ?? null
      if (seen === null) state.seen.set(key, (seen = new Set()))
    }
    columns[f.name] = f.independent ? fillIndependent(f, n, fieldRng, seen) : f.fill!(ctx, fieldRng)
    specs.push(f.spec)
  }
  const injections: InjectionEntry[] = []
  const edgeRng = substream(rng)
  const taken = new Map<string, Uint8Array>()
  for (const e of table.edges) {
    const ruleRng = substream(edgeRng)
    const mark = taken.get(e.field) ?? taken.set(e.field, new Uint8Array(n)).get(e.field)!
    const rows: number[] = []
    // One uniform per row for every rule, whatever was taken, so a rule's rows do not depend on the others'.
    for (let i = 0; i < n; i++) {
      const hit = ruleRng.next() < e.rate
      if (hit && !mark[i] && !(e.rule === 'duplicate' && i === 0)) {
        mark[i] = 1
        rows.push(i)
      }
    }
    if (rows.length === 0) continue
    e.apply(columns[e.field]!, rows, ruleRng)
    injections.push({ rule: e.rule, path: e.path, field: e.field, rows: rows.map((i) => firstRow + i) })
  }
  return { table, firstRow, rows: createTable(table.schema, columns), injections }
}

function* children(state: WalkState, parentPlan: TablePlan, parentBlock: Table, needed: ReadonlySet<string>): Generator<BlockOut> {
  for (const name of parentPlan.children) {
    if (!needed.has(name)) continue
    const child = state.plan.byName.get(name)!
    const blockRng = substream(state.rngs[child.index]!)
    const draw = countSampler(child.count!, substream(blockRng), `${child.path}.parent.count`)
    const m = parentBlock.nRows
    const counts = new Int32Array(m)
    for (let i = 0; i < m; i++) counts[i] = draw()
    // Children of consecutive parents in sub-blocks of at most STREAM_BLOCK_ROWS rows (a single parent may exceed it):
    // the layout depends on the counts only, so rows stay independent of the chunk size.
    let p = 0
    while (p < m) {
      let q = p
      let total = 0
      while (q < m && (q === p || total + counts[q]! <= STREAM_BLOCK_ROWS)) total += counts[q++]!
      const parentIndex = new Int32Array(total)
      let k = 0
      for (let i = p; i < q; i++) for (let c = 0; c < counts[i]!; c++) parentIndex[k++] = i
      const subRng = substream(blockRng)
      if (total > 0) {
        const block = generateBlock(state, child, total, subRng, parentBlock, parentIndex)
        yield block
        yield* children(state, child, block.rows, needed)
      }
      p = q
    }
  }
}

function ancestorsOf(plan: ScenarioPlan, name: string): Set<string> {
  const out = new Set<string>()
  for (let t: string | null = name; t !== null; t = plan.byName.get(t)!.parent) out.add(t)
  return out
}

/** Materialises the columns other tables reference, each from a walk of its own (the same rows as its output). */
function materialise(state: WalkState, needed: ReadonlySet<string>): void {
  for (const name of needed) {
    for (const [target, cols] of state.plan.byName.get(name)!.reads) {
      if (state.references.has(target)) continue
      const sub = newState(state.plan, state.base, state.options)
      const parts: Table[] = []
      for (const out of walk(sub, ancestorsOf(state.plan, target))) {
        if (out.table.name !== target) continue
        const columns = Object.create(null) as Record<string, ColumnData>
        for (const c of cols) columns[c] = out.rows.columns[c]!
        parts.push({ schema: { columns: out.rows.schema.columns.filter((s) => cols.has(s.name)) }, nRows: out.rows.nRows, columns })
      }
      state.references.set(
        target,
        parts.length === 0 ? { schema: { columns: [] }, nRows: 0, columns: {} } : parts.length === 1 ? parts[0]! : concat(parts),
      )
    }
  }
}

/**
 * The generation walk: for each root table in order, block b of STREAM_BLOCK_ROWS rows draws from the b-th split of
 * the table's generator; after each block, its children are generated for exactly those parents (per-parent counts,
 * then fields), recursively. Memory holds one block per level of the hierarchy, the seen values of unique fields and
 * the referenced columns of other tables — never all parents.
 */
function* walk(state: WalkState, needed: ReadonlySet<string>): Generator<BlockOut> {
  const closure = new Set<string>()
  for (const n of needed) for (const a of ancestorsOf(state.plan, n)) closure.add(a)
  materialise(state, closure)
  for (const root of state.plan.tables) {
    if (root.parent !== null || !closure.has(root.name)) continue
    const rng = state.rngs[root.index]!
    for (let first = 0; first < root.rows; first += STREAM_BLOCK_ROWS) {
      if (state.options.signal?.aborted)
        throw new SynthkitError('CANCELLED', `Generation was cancelled in table "${root.name}" after ${first} rows`)
      const n = Math.min(STREAM_BLOCK_ROWS, root.rows - first)
      const block = generateBlock(state, root, n, substream(rng), null, null)
      yield block
      yield* children(state, root, block.rows, closure)
    }
  }
}

function* guarded(gen: Generator<BlockOut>): Generator<BlockOut> {
  try {
    yield* gen
  } catch (e) {
    if (e instanceof UnsatisfiableDraw)
      throw new SynthkitError('CONSTRAINT_UNSATISFIABLE', `Cannot generate ${e.path}`, [{ path: e.path, message: e.reason }])
    throw e
  }
}

function* chunks(blocks: Iterable<BlockOut>, chunkRows: number): Generator<ScenarioChunk> {
  for (const b of blocks) {
    for (let start = 0; start < b.rows.nRows; start += chunkRows) {
      const end = Math.min(b.rows.nRows, start + chunkRows)
      const rows = start === 0 && end === b.rows.nRows ? b.rows : slice(b.rows, start, end)
      const lo = b.firstRow + start
      const hi = b.firstRow + end
      const injections =
        start === 0 && end === b.rows.nRows
          ? b.injections
          : b.injections.map((e) => ({ ...e, rows: e.rows.filter((r) => r >= lo && r < hi) })).filter((e) => e.rows.length > 0)
      yield { table: b.table.name, rows, injections }
    }
  }
}

/**
 * Generates a scenario: checks the spec against the options (models, scale) — every contradiction is a
 * SCHEMA_INVALID error listing paths — and returns lazily generated tables. The same spec and seed give the same
 * rows on every machine, for every chunk size, in the per-table iterables and in the interleaved stream.
 */
export function generateScenario(spec: ScenarioSpec, options: GenerateOptions): ScenarioOutput {
  // Models are required here: a model-drawn table without its model is an error, not a table without columns.
  const { plan, issues } = compileScenario(spec, { scale: options.scale, models: options.models ?? {}, rows: options.rows })
  if (plan === null) throw new SynthkitError('SCHEMA_INVALID', 'Invalid scenario', issues)
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1) {
    throw new SynthkitError('OPTIONS_INVALID', 'Invalid chunkRows', [
      { path: 'chunkRows', message: `expected an integer ≥ 1, got ${chunkRows}` },
    ])
  }
  const base = baseState(options)
  const all = new Set(plan.tables.map((t) => t.name))
  const blocks = (needed: ReadonlySet<string>): Iterable<BlockOut> => ({
    [Symbol.iterator]: () => {
      const state = newState(plan, base, options)
      return guarded(walk(state, needed))
    },
  })
  const tables: Record<string, Iterable<Table>> = Object.create(null)
  for (const t of plan.tables) {
    const only = new Set([t.name])
    tables[t.name] = {
      [Symbol.iterator]: function* () {
        for (const c of chunks(blocks(only), chunkRows)) if (c.table === t.name) yield c.rows
      },
    }
  }
  const stream = (): Iterable<ScenarioChunk> => ({ [Symbol.iterator]: () => chunks(blocks(all), chunkRows) })
  const expectedRows: Record<string, { rows: number; exact: boolean }> = Object.create(null)
  for (const t of plan.tables) expectedRows[t.name] = { rows: t.expectedRows, exact: t.parent === null }
  return {
    schema: plan.schema,
    tables,
    expectedRows,
    stream,
    collect: () => {
      const parts = new Map<string, Table[]>()
      const log = new Map<string, Map<string, InjectionEntry>>()
      for (const c of stream()) {
        ;(parts.get(c.table) ?? parts.set(c.table, []).get(c.table)!).push(c.rows)
        const entries = log.get(c.table) ?? log.set(c.table, new Map()).get(c.table)!
        for (const e of c.injections) {
          const prev = entries.get(e.path)
          entries.set(e.path, prev ? { ...prev, rows: [...prev.rows, ...e.rows] } : e)
        }
      }
      const outTables: Record<string, Table> = {}
      const injections: Record<string, InjectionEntry[]> = {}
      for (const t of Object.keys(plan.schema.tables)) {
        const list = parts.get(t) ?? []
        outTables[t] =
          list.length === 0
            ? createTable(plan.byName.get(t)!.schema, emptyColumns(plan.byName.get(t)!))
            : list.length === 1
              ? list[0]!
              : concat(list)
        injections[t] = [...(log.get(t)?.values() ?? [])]
      }
      return { tables: outTables, injections }
    },
  }
}

function emptyColumns(t: TablePlan): Record<string, ColumnData> {
  const out = Object.create(null) as Record<string, ColumnData>
  for (const c of t.schema.columns) {
    out[c.name] =
      c.kind === 'numerical' || c.kind === 'datetime'
        ? { type: 'numeric', values: new Float64Array(0) }
        : c.kind === 'categorical' || c.kind === 'boolean'
          ? { type: 'coded', codes: new Int32Array(0), dictionary: c.kind === 'boolean' ? ['false', 'true'] : (c.categories ?? []) }
          : { type: 'string', values: [] }
  }
  return out
}
