import {
  type ColumnSpec,
  MAX_OUTPUT_PRECISION,
  type OutputRule,
  type RandomSource,
  type Rng,
  SynthkitError,
  type TableSchema,
  booleanLabels,
  createRng,
  orThrow,
} from '@synthkit/core'
import { createPrivacyBudget } from '@synthkit/dp'
import { checkColumnCount } from './column-limit'
import { stepCandidates } from './greedy-structure'
import { generatedKind } from './internal/columns'
import { cptFromCounts, marginalize, normSub } from './internal/cpt'
import { createPrivateRelease, familyUtility } from './internal/private-release'
import { BAYESNET_MODEL_VERSION, type BayesNetModel, type BayesNetNode, type NodeStates, stateCount } from './model'
import { type PrivBayesOptions, decodePrivBayesOptions } from './options'
import type { Family, PrivateEncoding } from './private-table'
import { thetaUsefulCells, thetaUsefulDegree } from './privbayes-calibration'
import { runBuildAsync } from './internal/run-build'

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

/** What a PrivBayes build needs besides counts: public facts only (the schema and the row count n). */
export interface PrivBayesStatistics {
  /** The table's schema: column kinds, declared category sets and bounds (public). */
  readonly schema: TableSchema
  /** Rows of the data: public under replace-one-row neighbours (it calibrates the score's sensitivity). */
  readonly rows: number
  /** Name of the table in the model (default: the schema's name, else "table"). */
  readonly table?: string
}

/** A column coded into states by an encoding built from public information only. */
export interface PrivateVariable {
  readonly column: string
  readonly encoding: PrivateEncoding
}

/**
 * What a PrivBayes build asks of the data. `define`: code these columns (the variables are numbered in the order
 * they are defined, across requests), answered with no tables — or a DATA_INVALID error when a value has no state
 * (a value outside the declared categories, a missing value without a missing state), before anything is released.
 * `count`: the EXACT joint counts of each variable list over all rows, laid out `table[(c₀·s₁ + c₁)·s₂ + c₂]` (the
 * first most significant), which the build releases only through the DP mechanisms. `phase`, `done` and `total` say
 * where the build is; `work` is the build's own work since its previous request (for cooperative scheduling).
 */
export type PrivBayesRequest =
  | { readonly type: 'define'; readonly variables: readonly PrivateVariable[] }
  | {
      readonly type: 'count'
      readonly sets: readonly (readonly number[])[]
      readonly phase: 'bounds' | 'structure' | 'noisy tables'
      readonly done: number
      readonly total: number
      readonly work: number
    }

/** A PrivBayes build: yields requests, receives one table per set of a `count` request (none for `define`). */
export type PrivBayesBuild = Generator<PrivBayesRequest, BayesNetModel, readonly Float64Array[]>

interface Planned {
  readonly spec: ColumnSpec
  encoding?: PrivateEncoding
  bounds?: { min: number; max: number }
  readonly needsBounds: boolean
}

/**
 * Builds PrivBayes (Zhang et al., TODS 2017) with ε-differential privacy under replace-one-row neighbours from exact
 * counts it requests (see {@link PrivBayesRequest}) — what `fitPrivBayes` counts in memory and an engine computes as
 * GROUP BY queries where the data lies (one code path). The counts never leave the build: every release is a DP
 * mechanism of @synthkit/dp charged to one PrivacyBudget of ε (basic composition): DP bounds for numerical/datetime
 * columns without declared min/max (noisy octave histograms, `boundsShare`), the greedy structure by the exponential
 * mechanism on mutual information (`structureShare` β of the rest, evenly over d − 1 steps), and the noisy joint
 * tables of the families (discrete Laplace, the rest evenly). Category sets and declared bounds come from the schema
 * only; the codings depend on nothing else but the released bounds. Every count covers all rows: PrivBayes'
 * sensitivities are for the whole table (no structure subsample, unlike the non-private fit).
 */
export function* buildPrivBayes(
  statistics: PrivBayesStatistics,
  options: PrivBayesOptions,
  privacy: PrivBayesPrivacy,
  context: PrivBayesFitContext = {},
): PrivBayesBuild {
  const opts = orThrow(decodePrivBayesOptions(options))
  const { epsilon } = requirePrivacy(privacy)
  const { schema, rows: n } = statistics
  if (n === 0)
    throw new SynthkitError('EMPTY_TABLE', 'Cannot fit PrivBayes on a table without rows', [{ path: 'table', message: 'no rows' }])
  const budget = createPrivacyBudget({ epsilon })
  const release = createPrivateRelease({ budget, noise: privacy.noise, unsafeNoiseDivisor: opts.unsafeTestOnlyNoiseDivisor })
  const noise = privacy.noise
  const rng = context.rng ?? createRng(0)
  let defined = 0
  /** Defines variables (a request), returning their numbers. */
  function* define(variables: readonly PrivateVariable[]): Generator<PrivBayesRequest, number[], readonly Float64Array[]> {
    if (variables.length > 0) yield { type: 'define', variables }
    const first = defined
    defined += variables.length
    return variables.map((_, k) => first + k)
  }
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
  if (boundColumns.length > 0) {
    const octaveVars = yield* define(
      boundColumns.map((p) => ({ column: p.spec.name, encoding: { type: 'bins', edges: octaves, missing: true } })),
    )
    const histograms = yield {
      type: 'count',
      sets: octaveVars.map((v) => [v]),
      phase: 'bounds',
      done: boundColumns.length,
      total: boundColumns.length,
      work: 1,
    }
    boundColumns.forEach((p, k) => {
      const e = spend(epsBounds / boundColumns.length)
      const noisy = release.noisyCounts(histograms[k] as Float64Array, e, `bounds of ${p.spec.name} (noisy octave histogram)`)
      p.bounds = boundsFromOctaves(noisy, octaves, e)
    })
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
        const hasMissing = missing(p.spec.name).length > 0
        p.encoding = { type: 'bins', edges, missing: hasMissing }
        nodeStates.push({ type: 'bins', edges, missing: hasMissing, knots: null })
      }
      const declared = p.spec.kind === 'numerical' ? (integer ? 0 : (p.spec.precision ?? null)) : null
      const precision = declared !== null && declared <= MAX_OUTPUT_PRECISION ? declared : null
      outputRules[p.spec.name] = { integer, precision, min, max }
    } else if (p.spec.kind === 'boolean') nodeStates.push({ type: 'labels', labels: ['false', 'true', ...missing(p.spec.name)] })
    else nodeStates.push({ type: 'labels', labels: [...(p.encoding as { readonly labels: readonly (string | null)[] }).labels] })
  }
  const vars = yield* define(planned.map((p) => ({ column: p.spec.name, encoding: p.encoding! })))
  const states = nodeStates.map(stateCount)
  const theta = opts.theta ?? 4
  // the θ rule, capped at 3 by default: beyond, the candidate parent sets of wide tables explode (give k to go higher)
  const degree = d <= 1 ? 0 : (opts.degree ?? Math.min(3, thetaUsefulDegree(n, d, epsConditionals, theta)))
  const plannedTables = Math.max(1, d - degree)
  const maxCells = thetaUsefulCells(n, plannedTables, epsConditionals, theta)
  // the root is chosen uniformly at random: data-independent, so it costs nothing
  const root = d === 0 ? 0 : Math.floor(rng.next() * d)
  const families: Family[] = []
  if (d > 0) {
    // the greedy k-degree search (greedyStructure's steps), each step's choice by the exponential mechanism on the
    // candidates' utilities; a family's utility is computed once from its counts (never released)
    const search = { states, degree, root, maxCells }
    const key = (f: Family) => `${f.child}|${f.parents.join(',')}`
    const scores = new Map<string, number>()
    const placed = [root]
    const rest = new Set(Array.from({ length: d }, (_, i) => i).filter((i) => i !== root))
    families.push({ child: root, parents: [] })
    for (let step = 1; step < d; step++) {
      const candidates = stepCandidates(search, placed, rest)
      const need = candidates.filter((f) => f.parents.length > 0 && !scores.has(key(f)))
      const tables =
        need.length === 0
          ? []
          : yield {
              type: 'count',
              sets: need.map((f) => [...f.parents, f.child].map((q) => vars[q])),
              phase: 'structure',
              done: step,
              total: d - 1,
              work: candidates.length,
            }
      need.forEach((f, k) => {
        const u = familyUtility(
          tables[k] as Float64Array,
          states[f.child],
          f.parents.map((q) => states[q]),
          n,
        )
        scores.set(key(f), u)
      })
      const utilities = Float64Array.from(candidates, (f) => (f.parents.length === 0 ? 0 : scores.get(key(f))!))
      const chosen = candidates[release.select(utilities, spend(epsStructure / (d - 1)), `structure step ${step}`)]
      families.push(chosen)
      placed.push(chosen.child)
      rest.delete(chosen.child)
    }
  }
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
  const exact =
    materialised.length === 0
      ? []
      : yield {
          type: 'count',
          sets: materialised.map((j) => [...families[j].parents, families[j].child].map((q) => vars[q])),
          phase: 'noisy tables',
          done: materialised.length,
          total: materialised.length,
          work: materialised.length,
        }
  for (let t = 0; t < materialised.length; t++) {
    const j = materialised[t]
    const f = families[j]
    const order = [...f.parents, f.child]
    const noisy = release.noisyCounts(
      exact[t] as Float64Array,
      spend(epsConditionals / materialised.length, t === materialised.length - 1),
      `noisy joint counts of ${order.map((q) => planned[q].spec.name).join(', ')}`,
    )
    if (t === 0) noisyTotal = noisy.reduce((a, b) => a + b, 0)
    tables.set(j, normSub(noisy))
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
    table: statistics.table ?? context.table ?? schema.name ?? 'table',
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

/**
 * Runs a {@link buildPrivBayes} build, answering its requests with `answer` (an engine's queries): the same model as
 * the in-memory fit for the same counts, noise stream and `context.rng`.
 */
export async function buildPrivBayesAsync(
  statistics: PrivBayesStatistics,
  options: PrivBayesOptions,
  privacy: PrivBayesPrivacy,
  context: PrivBayesFitContext,
  answer: (request: PrivBayesRequest) => Promise<readonly Float64Array[]>,
): Promise<BayesNetModel> {
  return runBuildAsync(buildPrivBayes(statistics, options, privacy, context), answer)
}
