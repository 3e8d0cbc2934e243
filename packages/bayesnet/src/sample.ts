import {
  type BlockSource,
  type StreamShard,
  type ColumnData,
  type ColumnSpec,
  type Conditions,
  type Rng,
  type CancellationSignal,
  SynthkitError,
  type Table,
  type ValueGenerator,
  applyOutputRule,
  booleanLabels,
  columnRecord,
  parseDatetime,
  sampleRows,
  storageOf,
  streamRows,
} from '@synthkit/core'
import { type Factor, eliminate } from './internal/elimination'
import { cdfLeft, cdfRight, quantileAt } from './internal/within-bin'
import { type BayesNetModel, type NodeStates, parseBayesNetModel, stateCount } from './model'

interface CompiledNode {
  readonly index: number
  readonly spec: ColumnSpec
  readonly states: NodeStates
  readonly count: number
  readonly parents: readonly number[]
  /** Cumulative CPT, per configuration block. */
  readonly cumulative: Float64Array
  readonly cpt: readonly number[]
}

/** A model prepared for sampling: nodes with cumulative tables and a topological order. */
export interface CompiledNetwork {
  readonly model: BayesNetModel
  readonly nodes: readonly CompiledNode[]
  readonly order: readonly number[]
}

const compiled = new WeakMap<object, CompiledNetwork>()

/**
 * Prepares a model for sampling, checking it first as `decodeBayesNetModel` does (a model object may come from an
 * untrusted file): MODEL_INVALID with paths when an invariant fails. Cached per model object.
 */
export function compileNetwork(input: BayesNetModel): CompiledNetwork {
  const hit = compiled.get(input)
  if (hit) return hit
  const model = parseBayesNetModel(input)
  const net = buildNetwork(model)
  compiled.set(input, net)
  return net
}

function buildNetwork(model: BayesNetModel): CompiledNetwork {
  const specs = new Map(model.schema.columns.map((c) => [c.name, c]))
  const nodes = model.nodes.map((node, index) => {
    const count = stateCount(node.states)
    const cumulative = new Float64Array(node.cpt.length)
    for (let c = 0; c < node.cpt.length; c += count) {
      let acc = 0
      for (let s = 0; s < count; s++) cumulative[c + s] = acc += node.cpt[c + s]
    }
    return { index, spec: specs.get(node.column)!, states: node.states, count, parents: node.parents, cumulative, cpt: node.cpt }
  })
  // Kahn's algorithm; the decoder has already refused cycles
  const indegree = nodes.map((n) => n.parents.length)
  const children = nodes.map(() => [] as number[])
  nodes.forEach((n) => n.parents.forEach((p) => children[p].push(n.index)))
  const order: number[] = []
  const ready = nodes.filter((n) => n.parents.length === 0).map((n) => n.index)
  while (ready.length > 0) {
    const v = ready.shift()!
    order.push(v)
    for (const c of children[v]) if (--indegree[c] === 0) ready.push(c)
  }
  return { model, nodes, order }
}

/** Evidence on one node: a weight per state, and how to draw the value inside the condition. */
interface NodeEvidence {
  readonly weights: Float64Array
  readonly min?: number
  readonly max?: number
  readonly equal?: number
}

/** Conditions compiled against a network: evidence per node and the elimination result. */
export interface ConditionPlan {
  readonly evidence: ReadonlyMap<number, NodeEvidence>
  readonly local: ReadonlyMap<number, Factor>
  /** P(conditions) under the model. */
  readonly probability: number
}

function invalid(message: string, path: string): never {
  throw new SynthkitError('CONDITION_INVALID', message, [{ path: `conditions.${path}`, message }])
}

function toNumber(spec: ColumnSpec, v: number | string, path: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && spec.kind === 'datetime') {
    const x = parseDatetime(v, spec.format)
    if (Number.isFinite(x)) return x
  }
  return invalid(`expected a finite number${spec.kind === 'datetime' ? ' or a date' : ''}, got ${JSON.stringify(v)}`, path)
}

function nodeEvidence(node: CompiledNode, value: Conditions[string], name: string): NodeEvidence {
  const { states, spec } = node
  const w = new Float64Array(node.count)
  if (states.type === 'labels') {
    let label: string
    if (typeof value === 'boolean') label = value ? 'true' : 'false'
    else if (typeof value === 'string' || typeof value === 'number') {
      label = String(value)
      if (spec.kind === 'boolean') {
        const [f, t] = booleanLabels(spec)
        label = label === t ? 'true' : label === f ? 'false' : label
      }
    } else return invalid(`a ${spec.kind} column takes a value, not a range`, name)
    const s = states.labels.indexOf(label)
    if (s < 0) return invalid(`"${label}" is not a state of column "${name}"`, name)
    w[s] = 1
    return { weights: w }
  }
  if (typeof value === 'boolean') return invalid(`column "${name}" is ${spec.kind}: expected a number or a range`, name)
  if (typeof value === 'object') {
    const min = value.min === undefined ? -Infinity : toNumber(spec, value.min, `${name}.min`)
    const max = value.max === undefined ? Infinity : toNumber(spec, value.max, `${name}.max`)
    if (min > max) return invalid(`min ${min} is greater than max ${max}`, name)
    if (states.type === 'values') states.values.forEach((x, s) => (w[s] = x !== null && x >= min && x <= max ? 1 : 0))
    else {
      const bins = states.edges.length - 1
      for (let b = 0; b < bins; b++) {
        const k = states.knots ? states.knots[b] : [states.edges[b], states.edges[b + 1]]
        w[b] = k[0] === k[k.length - 1] ? (k[0] >= min && k[0] <= max ? 1 : 0) : Math.max(0, cdfRight(k, max) - cdfLeft(k, min))
      }
    }
    return { weights: w, min, max }
  }
  const x = toNumber(spec, value, name)
  if (states.type === 'values') {
    const s = states.values.indexOf(x)
    if (s < 0)
      return invalid(
        `${x} is not a value of column "${name}" (its values: ${states.values
          .filter((v) => v !== null)
          .slice(0, 10)
          .join(', ')}…)`,
        name,
      )
    w[s] = 1
    return { weights: w }
  }
  const e = states.edges
  if (!(x >= e[0] && x <= e[e.length - 1]))
    return invalid(`${x} lies outside the range [${e[0]}, ${e[e.length - 1]}] of column "${name}"`, name)
  let b = 0
  while (b + 1 < e.length - 1 && e[b + 1] <= x) b++
  // equality on a binned column conditions on its bin (the bin's probability, not the density at x)
  w[b] = 1
  return { weights: w, equal: x }
}

/**
 * Compiles conditions: evidence weights per conditioned node, then exact variable elimination over the conditioned
 * nodes and their ancestors (other nodes are barren: their tables sum to one). Throws CONDITION_INVALID when the
 * conditions name unknown or generated columns, or have probability zero under the model.
 */
export function planConditions(net: CompiledNetwork, conditions: Conditions): ConditionPlan {
  const byColumn = new Map(net.nodes.map((n) => [n.spec.name, n]))
  const evidence = new Map<number, NodeEvidence>()
  for (const [name, value] of Object.entries(conditions)) {
    const node = byColumn.get(name)
    if (!node) {
      const known = net.model.schema.columns.some((c) => c.name === name)
      invalid(
        known ? `column "${name}" is generated (id, pii or text), not learned: it cannot be conditioned on` : `unknown column "${name}"`,
        name,
      )
    }
    evidence.set(node.index, nodeEvidence(node, value, name))
  }
  if (evidence.size === 0) return { evidence, local: new Map(), probability: 1 }
  const relevant = new Set<number>()
  const stack = [...evidence.keys()]
  while (stack.length > 0) {
    const v = stack.pop()!
    if (relevant.has(v)) continue
    relevant.add(v)
    stack.push(...net.nodes[v].parents)
  }
  const order = net.order.filter((v) => relevant.has(v))
  const sizeOf = (v: number) => net.nodes[v].count
  const factors: Factor[] = []
  for (const v of order) {
    const node = net.nodes[v]
    factors.push({ vars: [...node.parents, v], sizes: [...node.parents.map(sizeOf), node.count], values: Float64Array.from(node.cpt) })
    const e = evidence.get(v)
    if (e) factors.push({ vars: [v], sizes: [node.count], values: e.weights })
  }
  const { local, evidence: probability } = eliminate(order, factors, sizeOf)
  if (!(probability > 0)) {
    throw new SynthkitError('CONDITION_INVALID', 'The conditions have probability zero under the model', [
      {
        path: 'conditions',
        message: `P(${Object.entries(conditions)
          .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
          .join(', ')}) = 0 under the fitted network`,
      },
    ])
  }
  return { evidence, local, probability }
}

function drawFromWeights(weights: Float64Array, count: number, u: number): number {
  let total = 0
  for (let s = 0; s < count; s++) total += weights[s]
  let x = u * total
  for (let s = 0; s < count - 1; s++) {
    x -= weights[s]
    if (x < 0 && weights[s] > 0) return s
  }
  // the last state with weight (rounding can leave x ≥ 0 after the loop)
  for (let s = count - 1; s >= 0; s--) if (weights[s] > 0) return s
  return count - 1
}

/** Ancestral sampling of every node's state for n rows, per node on typed arrays (exact under the conditions). */
export function drawStates(net: CompiledNetwork, plan: ConditionPlan | null, n: number, rng: Rng): Int32Array[] {
  const states: Int32Array[] = net.nodes.map(() => new Int32Array(n))
  for (const v of net.order) {
    const node = net.nodes[v]
    const out = states[v]
    const local = plan?.local.get(v)
    if (local) {
      const others = local.vars.map((q, j) => ({ q, j })).filter((o) => o.q !== v)
      const strides = new Array<number>(local.vars.length)
      let s = 1
      for (let j = local.vars.length - 1; j >= 0; j--) (strides[j] = s), (s *= local.sizes[j])
      const jv = local.vars.indexOf(v)
      const w = new Float64Array(node.count)
      for (let i = 0; i < n; i++) {
        let base = 0
        for (const o of others) base += states[o.q][i] * strides[o.j]
        for (let k = 0; k < node.count; k++) w[k] = local.values[base + k * strides[jv]]
        out[i] = drawFromWeights(w, node.count, rng.next())
      }
      continue
    }
    const { parents, count, cumulative } = node
    for (let i = 0; i < n; i++) {
      let config = 0
      for (let j = 0; j < parents.length; j++) config = config * net.nodes[parents[j]].count + states[parents[j]][i]
      const base = config * count
      const u = rng.next() * cumulative[base + count - 1]
      let k = 0
      while (k < count - 1 && cumulative[base + k] <= u) k++
      out[i] = k
    }
  }
  return states
}

function decodeColumn(node: CompiledNode, states: Int32Array, rng: Rng, e: NodeEvidence | undefined): ColumnData {
  const n = states.length
  const st = node.states
  if (st.type === 'labels') {
    const dictionary = node.spec.kind === 'boolean' ? [...booleanLabels(node.spec)] : st.labels.filter((l): l is string => l !== null)
    const code = st.labels.map((l) => (l === null ? -1 : node.spec.kind === 'boolean' ? (l === 'true' ? 1 : 0) : dictionary.indexOf(l)))
    return { type: 'coded', codes: Int32Array.from(states, (s) => code[s]), dictionary }
  }
  const values = new Float64Array(n)
  if (st.type === 'values') {
    for (let i = 0; i < n; i++) values[i] = st.values[states[i]] ?? Number.NaN
    return { type: 'numeric', values }
  }
  const bins = st.edges.length - 1
  for (let i = 0; i < n; i++) {
    const b = states[i]
    if (b >= bins) {
      values[i] = Number.NaN
      continue
    }
    const k = st.knots ? st.knots[b] : [st.edges[b], st.edges[b + 1]]
    let u = rng.next()
    if (e?.equal !== undefined) {
      values[i] = e.equal
      continue
    }
    if (e && (e.min !== undefined || e.max !== undefined)) {
      const lo = cdfLeft(k, e.min ?? -Infinity)
      const hi = cdfRight(k, e.max ?? Infinity)
      u = lo + u * (hi - lo)
      values[i] = Math.min(e.max ?? Infinity, Math.max(e.min ?? -Infinity, quantileAt(k, u)))
    } else values[i] = quantileAt(k, u)
  }
  return { type: 'numeric', values }
}

function placeholderColumn(spec: ColumnSpec, n: number): ColumnData {
  const storage = storageOf(spec.kind)
  if (storage === 'numeric') return { type: 'numeric', values: new Float64Array(n).fill(Number.NaN) }
  if (storage === 'coded')
    return { type: 'coded', codes: new Int32Array(n).fill(-1), dictionary: spec.kind === 'boolean' ? [...booleanLabels(spec)] : [] }
  return { type: 'string', values: new Array<string | null>(n).fill(null) }
}

/** n rows in the model's schema (generated columns left for the stream driver to fill). */
export function drawTable(net: CompiledNetwork, plan: ConditionPlan | null, n: number, rng: Rng): Table {
  const states = drawStates(net, plan, n, rng)
  const columns = columnRecord()
  const byColumn = new Map(net.nodes.map((node) => [node.spec.name, node]))
  for (const spec of net.model.schema.columns) {
    const node = byColumn.get(spec.name)
    if (!node) {
      columns[spec.name] = placeholderColumn(spec, n)
      continue
    }
    const col = decodeColumn(node, states[node.index], rng, plan?.evidence.get(node.index))
    const rule = net.model.outputRules[spec.name]
    if (rule && col.type === 'numeric') applyOutputRule(col.values, rule, spec.kind === 'datetime')
    columns[spec.name] = col
  }
  return { schema: net.model.schema, nRows: n, columns }
}

/** What sampling takes besides the model, the row count and the seeded stream. */
export interface SampleBayesNetOptions {
  /** Exact conditions on learned columns (see the README for what is exact). */
  readonly conditions?: Conditions
  /** Rows per yielded chunk (streaming only). */
  readonly chunkRows?: number
  /** Fills pii and free-text columns (default: labelled placeholders). */
  readonly values?: ValueGenerator
  readonly signal?: CancellationSignal
  /** Parallel sampling, worker side: draw only these blocks (see @synthkit/core's `streamShard`). */
  readonly shard?: StreamShard
  /** Parallel sampling, coordinator side: blocks drawn by workers (the rows stay the serial ones). */
  readonly blocks?: BlockSource
}

function streamOptions(model: BayesNetModel, rows: number, rng: Rng, options: SampleBayesNetOptions) {
  return {
    rows,
    rng,
    chunkRows: options.chunkRows,
    constraints: model.schema.constraints ?? [],
    // Constraint repair (functional dependencies, conditional zeros) must not move a column the conditions fix.
    fixedColumns: Object.keys(options.conditions ?? {}),
    generated: model.generated,
    values: options.values,
    signal: options.signal,
    shard: options.shard,
    blocks: options.blocks,
  }
}

/**
 * Samples a stream of chunks through core's shared driver (4096-row blocks from split substreams, constraints by
 * bounded rejection, generated columns filled): the rows depend on the model and `rng` only, not on `chunkRows`.
 */
export function* sampleBayesNetStream(
  model: BayesNetModel,
  rows: number,
  rng: Rng,
  options: SampleBayesNetOptions = {},
): Generator<Table, void, undefined> {
  const net = compileNetwork(model)
  const plan = options.conditions && Object.keys(options.conditions).length > 0 ? planConditions(net, options.conditions) : null
  yield* streamRows((k, r) => drawTable(net, plan, k, r), streamOptions(model, rows, rng, options))
}

/** Samples `rows` rows in one table (the same rows as {@link sampleBayesNetStream} for any chunk size). */
export function sampleBayesNet(model: BayesNetModel, rows: number, rng: Rng, options: SampleBayesNetOptions = {}): Table {
  const net = compileNetwork(model)
  const plan = options.conditions && Object.keys(options.conditions).length > 0 ? planConditions(net, options.conditions) : null
  return sampleRows((k, r) => drawTable(net, plan, k, r), streamOptions(model, rows, rng, options))
}
