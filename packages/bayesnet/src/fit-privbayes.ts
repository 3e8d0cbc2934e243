import {
  type ColumnSpec,
  type OutputRule,
  type RandomSource,
  type Rng,
  SynthkitError,
  type Table,
  MAX_OUTPUT_PRECISION,
  type CooperativeOptions,
  type WorkSteps,
  booleanLabels,
  createRng,
  orThrow,
  runWorkSteps,
  runWorkStepsAsync,
} from '@synthkit/core'
import { createPrivacyBudget } from '@synthkit/dp'
import { greedyStructureSteps } from './greedy-structure'
import { checkColumnCount } from './column-limit'
import { cptFromCounts, marginalize, normSub } from './internal/cpt'
import { generatedKind } from './internal/columns'
import { BAYESNET_MODEL_VERSION, type BayesNetModel, type BayesNetNode, type NodeStates, stateCount } from './model'
import { type PrivBayesOptions, decodePrivBayesOptions } from './options'
import { type Family, type PrivateEncoding, type PrivateTable, createPrivateTable } from './private-table'
import { thetaUsefulCells, thetaUsefulDegree } from './privbayes-calibration'

/** The privacy request of a PrivBayes fit (core's `PrivacyRequest`). */
export interface PrivBayesPrivacy {
  readonly epsilon: number
  readonly delta?: number
  /** DP noise; only a `secure` source gives a model fit for release. */
  readonly noise: RandomSource
}

/** What a PrivBayes fit takes besides data and options. */
export interface PrivBayesFitContext {
  /** Data-independent randomness (the root column's uniform choice). */
  readonly rng?: Rng
  readonly table?: string
}

/** The bin rule of PrivBayes fits: min(16, max(4, round((n·ε)^(1/3) / 2))) equal-width bins over public bounds. */
export function privateBins(n: number, epsilon: number): number {
  return Math.min(16, Math.max(4, Math.round(Math.cbrt(n * epsilon) / 2)))
}

/**
 * Data-independent edges for DP bounds: signed powers of two, −2^50 … −2^−20, 2^−20 … 2^50, so each bin is one
 * octave of magnitude (the middle bin holds the values near zero; values beyond ±2^50 fall in the outer bins).
 */
export function octaveEdges(): number[] {
  const pos: number[] = []
  for (let j = -20; j <= 50; j++) pos.push(2 ** j)
  return [...pos.map((x) => -x).reverse(), ...pos]
}

/**
 * Bounds from a noisy octave histogram (post-processing of one ε-DP release): the outer edges of the lowest and
 * highest octaves whose noisy count exceeds τ = b·ln(bins/0.01), b = 2/ε the noise scale, so that an empty octave
 * passes with probability ≤ 1 % over all octaves together; without any, the octave of the largest noisy count.
 */
export function boundsFromOctaves(noisy: Float64Array, edges: readonly number[], epsilon: number): { min: number; max: number } {
  const bins = edges.length - 1
  const tau = (2 / epsilon) * Math.log(bins / 0.01)
  let lo = -1
  let hi = -1
  for (let b = 0; b < bins; b++) {
    if (noisy[b] > tau) {
      if (lo < 0) lo = b
      hi = b
    }
  }
  if (lo < 0) {
    let best = 0
    for (let b = 1; b < bins; b++) if (noisy[b] > noisy[best]) best = b
    lo = hi = best
  }
  return { min: edges[lo], max: edges[hi + 1] }
}

function requirePrivacy(privacy: PrivBayesPrivacy | undefined): { epsilon: number } {
  if (!privacy || typeof privacy !== 'object') {
    throw new SynthkitError('PARAMETER_INVALID', 'A PrivBayes fit needs a privacy budget', [
      { path: 'privacy', message: 'expected { epsilon, delta, noise }' },
    ])
  }
  const { epsilon, delta } = privacy
  const issues = []
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || !(epsilon > 0))
    issues.push({ path: 'privacy.epsilon', message: `expected a finite ε > 0, got ${String(epsilon)}` })
  if (delta !== undefined && !(typeof delta === 'number' && delta >= 0 && delta < 1))
    issues.push({ path: 'privacy.delta', message: `expected δ in [0, 1), got ${String(delta)}` })
  if (!privacy.noise || typeof privacy.noise.nextUint32 !== 'function')
    issues.push({ path: 'privacy.noise', message: 'expected a RandomSource { nextUint32(), kind }' })
  if (issues.length > 0) throw new SynthkitError('PARAMETER_INVALID', 'Invalid privacy request', issues)
  return { epsilon }
}

interface Planned {
  readonly spec: ColumnSpec
  encoding?: PrivateEncoding
  bounds?: { min: number; max: number }
  readonly needsBounds: boolean
}

/**
 * Fits PrivBayes (Zhang et al., TODS 2017) with ε-differential privacy under replace-one-row neighbours. The table
 * is read only through a {@link PrivateTable}, every release charged to one PrivacyBudget of ε (basic composition):
 * DP bounds for numerical/datetime columns without declared min/max (`boundsShare`), the greedy structure by the
 * exponential mechanism on mutual information (`structureShare` β of the rest, evenly over d − 1 steps), and the
 * noisy joint tables of the families (discrete Laplace, the rest evenly). Category sets come from the schema only.
 */
export function fitPrivBayes(
  table: Table,
  options: PrivBayesOptions,
  privacy: PrivBayesPrivacy,
  context: PrivBayesFitContext = {},
): BayesNetModel {
  return runWorkSteps(fitPrivBayesSteps(table, options, privacy, context))
}

/**
 * Fits like {@link fitPrivBayes}, handing the event loop back between structure steps and noisy tables so a caller
 * can cancel (`signal`, then a `CANCELLED` error; the partly spent budget is never released as a model) and show
 * progress.
 */
export function fitPrivBayesAsync(
  table: Table,
  options: PrivBayesOptions,
  privacy: PrivBayesPrivacy,
  context: PrivBayesFitContext = {},
  cooperation: CooperativeOptions = {},
): Promise<BayesNetModel> {
  return runWorkStepsAsync(fitPrivBayesSteps(table, options, privacy, context), { what: 'The PrivBayes fit', ...cooperation })
}

function* fitPrivBayesSteps(
  table: Table,
  options: PrivBayesOptions,
  privacy: PrivBayesPrivacy,
  context: PrivBayesFitContext,
): WorkSteps<BayesNetModel> {
  const opts = orThrow(decodePrivBayesOptions(options))
  const { epsilon } = requirePrivacy(privacy)
  if (table.nRows === 0)
    throw new SynthkitError('EMPTY_TABLE', 'Cannot fit PrivBayes on a table without rows', [{ path: 'table', message: 'no rows' }])
  const budget = createPrivacyBudget({ epsilon })
  const view = createPrivateTable(table, { budget, noise: privacy.noise, unsafeNoiseDivisor: opts.unsafeTestOnlyNoiseDivisor })
  return yield* buildPrivBayes(view, table.schema, opts, epsilon, budget, privacy.noise, context)
}

function* buildPrivBayes(
  view: PrivateTable,
  schema: Table['schema'],
  opts: PrivBayesOptions,
  epsilon: number,
  budget: ReturnType<typeof createPrivacyBudget>,
  noise: RandomSource,
  context: PrivBayesFitContext,
): WorkSteps<BayesNetModel> {
  const n = view.rows
  const rng = context.rng ?? createRng(0)
  const generated: BayesNetModel['generated'] = []
  const planned: Planned[] = []
  checkColumnCount(schema.columns.filter((c) => !generatedKind(c)).length)
  const issues: { path: string; message: string; column?: string }[] = []
  const nullable = opts.nullable ? new Set(opts.nullable) : null
  const missing = (name: string): null[] => (nullable === null || nullable.has(name) ? [null] : [])
  ;(opts.nullable ?? []).forEach((name, i) => {
    if (!schema.columns.some((c) => c.name === name)) issues.push({ path: `options.nullable.${i}`, message: `unknown column "${name}"` })
  })
  schema.columns.forEach((spec, i) => {
    const kind = generatedKind(spec)
    // generated columns learn nothing, not even their missing rate (that would be an uncharged read)
    if (kind) return void generated.push({ name: spec.name, kind, missingRate: 0 })
    if (spec.kind === 'categorical') {
      if (!spec.categories)
        issues.push({
          path: `columns.${i}.categories`,
          column: spec.name,
          message: `PrivBayes takes category sets from the schema only (public): declare the categories of "${spec.name}"`,
        })
      else planned.push({ spec, encoding: { type: 'labels', labels: [...spec.categories, ...missing(spec.name)] }, needsBounds: false })
    } else if (spec.kind === 'boolean') {
      // the view codes booleans by the table's labels (false first); the model's states are "false"/"true"
      planned.push({ spec, encoding: { type: 'labels', labels: [...booleanLabels(spec), ...missing(spec.name)] }, needsBounds: false })
    } else if (spec.kind === 'numerical' || spec.kind === 'datetime') {
      const declared = spec.min !== undefined && spec.max !== undefined
      planned.push({ spec, bounds: declared ? { min: spec.min!, max: spec.max! } : undefined, needsBounds: !declared })
    }
  })
  if (issues.length > 0) throw new SynthkitError('SCHEMA_INVALID', 'PrivBayes needs the category sets in the schema', issues)
  const d = planned.length
  if (opts.degree !== undefined && d >= 1 && opts.degree > Math.max(1, d - 1)) {
    throw new SynthkitError(
      'OPTIONS_INVALID',
      `Invalid privbayes options: k = ${opts.degree} is larger than the ${d} learned columns allow`,
      [{ path: 'degree', message: `at most ${Math.max(1, d - 1)} for ${d} learned columns` }],
    )
  }
  const boundColumns = planned.filter((p) => p.needsBounds)
  const epsBounds = boundColumns.length > 0 ? (opts.boundsShare ?? 0.1) * epsilon : 0
  const rest = epsilon - epsBounds
  const beta = opts.structureShare ?? 0.3
  const epsStructure = d >= 2 ? beta * rest : 0
  const epsConditionals = rest - epsStructure
  const charges = 2 * boundColumns.length + Math.max(0, d - 1) + 1
  // Refuse a split whose smallest charge buys nothing but noise (ε < 10^−6 per release) rather than fit garbage.
  const smallest = Math.min(
    epsBounds > 0 ? epsBounds / (2 * boundColumns.length) : Infinity,
    d >= 2 ? epsStructure / (d - 1) : Infinity,
    epsConditionals / Math.max(1, d),
  )
  if (!(smallest >= 1e-6)) {
    throw new SynthkitError('PRIVACY_BUDGET_EXCEEDED', `ε = ${epsilon} is too small for the requested split over ${charges} charges`, [
      {
        path: 'privacy.epsilon',
        message: `the smallest charge would be ε = ${smallest} (at least 1e-6): raise ε or learn fewer columns`,
      },
    ])
  }
  // the last charge takes what is left, so the ledger sums to ε exactly (up to one rounding-down of the budget)
  const spend = (amount: number, last = false): number => {
    const left = budget.remaining()
    const l = 'epsilon' in left ? left.epsilon : 0
    return last ? l : Math.min(amount, l)
  }
  const octaves = octaveEdges()
  for (const p of boundColumns) {
    const e = spend(epsBounds / boundColumns.length)
    const v = view.defineVariable(p.spec.name, { type: 'bins', edges: octaves, missing: true })
    const noisy = view.noisyCounts([v], e, `bounds of ${p.spec.name} (noisy octave histogram)`)
    p.bounds = boundsFromOctaves(noisy, octaves, e)
  }
  const bins = opts.bins ?? privateBins(n, epsilon)
  const outputRules: Record<string, OutputRule> = {}
  const nodeStates: NodeStates[] = []
  for (const p of planned) {
    if (p.spec.kind === 'numerical' || p.spec.kind === 'datetime') {
      const integer = p.spec.kind === 'numerical' && p.spec.type === 'int'
      let { min, max } = p.bounds!
      if (integer) (min = Math.floor(min)), (max = Math.ceil(max))
      if (integer && max - min + 1 <= bins) {
        const values: (number | null)[] = Array.from({ length: max - min + 1 }, (_, j) => min + j)
        values.push(...missing(p.spec.name))
        p.encoding = { type: 'values', values }
        nodeStates.push({ type: 'values', values })
      } else {
        const edges = Array.from({ length: bins + 1 }, (_, j) => (j === bins ? max : min + ((max - min) * j) / bins))
        p.encoding = { type: 'bins', edges, missing: missing(p.spec.name).length > 0 }
        nodeStates.push({ type: 'bins', edges, missing: missing(p.spec.name).length > 0, knots: null })
      }
      const declared = p.spec.kind === 'numerical' ? (integer ? 0 : (p.spec.precision ?? null)) : null
      const precision = declared !== null && declared <= MAX_OUTPUT_PRECISION ? declared : null
      outputRules[p.spec.name] = { integer, precision, min, max }
    } else if (p.spec.kind === 'boolean') nodeStates.push({ type: 'labels', labels: ['false', 'true', ...missing(p.spec.name)] })
    else nodeStates.push({ type: 'labels', labels: [...(p.encoding as { readonly labels: readonly (string | null)[] }).labels] })
  }
  const vars = planned.map((p) => view.defineVariable(p.spec.name, p.encoding!))
  const states = nodeStates.map(stateCount)
  const theta = opts.theta ?? 4
  // the θ rule, capped at 3 by default: beyond, the candidate parent sets of wide tables explode (give k to go higher)
  const degree = d <= 1 ? 0 : (opts.degree ?? Math.min(3, thetaUsefulDegree(n, d, epsConditionals, theta)))
  const plannedTables = Math.max(1, d - degree)
  const maxCells = thetaUsefulCells(n, plannedTables, epsConditionals, theta)
  // the root is chosen uniformly at random: data-independent, so it costs nothing
  const root = d === 0 ? 0 : Math.floor(rng.next() * d)
  const families: Family[] =
    d === 0
      ? []
      : yield* greedyStructureSteps({
          workPerCandidate: n,
          states,
          degree,
          root,
          maxCells,
          choose: (candidates, step) =>
            view.selectFamily(
              candidates.map((f) => ({ child: vars[f.child], parents: f.parents.map((q) => vars[q]) })),
              spend(epsStructure / (d - 1)),
              `structure step ${step}`,
            ),
        })
  // materialise a noisy table per family not contained in a later materialised one (PrivBayes: d − k tables)
  const sets = families.map((f) => new Set([...f.parents, f.child]))
  const source = new Array<number>(families.length).fill(-1)
  const materialised: number[] = []
  for (let i = families.length - 1; i >= 0; i--) {
    const host = materialised.find((j) => [...sets[i]].every((v) => sets[j].has(v)))
    if (host !== undefined) source[i] = host
    else {
      source[i] = i
      materialised.push(i)
    }
  }
  const tables = new Map<number, Float64Array>()
  let noisyTotal = 0
  for (let t = 0; t < materialised.length; t++) {
    const j = materialised[t]
    const f = families[j]
    const order = [...f.parents, f.child]
    const noisy = view.noisyCounts(
      order.map((q) => vars[q]),
      spend(epsConditionals / materialised.length, t === materialised.length - 1),
      `noisy joint counts of ${order.map((q) => planned[q].spec.name).join(', ')}`,
    )
    if (t === 0) noisyTotal = noisy.reduce((a, b) => a + b, 0)
    tables.set(j, normSub(noisy))
    yield { phase: 'noisy tables', done: t + 1, total: materialised.length, work: n }
  }
  const nodes: BayesNetNode[] = new Array(d)
  families.forEach((f, i) => {
    const host = families[source[i]]
    const hostOrder = [...host.parents, host.child]
    const order = [...f.parents, f.child]
    const joint = source[i] === i ? tables.get(i)! : marginalize(tables.get(source[i])!, hostOrder, states, order)
    nodes[f.child] = {
      column: planned[f.child].spec.name,
      states: nodeStates[f.child],
      parents: [...f.parents],
      cpt: cptFromCounts(joint, states[f.child]),
    }
  })
  const spent = budget.spent()
  const divisor = opts.unsafeTestOnlyNoiseDivisor ?? 1
  const split: Record<string, number> = { structure: epsStructure, conditionals: epsConditionals }
  if (epsBounds > 0) split.bounds = epsBounds
  const publicInputs = [
    `the number of training rows (${n}): the same for replace-one-row neighbours; ` +
      "it calibrates the structure score's sensitivity and is not stored",
    'the schema: column names and kinds, declared category sets, declared bounds and precision',
    ...planned
      .filter((p) => !p.needsBounds && p.bounds)
      .map((p) => `bounds of ${p.spec.name} [${p.bounds!.min}, ${p.bounds!.max}] (declared in the schema)`),
    ...(opts.nullable ? [`which columns may hold missing values: ${opts.nullable.join(', ') || 'none'} (declared)`] : []),
    'the root column (chosen uniformly at random, independently of the data)',
    ...(opts.rows !== undefined ? [`the default sample size ${opts.rows} (chosen by the user)`] : []),
  ]
  return {
    format: 'synthkit.bayesnet',
    version: BAYESNET_MODEL_VERSION,
    method: 'privbayes',
    table: context.table ?? schema.name ?? 'table',
    schema,
    rows: opts.rows ?? Math.max(1, Math.round(noisyTotal)),
    nodes,
    outputRules,
    generated,
    parameters: {
      degree,
      theta,
      structureShare: beta,
      bins,
      tables: materialised.length,
      maxCells,
      root: d === 0 ? null : planned[root].spec.name,
      ...(divisor !== 1 ? { unsafeTestOnlyNoiseDivisor: divisor } : {}),
    },
    privacy: {
      kind: 'differential-privacy',
      // the ledger sums to ε up to the budget's rounding-down of its last charge (< 1 ulp), so ε is the guarantee
      epsilon: 'epsilon' in spent && spent.epsilon > 0 ? epsilon : 0,
      delta: 0,
      neighbouring: 'replace-one-row',
      accounting: 'basic composition of pure ε-DP charges on one @synthkit/dp PrivacyBudget',
      split,
      fitForRelease: noise.kind === 'secure' && divisor === 1,
      publicInputs,
      ledger: budget.ledger().map((e) => ({
        what: e.what,
        mechanism: e.mechanism,
        epsilon: 'epsilon' in e.cost ? e.cost.epsilon : 0,
        delta: 'delta' in e.cost ? e.cost.delta : 0,
      })),
    },
  }
}
