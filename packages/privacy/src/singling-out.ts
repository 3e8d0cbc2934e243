import * as t from 'io-ts'
import type { Rng, Table } from '@synthkit/core'
import { PositiveInt, attackInput, decodeOptions, optionsCodec, requireRng } from './internal/attack-input'
import type { MixedPoints } from './internal/mixed-tree'
import { type ColumnIndex, buildColumnIndex } from './internal/column-index'
import { Op, type Query, queryKey } from './internal/predicate'
import { distinctRows, takePoints } from './internal/row-hash'
import { quantile } from './internal/summary'
import { type Clock, timed } from './internal/timing'
import { type AttackOutcome, attackOutcome } from './risk'

const SinglingOutOptionsCodec = optionsCodec(
  {},
  {
    mode: t.keyof({ univariate: null, multivariate: null }),
    nAttacks: PositiveInt,
    nCols: PositiveInt,
    maxAttempts: PositiveInt,
    strategy: t.keyof({ stratified: null, anonymeter: null }),
    columns: t.array(t.string),
    confidence: t.number,
    maxSharedRowShare: t.number,
  },
  'SinglingOutOptions',
)

/** Options of {@link singlingOut}. */
export type SinglingOutOptions = Partial<t.TypeOf<typeof SinglingOutOptionsCodec>> & { readonly rng: Rng; readonly clock?: Clock }

/** What {@link singlingOut} returns (plain JSON). */
export interface SinglingOutResult extends AttackOutcome {
  readonly attack: 'singlingOut'
  readonly parameters: {
    readonly mode: 'univariate' | 'multivariate'
    readonly nCols: number
    readonly strategy: 'stratified' | 'anonymeter'
    readonly columns: readonly string[]
    readonly confidence: number
  }
  /** Rows after dropping duplicates, as anonymeter does. */
  readonly rows: { readonly train: number; readonly synthetic: number; readonly control: number }
  /** Queries generated on the synthetic rows that single out there (may be fewer than `nAttacks`). */
  readonly nQueries: number
  readonly attempts: number
  /** Per column, the share of generated queries that use it (a column near 1 dominates the attack). */
  readonly columnShare: Readonly<Record<string, number>>
  /** Multiplier applied to the control successes for the size difference of train and control (1 when equal). */
  readonly controlCorrection: number
  /** A few of the queries that single out a training row, as text. */
  readonly examples: readonly string[]
  readonly seconds?: number
}

interface Candidate {
  readonly query: Query
  readonly key: string
}

function single(col: number, op: number, value: number): Query {
  return { cols: Int32Array.of(col), ops: Uint8Array.of(op), values: Float64Array.of(value) }
}

/** Medians of the numerical columns (pandas `df.median(numeric_only=True)`, NaN skipped). */
function medians(p: MixedPoints): Float64Array {
  const out = new Float64Array(p.dn)
  const col = new Float64Array(p.n)
  for (let j = 0; j < p.dn; j++) {
    for (let i = 0; i < p.n; i++) col[i] = p.num[i * p.dn + j]
    out[j] = quantile(col, 0.5)
  }
  return out
}

function shuffle<T>(rng: Rng, a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    const tmp = a[i]
    a[i] = a[j]
    a[j] = tmp
  }
  return a
}

/**
 * anonymeter's univariate candidates per column: `isna()` when exactly one value is missing, `<= min` and `>= max`
 * of a numerical column, and `== v` for every value that occurs once.
 */
function univariateCandidates(syn: MixedPoints, keyOf: (q: Query) => string): Candidate[][] {
  const perColumn: Candidate[][] = []
  const d = syn.dn + syn.dc
  for (let col = 0; col < d; col++) {
    const out: Candidate[] = []
    const push = (q: Query) => out.push({ query: q, key: keyOf(q) })
    const counts = new Map<number, number>()
    let missing = 0
    let lo = Infinity
    let hi = -Infinity
    for (let i = 0; i < syn.n; i++) {
      const v = col < syn.dn ? syn.num[i * syn.dn + col] : syn.cat[i * syn.dc + col - syn.dn]
      if (v !== v || (v === -1 && col >= syn.dn)) {
        missing++
        continue
      }
      counts.set(v, (counts.get(v) ?? 0) + 1)
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
    if (missing === 1) push(single(col, Op.IsNa, 0))
    if (col < syn.dn && lo <= hi) {
      push(single(col, Op.Le, lo))
      push(single(col, Op.Ge, hi))
    }
    for (const [v, c] of counts) if (c === 1) push(single(col, Op.Eq, v))
    perColumn.push(out)
  }
  return perColumn
}

/** anonymeter's query from a record: `>=` above the median, `<=` otherwise, `==` for categories, `isna()` if missing. */
function recordQuery(syn: MixedPoints, row: number, cols: number[], med: Float64Array): Query {
  const sorted = [...cols].sort((a, b) => a - b)
  const q = { cols: Int32Array.from(sorted), ops: new Uint8Array(sorted.length), values: new Float64Array(sorted.length) }
  sorted.forEach((col, t) => {
    if (col < syn.dn) {
      const v = syn.num[row * syn.dn + col]
      if (v !== v) q.ops[t] = Op.IsNa
      else {
        q.ops[t] = v > med[col] ? Op.Ge : Op.Le
        q.values[t] = v
      }
    } else {
      const c = syn.cat[row * syn.dc + col - syn.dn]
      q.ops[t] = c === -1 ? Op.IsNa : Op.Eq
      q.values[t] = c
    }
  })
  return q
}

/** anonymeter's baseline: columns and values drawn at random, with a random operator of the column's type. */
function randomQuery(rng: Rng, syn: MixedPoints, uniques: Float64Array[], nCols: number): Query {
  const d = syn.dn + syn.dc
  const cols: number[] = []
  while (cols.length < nCols) {
    const c = Math.floor(rng.next() * d)
    if (!cols.includes(c)) cols.push(c)
  }
  cols.sort((a, b) => a - b)
  const q = { cols: Int32Array.from(cols), ops: new Uint8Array(nCols), values: new Float64Array(nCols) }
  cols.forEach((col, t) => {
    const u = uniques[col]
    const v = u[Math.floor(rng.next() * u.length)]
    const missing = col < syn.dn ? v !== v : v === -1
    if (missing) q.ops[t] = rng.next() < 0.5 ? Op.IsNa : Op.NotNa
    else {
      q.ops[t] = col < syn.dn ? Math.floor(rng.next() * 6) : Math.floor(rng.next() * 2)
      q.values[t] = v
    }
  })
  return q
}

function uniqueValues(p: MixedPoints): Float64Array[] {
  const out: Float64Array[] = []
  for (let col = 0; col < p.dn + p.dc; col++) {
    const seen = new Set<number>()
    const vals: number[] = []
    let nan = false
    for (let i = 0; i < p.n; i++) {
      const v = col < p.dn ? p.num[i * p.dn + col] : p.cat[i * p.dc + col - p.dn]
      if (v !== v) {
        if (!nan) vals.push(v)
        nan = true
      } else if (!seen.has(v)) {
        seen.add(v)
        vals.push(v)
      }
    }
    out.push(Float64Array.from(vals))
  }
  return out
}

/** Integral of n·w·(1 − w)^(n−1) over w in [0, wMax] (Cohen & Nissim 2020; anonymeter's singling-out model). */
function singlingOutIntegral(n: number, wMax: number): number {
  return (1 - (n * wMax + 1) * (1 - wMax) ** n) / (n + 1)
}

/**
 * anonymeter's correction for a control set of another size than the training set: count the control queries that
 * single out in random subsamples (10 sizes from min(1000, n) to n, 5 repeats), fit norm·∫P(w, n) by least squares
 * over the effective weight w (the norm has a closed form for each w; w by a log grid then golden section), and
 * scale by model(n_train)/model(n_control). The norm cancels in the ratio.
 */
function controlCorrection(rng: Rng, control: MixedPoints, index: ColumnIndex, queries: Query[], nTrain: number): number {
  const n = control.n
  if (n === nTrain || queries.length === 0) return 1
  const matchLists = queries.map((q) => index.matching(q))
  const sizes: number[] = []
  const successes: number[] = []
  const minRows = Math.min(1000, n)
  const mask = new Uint8Array(n)
  const idx = new Int32Array(n)
  for (let s = 0; s < 10; s++) {
    const size = Math.floor(minRows + ((n - minRows) * s) / 9)
    for (let r = 0; r < 5; r++) {
      for (let i = 0; i < n; i++) idx[i] = i
      mask.fill(0)
      for (let i = 0; i < size; i++) {
        const j = i + Math.floor(rng.next() * (n - i))
        const tmp = idx[i]
        idx[i] = idx[j]
        idx[j] = tmp
        mask[idx[i]] = 1
      }
      let ok = 0
      for (const rows of matchLists) {
        let c = 0
        for (const row of rows) if (mask[row] && ++c > 1) break
        if (c === 1) ok++
      }
      sizes.push(size)
      successes.push(ok)
    }
  }
  const loss = (w: number): number => {
    let sff = 0
    let sfy = 0
    let syy = 0
    for (let i = 0; i < sizes.length; i++) {
      const f = singlingOutIntegral(sizes[i], w)
      sff += f * f
      sfy += f * successes[i]
      syy += successes[i] * successes[i]
    }
    const norm = Math.max(sfy / sff, 0)
    return syy - 2 * norm * sfy + norm * norm * sff
  }
  let bestW = 1
  let bestLoss = Infinity
  for (let g = 0; g <= 160; g++) {
    const w = 10 ** (-8 + g / 20)
    const l = loss(w)
    if (l < bestLoss) {
      bestLoss = l
      bestW = w
    }
  }
  let a = Math.log10(bestW) - 0.05
  let b = Math.min(Math.log10(bestW) + 0.05, 0)
  for (let it = 0; it < 60; it++) {
    const m1 = a + (b - a) * 0.381966
    const m2 = a + (b - a) * 0.618034
    if (loss(10 ** m1) < loss(10 ** m2)) b = m2
    else a = m1
  }
  const w = 10 ** ((a + b) / 2)
  return singlingOutIntegral(nTrain, w) / singlingOutIntegral(n, w)
}

/**
 * anonymeter's singling-out attack (statice/anonymeter `SinglingOutEvaluator`): queries that single out exactly one
 * synthetic row are tried on the training rows (success = exactly one match) and on the control rows; the baseline
 * tries random queries. Duplicated rows are dropped first. Risk = (attack − control)/(1 − control) with Wilson
 * intervals. `strategy: 'stratified'` (the default) keeps one high-cardinality column from dominating: univariate
 * candidates are taken round-robin over the columns (each column in turn contributes its next query that singles
 * out), and multivariate queries draw their columns from a shuffled deck of all columns, so every column is tried
 * equally often, and a column already used by more than 1.5 × its fair share (nAttacks·nCols/columns) of accepted
 * queries is skipped. `strategy: 'anonymeter'` draws exactly as anonymeter 1.0 does. Multivariate generation stops after
 * `maxAttempts` records tried (default 1000 × nAttacks; anonymeter's is 10⁷), returning fewer queries when the
 * synthetic rows admit no more (the risk is then an underestimate, as in anonymeter).
 */
export function singlingOut(train: Table, synthetic: Table, control: Table, options: SinglingOutOptions): SinglingOutResult {
  const rng = requireRng(options.rng)
  const o = decodeOptions(SinglingOutOptionsCodec, options)
  const mode = o.mode ?? 'multivariate'
  const nAttacks = o.nAttacks ?? 500
  const strategy = o.strategy ?? 'stratified'
  const confidence = o.confidence ?? 0.95
  const run = timed(options.clock, () => {
    const input = attackInput(train, synthetic, control, o.columns, o.maxSharedRowShare)
    const d = input.names.length
    const nCols = mode === 'univariate' ? 1 : Math.min(o.nCols ?? 3, d)
    const maxAttempts = o.maxAttempts ?? 1000 * nAttacks
    const ori = takePoints(input.train, distinctRows(input.train))
    const syn = takePoints(input.synthetic, distinctRows(input.synthetic))
    const ctl = takePoints(input.control, distinctRows(input.control))
    const keyOf = (q: Query) => queryKey(q, input.names, input.layout.dictionaries, syn.dn)
    const synIndex = buildColumnIndex(syn)
    const oriIndex = buildColumnIndex(ori)
    const ctlIndex = buildColumnIndex(ctl)

    // Baseline first, as anonymeter does.
    const uniques = uniqueValues(syn)
    let nBaseline = 0
    for (let a = 0; a < nAttacks; a++) if (oriIndex.count(randomQuery(rng, syn, uniques, nCols), 2) === 1) nBaseline++

    const queries: Query[] = []
    const keys = new Set<string>()
    const uses = new Int32Array(d)
    let attempts = 0
    const accept = (q: Query, key: string): boolean => {
      if (keys.has(key) || synIndex.count(q, 2) !== 1) return false
      keys.add(key)
      queries.push(q)
      for (const c of q.cols) uses[c]++
      return true
    }
    if (mode === 'univariate') {
      const perColumn = univariateCandidates(syn, keyOf)
      if (strategy === 'anonymeter') {
        const all = shuffle(rng, perColumn.flat())
        for (const c of all) {
          if (queries.length >= nAttacks) break
          attempts++
          accept(c.query, c.key)
        }
      } else {
        const lists = perColumn.map((l) => shuffle(rng, l))
        const next = new Int32Array(d)
        let progress = true
        while (queries.length < nAttacks && progress) {
          progress = false
          for (const col of shuffle(
            rng,
            Array.from({ length: d }, (_, i) => i),
          )) {
            if (queries.length >= nAttacks) break
            while (next[col] < lists[col].length) {
              const c = lists[col][next[col]++]
              attempts++
              progress = true
              if (accept(c.query, c.key)) break
            }
          }
        }
      }
    } else {
      const med = medians(syn)
      const cap = Math.ceil((1.5 * nAttacks * nCols) / d)
      let deck: number[] = []
      while (queries.length < nAttacks && attempts < maxAttempts) {
        attempts++
        const row = Math.floor(rng.next() * syn.n)
        let cols: number[]
        if (strategy === 'anonymeter') {
          cols = []
          while (cols.length < nCols) {
            const c = Math.floor(rng.next() * d)
            if (!cols.includes(c)) cols.push(c)
          }
        } else {
          cols = []
          while (cols.length < nCols) {
            if (deck.length === 0)
              deck = shuffle(
                rng,
                Array.from({ length: d }, (_, i) => i),
              )
            const c = deck.pop()!
            if (cols.includes(c)) deck.unshift(c)
            else cols.push(c)
          }
          if (cols.some((c) => uses[c] >= cap)) continue
        }
        const q = recordQuery(syn, row, cols, med)
        accept(q, keyOf(q))
      }
    }

    let nSuccess = 0
    const examples: string[] = []
    for (const q of queries) {
      if (oriIndex.count(q, 2) === 1) {
        nSuccess++
        if (examples.length < 5) examples.push(keyOf(q))
      }
    }
    let nControl = 0
    for (const q of queries) if (ctlIndex.count(q, 2) === 1) nControl++
    const correction = controlCorrection(rng, ctl, ctlIndex, queries, ori.n)
    const columnShare: Record<string, number> = {}
    input.names.forEach((name, c) => {
      columnShare[name] = queries.length === 0 ? 0 : uses[c] / queries.length
    })
    const result: SinglingOutResult = {
      attack: 'singlingOut',
      parameters: { mode, nCols, strategy, columns: input.names, confidence },
      rows: { train: ori.n, synthetic: syn.n, control: ctl.n },
      nQueries: queries.length,
      attempts,
      columnShare,
      controlCorrection: correction,
      examples,
      ...attackOutcome(nAttacks, nSuccess, nBaseline, nControl * correction, confidence),
    }
    return result
  })
  return run.seconds === undefined ? run.value : { ...run.value, seconds: run.seconds }
}
