import { either as E, function as F } from 'fp-ts'
import * as t from 'io-ts'
import {
  FiniteNumber,
  type Issue,
  NonEmptyString,
  NonNegativeInt,
  OutputRule,
  type SynthkitError,
  TableSchemaCodec,
  ioTsIssues,
  orThrow,
  outputRuleIssues,
  strictObject,
  synthkitError,
  tableSchemaIssues,
} from '@synthkit/core'

/** The model format this package writes and reads. */
export const BAYESNET_MODEL_VERSION = 1 as const

/** States of a categorical or boolean column: one label per state, `null` being the missing state. */
const LabelStates = strictObject({ type: t.literal('labels'), labels: t.array(t.union([t.string, t.null])) }, {}, 'LabelStates')
/** States of a numerical column with few values: one value per state, `null` being the missing state. */
const ValueStates = strictObject({ type: t.literal('values'), values: t.array(t.union([FiniteNumber, t.null])) }, {}, 'ValueStates')
/**
 * States of a binned numerical/datetime column: bin b is [edges[b], edges[b+1]) (the last closed); a final missing
 * state when `missing`. Within a bin a value is drawn from `knots[b]` (a piecewise-linear quantile function through
 * equally spaced within-bin quantiles) or, when `knots` is null, uniformly.
 */
const BinStates = strictObject(
  { type: t.literal('bins'), edges: t.array(FiniteNumber), missing: t.boolean, knots: t.union([t.array(t.array(FiniteNumber)), t.null]) },
  {},
  'BinStates',
)
export const NodeStates = t.union([LabelStates, ValueStates, BinStates], 'NodeStates')
export type NodeStates = t.TypeOf<typeof NodeStates>

/**
 * One node: a column, its states, its parents (indices into `nodes`) and its conditional probability table, flat:
 * entry `config·states + s` is P(state s | parent configuration `config`), configurations numbered in mixed radix
 * over `parents` in the order listed (the first parent most significant).
 */
export const BayesNetNode = strictObject(
  { column: NonEmptyString, states: NodeStates, parents: t.array(NonNegativeInt), cpt: t.array(FiniteNumber) },
  {},
  'BayesNetNode',
)
export type BayesNetNode = t.TypeOf<typeof BayesNetNode>

const Generated = strictObject(
  { name: NonEmptyString, kind: t.keyof({ id: null, pii: null, text: null }, 'GeneratedKind'), missingRate: FiniteNumber },
  {},
  'GeneratedColumn',
)

const LedgerLine = strictObject({ what: t.string, mechanism: t.string, epsilon: FiniteNumber, delta: FiniteNumber }, {}, 'LedgerLine')

const NoPrivacy = strictObject({ kind: t.literal('none'), statement: t.string }, {}, 'NoPrivacy')
const DifferentialPrivacy = strictObject(
  {
    kind: t.literal('differential-privacy'),
    epsilon: FiniteNumber,
    delta: FiniteNumber,
    neighbouring: t.keyof({ 'add-remove-one-row': null, 'replace-one-row': null }, 'Neighbouring'),
    accounting: t.string,
    split: t.record(t.string, FiniteNumber),
    fitForRelease: t.boolean,
    publicInputs: t.array(t.string),
    ledger: t.array(LedgerLine),
  },
  {},
  'DifferentialPrivacy',
)
export const ModelPrivacy = t.union([NoPrivacy, DifferentialPrivacy], 'ModelPrivacy')
export type ModelPrivacy = t.TypeOf<typeof ModelPrivacy>

/** A fitted Bayesian network (both methods): plain JSON, versioned. */
export const BayesNetModelCodec = strictObject(
  {
    format: t.literal('synthkit.bayesnet'),
    version: t.literal(BAYESNET_MODEL_VERSION),
    method: t.keyof({ bayesnet: null, privbayes: null }, 'Method'),
    table: t.string,
    schema: TableSchemaCodec,
    /** Rows sampled by default: the training rows (bayesnet), a noisy count or the user's choice (privbayes). */
    rows: NonNegativeInt,
    nodes: t.array(BayesNetNode),
    outputRules: t.record(t.string, OutputRule),
    generated: t.array(Generated),
    parameters: t.record(t.string, t.union([t.string, t.number, t.boolean, t.null])),
    privacy: ModelPrivacy,
  },
  {},
  'BayesNetModel',
)
export type BayesNetModel = t.TypeOf<typeof BayesNetModelCodec>

/** Number of states of a node. */
export function stateCount(s: NodeStates): number {
  if (s.type === 'labels') return s.labels.length
  if (s.type === 'values') return s.values.length
  return s.edges.length - 1 + (s.missing ? 1 : 0)
}

const SUM_TOLERANCE = 1e-9

function statesIssues(s: NodeStates, p: string): Issue[] {
  const issues: Issue[] = []
  if (stateCount(s) < 1) issues.push({ path: p, message: 'a node needs at least one state' })
  if (s.type === 'bins') {
    if (s.edges.length < 2) issues.push({ path: `${p}.edges`, message: `at least 2 edges, got ${s.edges.length}` })
    for (let i = 1; i < s.edges.length; i++) {
      // a single degenerate bin [x, x] is allowed (a constant column); otherwise edges strictly increase
      if (!(s.edges[i] > s.edges[i - 1]) && !(s.edges.length === 2 && s.edges[1] === s.edges[0])) {
        issues.push({ path: `${p}.edges.${i}`, message: `bin edges must increase: ${s.edges[i]} after ${s.edges[i - 1]}` })
        break
      }
    }
    if (s.knots !== null) {
      if (s.knots.length !== s.edges.length - 1)
        issues.push({ path: `${p}.knots`, message: `one knot list per bin: ${s.knots.length} lists for ${s.edges.length - 1} bins` })
      s.knots.forEach((k, b) => {
        const lo = s.edges[b]
        const hi = s.edges[b + 1]
        if (k.length < 2) issues.push({ path: `${p}.knots.${b}`, message: 'at least 2 knots' })
        for (let i = 0; i < k.length; i++) {
          if ((i > 0 && k[i] < k[i - 1]) || (lo !== undefined && hi !== undefined && (k[i] < lo || k[i] > hi))) {
            issues.push({
              path: `${p}.knots.${b}.${i}`,
              message: `knots must be non-decreasing within the bin [${lo}, ${hi}], got ${k[i]}`,
            })
            break
          }
        }
      })
    }
  }
  const keys = s.type === 'labels' ? s.labels : s.type === 'values' ? s.values : []
  const seen = new Set<unknown>()
  keys.forEach((v, i) => {
    if (seen.has(v)) issues.push({ path: `${p}.${s.type}.${i}`, message: `duplicate state ${JSON.stringify(v)}` })
    seen.add(v)
  })
  return issues
}

/** Every invariant sampling relies on, beyond the codec: states, parent indices, CPT sizes and sums, acyclicity. */
export function bayesNetModelIssues(m: BayesNetModel): Issue[] {
  const issues: Issue[] = tableSchemaIssues(m.schema, 'schema.')
  const columns = new Map(m.schema.columns.map((c) => [c.name, c]))
  const counts = m.nodes.map((n) => stateCount(n.states))
  const seenColumns = new Map<string, number>()
  m.nodes.forEach((node, i) => {
    const p = `nodes.${i}`
    const spec = columns.get(node.column)
    if (!spec) issues.push({ path: `${p}.column`, message: `unknown column "${node.column}"` })
    else {
      const numeric = spec.kind === 'numerical' || spec.kind === 'datetime'
      const coded = spec.kind === 'categorical' || spec.kind === 'boolean'
      if ((numeric && node.states.type === 'labels') || (coded && node.states.type !== 'labels') || (!numeric && !coded)) {
        issues.push({ path: `${p}.states.type`, message: `"${node.states.type}" states do not fit a ${spec.kind} column` })
      }
      if (
        spec.kind === 'boolean' &&
        node.states.type === 'labels' &&
        node.states.labels.some((l) => l !== null && l !== 'false' && l !== 'true')
      ) {
        issues.push({ path: `${p}.states.labels`, message: 'boolean states are "false", "true" or null' })
      }
    }
    if (seenColumns.has(node.column))
      issues.push({ path: `${p}.column`, message: `column "${node.column}" already has node ${seenColumns.get(node.column)}` })
    seenColumns.set(node.column, i)
    issues.push(...statesIssues(node.states, `${p}.states`))
    let configs = 1
    let parentsOk = true
    node.parents.forEach((q, j) => {
      if (q >= m.nodes.length) {
        issues.push({ path: `${p}.parents.${j}`, message: `parent index ${q} out of range (${m.nodes.length} nodes)` })
        parentsOk = false
      } else if (q === i) {
        issues.push({ path: `${p}.parents.${j}`, message: 'a node cannot be its own parent' })
        parentsOk = false
      } else configs *= counts[q]
      if (node.parents.indexOf(q) !== j) issues.push({ path: `${p}.parents.${j}`, message: `parent ${q} listed twice` })
    })
    if (!parentsOk) return
    const s = counts[i]
    if (configs * s > 2 ** 26) {
      issues.push({ path: `${p}.cpt`, message: `${configs * s} entries (at most 2^26)` })
      return
    }
    if (node.cpt.length !== configs * s) {
      issues.push({ path: `${p}.cpt`, message: `expected ${configs} × ${s} = ${configs * s} probabilities, got ${node.cpt.length}` })
      return
    }
    for (let c = 0; c < configs; c++) {
      let sum = 0
      for (let k = 0; k < s; k++) {
        const v = node.cpt[c * s + k]
        if (!(v >= 0 && v <= 1)) {
          issues.push({ path: `${p}.cpt.${c * s + k}`, message: `a probability must lie in [0, 1], got ${v}` })
          return
        }
        sum += v
      }
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        issues.push({ path: `${p}.cpt`, message: `the distribution for parent configuration ${c} sums to ${sum}, not 1` })
        return
      }
    }
  })
  if (issues.length === 0) {
    const cycle = findCycle(m.nodes.map((n) => n.parents))
    if (cycle)
      issues.push({ path: 'nodes', message: `the graph has a cycle: ${cycle.map((i) => `${i} (${m.nodes[i].column})`).join(' → ')}` })
  }
  const learned = new Set(m.nodes.map((n) => n.column))
  const generated = new Set(m.generated.map((g) => g.name))
  m.schema.columns.forEach((c, i) => {
    if (!learned.has(c.name) && !generated.has(c.name))
      issues.push({ path: `schema.columns.${i}`, message: `column "${c.name}" has neither a node nor a generator` })
  })
  m.generated.forEach((g, i) => {
    if (!columns.has(g.name)) issues.push({ path: `generated.${i}.name`, message: `unknown column "${g.name}"` })
    if (learned.has(g.name)) issues.push({ path: `generated.${i}.name`, message: `column "${g.name}" also has a node` })
    if (!(g.missingRate >= 0 && g.missingRate <= 1))
      issues.push({ path: `generated.${i}.missingRate`, message: `expected a rate in [0, 1], got ${g.missingRate}` })
  })
  for (const [name, rule] of Object.entries(m.outputRules)) {
    if (!columns.has(name)) issues.push({ path: `outputRules.${name}`, message: `unknown column "${name}"` })
    issues.push(...outputRuleIssues(rule, `outputRules.${name}`))
  }
  return issues
}

/** A cycle of the parent graph as node indices, or null when it is acyclic (depth-first search). */
export function findCycle(parents: readonly (readonly number[])[]): number[] | null {
  const state = new Uint8Array(parents.length) // 0 new, 1 on the stack, 2 done
  const stack: number[] = []
  const visit = (v: number): number[] | null => {
    state[v] = 1
    stack.push(v)
    for (const p of parents[v]) {
      if (state[p] === 1) return [...stack.slice(stack.indexOf(p)), p]
      if (state[p] === 0) {
        const c = visit(p)
        if (c) return c
      }
    }
    stack.pop()
    state[v] = 2
    return null
  }
  for (let v = 0; v < parents.length; v++) {
    if (state[v] === 0) {
      const c = visit(v)
      if (c) return c
    }
  }
  return null
}

/** Decodes an untrusted model (parsed JSON), checking every invariant sampling relies on; problems with paths. */
export function decodeBayesNetModel(input: unknown): E.Either<SynthkitError, BayesNetModel> {
  return F.pipe(
    BayesNetModelCodec.decode(input),
    E.mapLeft(ioTsIssues),
    E.chain((m) => {
      const issues = bayesNetModelIssues(m)
      return issues.length === 0 ? E.right(m) : E.left(issues)
    }),
    E.mapLeft((issues) => synthkitError('MODEL_INVALID', 'Invalid Bayesian network model', issues)),
  )
}

/** Throwing form of {@link decodeBayesNetModel}. */
export function parseBayesNetModel(input: unknown): BayesNetModel {
  return orThrow(decodeBayesNetModel(input))
}
