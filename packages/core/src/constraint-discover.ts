import * as E from './internal/either'
import * as t from 'io-ts'
import { FiniteNumber, NonEmptyString, NonNegativeInt, strictObject } from './codec'
import type { Constraint } from './constraint'
import { log10BinomialCdf, log10PoissonCdf, logChoose } from './constraint-discover-stats'
import { SynthkitError, ioTsIssues } from './errors'
import type { ColumnSpec } from './schema'
import type { Table } from './table'

/**
 * Constraint discovery: proposes the relations a table's rows obey, each with the evidence that it is not a
 * coincidence. Every multi-column proposal must pass a significance test against the hypothesis that the columns are
 * independent (what a column-wise shuffle of the table gives): the chance probability p that the relation would hold
 * with at most the observed number of violations is computed per kind (below), and the proposal is kept only when
 * its score −log10 p − log10(number of candidates tested) (a Bonferroni correction) is at least `minScore`.
 * Single-column proposals (signs, capped bounds, uniqueness) describe one column only and survive any shuffle by
 * definition; they carry score 0 and `singleColumn: true`, and rank after the multi-column ones.
 */

/** What a proposal is about. */
export type DiscoveredKind =
  | 'positive'
  | 'negative'
  | 'bounds'
  | 'unique'
  | 'order'
  | 'functionalDependency'
  | 'fixedCombinations'
  | 'linear'
  | 'ratio'
  | 'conditional'
  | 'missingTogether'

/** A condition on one column: a category (or value) of it, a zero, or a missing value. */
export type DiscoveredCondition =
  | { readonly column: string; readonly equals: string | number | boolean }
  | { readonly column: string; readonly isMissing: true }

/** One proposed constraint with its evidence. */
export interface ConstraintProposal {
  readonly kind: DiscoveredKind
  readonly columns: readonly string[]
  /** The proposal in core's constraint JSON, or null when it cannot be written (e.g. a mapping longer than allowed). */
  readonly constraint: Constraint | null
  /** Rows on which the relation can be checked (every value it reads is present, or the condition holds). */
  readonly support: number
  /** Rows of the support that break it. */
  readonly violations: number
  /** The first violating rows (0-based row indices), at most `maxViolatingRows`. */
  readonly violatingRows: readonly number[]
  /** 'all': no row breaks it; 'almost': a few do (at most `maxViolationRate` of the support). */
  readonly holds: 'all' | 'almost'
  /** −log10 of the chance probability, minus log10 of the number of candidates tested; 0 for single-column ones. */
  readonly score: number
  readonly singleColumn: boolean
  readonly description: string
}

/** The discovery's result: proposals ranked best first, and how many multi-column candidates were tested. */
export interface DiscoveryResult {
  readonly proposals: readonly ConstraintProposal[]
  readonly candidatesTested: number
  readonly rows: number
}

export const DiscoverOptionsCodec = strictObject(
  {},
  {
    columns: t.array(NonEmptyString),
    minSupport: NonNegativeInt,
    maxViolationRate: FiniteNumber,
    minScore: FiniteNumber,
    maxViolatingRows: NonNegativeInt,
    maxCategories: NonNegativeInt,
    maxCombinations: NonNegativeInt,
  },
  'DiscoverOptions',
)
/**
 * Options of {@link discoverConstraints}:
 * - `columns`: the columns to look at (default all);
 * - `minSupport` (default 10): fewest rows a relation must be checkable on;
 * - `maxViolationRate` (default 0.002): the largest share of violating rows for `holds: 'almost'`;
 * - `minScore` (default 6): the least Bonferroni-corrected −log10 chance probability;
 * - `maxViolatingRows` (default 5): violating row numbers listed per proposal;
 * - `maxCategories` (default 64): integer columns with at most this many distinct values also act as categories
 *   (e.g. adult's education_num), and categorical columns with more take part only as determinants;
 * - `maxCombinations` (default 1000): the longest list a fixedCombinations constraint may carry.
 */
export type DiscoverOptions = t.TypeOf<typeof DiscoverOptionsCodec>

interface Settings {
  readonly minSupport: number
  readonly rate: number
  readonly minScore: number
  readonly maxRows: number
  readonly maxCategories: number
  readonly maxCombinations: number
}

interface NumCol {
  readonly name: string
  readonly values: Float64Array
  readonly datetime: boolean
  readonly present: number
  readonly missing: number
  readonly zeros: number
  readonly min: number
  readonly max: number
  readonly sorted: Float64Array
  readonly distinct: number
  readonly decimals: number
}

type Cell = string | number | boolean
interface DiscCol {
  readonly name: string
  readonly codes: Int32Array
  readonly k: number
  readonly counts: Int32Array
  readonly present: number
  /** The value of a code as a combination cell and as an expression literal (null when none can be written). */
  readonly cell: (code: number) => Cell
  readonly literal: (code: number) => string | null
  /** Identifier columns (strings) act only as determinants. */
  readonly idLike: boolean
}

const RESERVED = new Set([
  'and',
  'or',
  'not',
  'xor',
  'true',
  'false',
  'null',
  'undefined',
  'pi',
  'e',
  'i',
  'to',
  'in',
  'mod',
  'Infinity',
  'NaN',
  'col',
  'date',
  'isMissing',
  'abs',
  'sqrt',
  'log',
  'log10',
  'log2',
  'exp',
  'floor',
  'ceil',
  'round',
  'sign',
  'min',
  'max',
])

/** A column reference in core's expression dialect. */
function ref(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `col(${JSON.stringify(name)})`
}

/** A number in expressions and descriptions, without binary noise (17 significant digits at most). */
function num(x: number): string {
  return String(Number(x.toPrecision(15)))
}

function decimalsOf(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return 0
  const s = String(x)
  const e = s.indexOf('e-')
  if (e >= 0) return Math.min(20, Number(s.slice(e + 2)) + Math.max(0, s.slice(0, e).split('.')[1]?.length ?? 0))
  return Math.min(20, s.length - s.indexOf('.') - 1)
}

function prepareNumeric(spec: ColumnSpec, values: Float64Array): NumCol {
  let present = 0
  let zeros = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v !== v) continue
    present++
    if (v === 0) zeros++
    if (v < min) min = v
    if (v > max) max = v
  }
  const sorted = new Float64Array(present)
  let j = 0
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) sorted[j++] = values[i]!
  sorted.sort()
  let distinct = present > 0 ? 1 : 0
  for (let i = 1; i < present; i++) if (sorted[i] !== sorted[i - 1]) distinct++
  // Precision: the schema's when stated, else the most decimals among (at most 2,000 evenly spaced) present values.
  let decimals = 0
  if (spec.kind === 'numerical' && spec.type === 'int') decimals = 0
  else if (spec.kind === 'numerical' && spec.precision !== undefined) decimals = spec.precision
  else {
    const step = Math.max(1, Math.floor(present / 2000))
    for (let i = 0; i < present; i += step) decimals = Math.max(decimals, decimalsOf(sorted[i]!))
  }
  return {
    name: spec.name,
    values,
    datetime: spec.kind === 'datetime',
    present,
    missing: values.length - present,
    zeros,
    min,
    max,
    sorted,
    distinct,
    decimals,
  }
}

function discreteFromCodes(
  name: string,
  codes: Int32Array,
  k: number,
  cell: (c: number) => Cell,
  literal: (c: number) => string | null,
  idLike: boolean,
): DiscCol {
  const counts = new Int32Array(k)
  let present = 0
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!
    if (c >= 0) {
      counts[c]!++
      present++
    }
  }
  return { name, codes, k, counts, present, cell, literal, idLike }
}

function stringLiteral(s: string): string | null {
  return /["\\\n\r]/.test(s) ? null : JSON.stringify(s)
}

/** Low-cardinality integer columns as categories (codes over their sorted distinct values). */
function discreteFromNumeric(c: NumCol, maxCategories: number): DiscCol | null {
  if (c.datetime || c.distinct < 2 || c.distinct > maxCategories) return null
  const levels: number[] = []
  for (let i = 0; i < c.sorted.length; i++) if (i === 0 || c.sorted[i] !== c.sorted[i - 1]) levels.push(c.sorted[i]!)
  if (!levels.every(Number.isInteger)) return null
  const index = new Map(levels.map((v, i) => [v, i]))
  const codes = new Int32Array(c.values.length)
  for (let i = 0; i < codes.length; i++) {
    const v = c.values[i]!
    codes[i] = v === v ? index.get(v)! : -1
  }
  return discreteFromCodes(
    c.name,
    codes,
    levels.length,
    (code) => levels[code]!,
    (code) => num(levels[code]!),
    false,
  )
}

/** Up to `max` row indices where `bad(i)` holds. */
function firstRows(n: number, max: number, bad: (i: number) => boolean): number[] {
  const out: number[] = []
  for (let i = 0; i < n && out.length < max; i++) if (bad(i)) out.push(i)
  return out
}

interface Candidate {
  readonly proposal: Omit<ConstraintProposal, 'score' | 'constraint' | 'violatingRows'>
  /** Built only for the proposals that are kept (listing combinations and rows costs a pass over the table). */
  readonly constraint: () => Constraint | null
  readonly violatingRows: () => readonly number[]
  /** log10 of the chance probability. */
  readonly log10p: number
}

/**
 * The lift rule: a relation must break at least ten times less often than independent columns would make it break
 * (violations ≤ 0.1 × expected), so that a mere tendency (long delays on long flights) is not proposed as a rule.
 */
const LIFT = 0.1

/** P(x > y) (or ≥ when `orEqual`) for x, y drawn independently from two sorted samples: one merge pass. */
function exceedProbability(xs: Float64Array, ys: Float64Array, orEqual: boolean): number {
  let j = 0
  let total = 0
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!
    if (orEqual) while (j < ys.length && ys[j]! <= x) j++
    else while (j < ys.length && ys[j]! < x) j++
    total += j
  }
  return total / (xs.length * ys.length)
}

function orderCandidates(nums: readonly NumCol[], s: Settings, n: number, count: () => void, out: Candidate[]): void {
  const budget = Math.floor(s.rate * n)
  for (let i = 0; i < nums.length; i++) {
    for (let j = i + 1; j < nums.length; j++) {
      const a = nums[i]!
      const b = nums[j]!
      if (a.datetime !== b.datetime || a.distinct < 2 || b.distinct < 2) continue
      count()
      count()
      const av = a.values
      const bv = b.values
      let support = 0
      let gt = 0
      let lt = 0
      let eq = 0
      for (let r = 0; r < n; r++) {
        const x = av[r]!
        const y = bv[r]!
        if (x !== x || y !== y) continue
        support++
        if (x > y) gt++
        else if (x < y) lt++
        else eq++
        if (gt > budget && lt > budget) break
      }
      if (gt > budget && lt > budget) continue
      if (support < s.minSupport || eq === support) continue
      const [low, high, v] = gt <= lt ? [a, b, gt] : [b, a, lt]
      if (v > s.rate * support) continue
      const strict = eq === 0
      // Chance: under independence each row violates with π = P(low > high) (≥ when strict) over the marginals.
      const pi = exceedProbability(low.sorted, high.sorted, strict)
      if (v > LIFT * support * pi) continue
      const log10p = log10BinomialCdf(v, support, pi)
      const lv = low.values
      const hv = high.values
      const op = strict ? '<' : '≤'
      out.push({
        log10p,
        constraint: () =>
          strict
            ? { type: 'inequality', low: low.name, high: high.name, strict: true }
            : { type: 'inequality', low: low.name, high: high.name },
        violatingRows: () => firstRows(n, s.maxRows, (r) => lv[r]! > hv[r]! || (strict && lv[r] === hv[r])),
        proposal: {
          kind: 'order',
          columns: [low.name, high.name],
          support,
          violations: v,
          holds: v === 0 ? 'all' : 'almost',
          singleColumn: false,
          description:
            `${low.name} ${op} ${high.name} when both are present (${support} rows, ${v} violations; ` +
            `${(100 * pi).toFixed(2)}% of rows would break it if the columns were independent)`,
        },
      })
    }
  }
}

interface Joint {
  readonly counts: Int32Array
  readonly support: number
  readonly aCounts: Int32Array
  readonly bCounts: Int32Array
}

/** Joint counts per pair of discrete columns, each computed once and transposed for the reverse order. */
function jointCache(n: number): (a: DiscCol, b: DiscCol) => Joint | null {
  const cache = new Map<DiscCol, Map<DiscCol, Joint | null>>()
  return (a, b) => {
    const hit = cache.get(a)?.get(b)
    if (hit !== undefined) return hit
    const rev = cache.get(b)?.get(a)
    let j: Joint | null
    if (rev === undefined) j = jointCounts(a, b, n)
    else if (rev === null) j = null
    else {
      const counts = new Int32Array(a.k * b.k)
      for (let x = 0; x < a.k; x++) for (let y = 0; y < b.k; y++) counts[x * b.k + y] = rev.counts[y * a.k + x]!
      j = { counts, support: rev.support, aCounts: rev.bCounts, bCounts: rev.aCounts }
    }
    if (!cache.has(a)) cache.set(a, new Map())
    cache.get(a)!.set(b, j)
    return j
  }
}

/** Dense joint counts of two code arrays over rows where both are present (null when the table would be too large). */
function jointCounts(a: DiscCol, b: DiscCol, n: number): Joint | null {
  if (a.k * b.k > 1 << 22) return null
  const counts = new Int32Array(a.k * b.k)
  const aCounts = new Int32Array(a.k)
  const bCounts = new Int32Array(b.k)
  let support = 0
  const ac = a.codes
  const bc = b.codes
  for (let r = 0; r < n; r++) {
    const x = ac[r]!
    const y = bc[r]!
    if (x < 0 || y < 0) continue
    counts[x * b.k + y]!++
    aCounts[x]!++
    bCounts[y]!++
    support++
  }
  return { counts, support, aCounts, bCounts }
}

/** The observed (A, B) value pairs, missing included, as combination lists; null when longer than `max`. */
function observedCombinations(a: DiscCol, b: DiscCol, n: number, max: number, drop: (x: number, y: number) => boolean): Cell[][] | null {
  const seen = new Set<number>()
  const out: (Cell | null)[][] = []
  const w = b.k + 1
  for (let r = 0; r < n; r++) {
    const x = a.codes[r]!
    const y = b.codes[r]!
    if (x >= 0 && y >= 0 && drop(x, y)) continue
    const key = (x + 1) * w + (y + 1)
    if (seen.has(key)) continue
    seen.add(key)
    if (out.length >= max) return null
    out.push([x < 0 ? null : a.cell(x), y < 0 ? null : b.cell(y)])
  }
  return out as Cell[][]
}

type JointOf = (a: DiscCol, b: DiscCol) => Joint | null

function dependencyCandidates(
  discs: readonly DiscCol[],
  joint: JointOf,
  s: Settings,
  n: number,
  count: () => void,
  out: Candidate[],
): Set<string> {
  const found = new Set<string>()
  for (const a of discs) {
    for (const b of discs) {
      if (a === b || b.idLike || b.k > s.maxCategories) continue
      const j = joint(a, b)
      if (!j) continue
      count()
      let distinctA = 0
      for (let x = 0; x < a.k; x++) if (j.aCounts[x]! > 0) distinctA++
      const trials = j.support - distinctA
      if (trials < s.minSupport) continue
      let pmax = 0
      for (let y = 0; y < b.k; y++) pmax = Math.max(pmax, j.bCounts[y]! / j.support)
      if (pmax >= 1) continue
      // Violations: rows whose B differs from the most frequent B of their A value.
      const mode = new Int32Array(a.k).fill(-1)
      let v = 0
      for (let x = 0; x < a.k; x++) {
        let best = -1
        let bestCount = 0
        for (let y = 0; y < b.k; y++) {
          const c = j.counts[x * b.k + y]!
          if (c > bestCount) (best = y), (bestCount = c)
        }
        mode[x] = best
        v += j.aCounts[x]! - bestCount
      }
      if (v > s.rate * j.support || v > LIFT * trials * (1 - pmax)) continue
      // Chance: under independence each row after the first of its A value repeats that value's B with probability at
      // most max_b p(b) (the largest marginal share), so it differs with probability π ≥ 1 − max_b p(b).
      const log10p = log10BinomialCdf(v, trials, 1 - pmax)
      found.add(`${a.name}\u0000${b.name}`)
      out.push({
        log10p,
        constraint: () => {
          // The learned mapping: each determinant value with its most frequent dependent value.
          if (distinctA > s.maxCombinations) return null
          const mapping: Cell[][] = []
          for (let x = 0; x < a.k; x++) if (mode[x]! >= 0) mapping.push([a.cell(x), b.cell(mode[x]!)])
          return { type: 'functionalDependency', determinant: [a.name], dependent: b.name, mapping }
        },
        violatingRows: () => firstRows(n, s.maxRows, (r) => a.codes[r]! >= 0 && b.codes[r]! >= 0 && b.codes[r] !== mode[a.codes[r]!]),
        proposal: {
          kind: 'functionalDependency',
          columns: [a.name, b.name],
          support: j.support,
          violations: v,
          holds: v === 0 ? 'all' : 'almost',
          singleColumn: false,
          description:
            `${a.name} determines ${b.name}: each of its ${distinctA} values comes with one ${b.name} ` +
            `(${(j.support / distinctA).toFixed(1)} rows per value, ${v} violations)`,
        },
      })
    }
  }
  return found
}

function combinationCandidates(
  discs: readonly DiscCol[],
  joint: JointOf,
  s: Settings,
  n: number,
  dependencies: Set<string>,
  count: () => void,
  out: Candidate[],
): void {
  for (let i = 0; i < discs.length; i++) {
    for (let k = i + 1; k < discs.length; k++) {
      const a = discs[i]!
      const b = discs[k]!
      if (a.idLike || b.idLike || a.k > s.maxCategories || b.k > s.maxCategories) continue
      if (dependencies.has(`${a.name}\u0000${b.name}`) || dependencies.has(`${b.name}\u0000${a.name}`)) continue
      const j = joint(a, b)
      if (!j || j.support < s.minSupport) continue
      count()
      // A cell is a structural zero when it holds far fewer rows than independence predicts (Poisson tail below
      // 0.001 / cells); the combination list is every observed pair but those.
      const cells = a.k * b.k
      const cut = Math.log10(1e-3 / cells)
      const rare = new Uint8Array(cells)
      let log10p = 0
      let v = 0
      let nRare = 0
      for (let x = 0; x < a.k; x++) {
        for (let y = 0; y < b.k; y++) {
          const e = (j.aCounts[x]! * j.bCounts[y]!) / j.support
          const o = j.counts[x * b.k + y]!
          if (o > s.rate * j.support || o > LIFT * e) continue
          const lp = log10PoissonCdf(o, e)
          if (lp > cut) continue
          rare[x * b.k + y] = 1
          log10p += lp
          v += o
          nRare++
        }
      }
      if (nRare === 0 || v > s.rate * j.support) continue
      const never: string[] = []
      for (let x = 0; x < a.k && never.length < 3; x++)
        for (let y = 0; y < b.k && never.length < 3; y++) if (rare[x * b.k + y]) never.push(`(${String(a.cell(x))}, ${String(b.cell(y))})`)
      out.push({
        log10p,
        constraint: () => {
          const combos = observedCombinations(a, b, n, s.maxCombinations, (x, y) => rare[x * b.k + y] === 1)
          return combos ? { type: 'fixedCombinations', columns: [a.name, b.name], combinations: combos } : null
        },
        violatingRows: () =>
          firstRows(n, s.maxRows, (r) => a.codes[r]! >= 0 && b.codes[r]! >= 0 && rare[a.codes[r]! * b.k + b.codes[r]!] === 1),
        proposal: {
          kind: 'fixedCombinations',
          columns: [a.name, b.name],
          support: j.support,
          violations: v,
          holds: v === 0 ? 'all' : 'almost',
          singleColumn: false,
          description:
            `${a.name} × ${b.name}: ${nRare} combination${nRare > 1 ? 's' : ''} that independence expects never occur` +
            `${v > 0 ? ` (but in ${v} rows)` : ''}, e.g. ${never.join(', ')}`,
        },
      })
    }
  }
}

/**
 * Chance probability of a row-wise relation by evaluating it on deterministically mis-aligned rows (row i of one
 * column against row i + shift of the others): the share that still holds estimates how often the relation holds
 * for independent columns; (holds + 1) / (trials + 2) keeps it above zero.
 */
function shiftedHoldRate(n: number, holds: (r: number, shifts: readonly number[]) => boolean | null): number {
  const shifts = [Math.floor(n / 3) + 1, Math.floor((2 * n) / 3) + 7]
  let trials = 0
  let ok = 0
  for (let r = 0; r < n; r++) {
    const h = holds(r, shifts)
    if (h === null) continue
    trials++
    if (h) ok++
  }
  return (ok + 1) / (trials + 2)
}

function linearCandidates(nums: readonly NumCol[], s: Settings, n: number, count: () => void, out: Candidate[]): void {
  const cols = nums.filter((c) => !c.datetime && c.distinct >= 2)
  const budget = Math.floor(s.rate * n)
  for (let i = 0; i < cols.length; i++) {
    for (let j = i + 1; j < cols.length; j++) {
      for (let k = j + 1; k < cols.length; k++) {
        const trio = [cols[i]!, cols[j]!, cols[k]!]
        for (let target = 0; target < 3; target++) {
          const tc = trio[target]!
          const [uc, wc] = trio.filter((_, q) => q !== target) as [NumCol, NumCol]
          count()
          // Tolerance: half a unit in the last decimal place of the most precise column, plus float rounding.
          const tol = 0.5 * Math.pow(10, -Math.max(tc.decimals, uc.decimals, wc.decimals))
          const tv = tc.values
          const uv = uc.values
          const wv = wc.values
          const ok = (x: number, y: number, z: number) => Math.abs(x - (y + z)) <= tol + 1e-9 * (Math.abs(x) + Math.abs(y) + Math.abs(z))
          let support = 0
          let v = 0
          for (let r = 0; r < n; r++) {
            const x = tv[r]!
            const y = uv[r]!
            const z = wv[r]!
            if (x !== x || y !== y || z !== z) continue
            support++
            if (!ok(x, y, z) && ++v > budget) break
          }
          if (v > budget || support < s.minSupport || v > s.rate * support) continue
          const hold = shiftedHoldRate(n, (r, sh) => {
            const x = tv[r]!
            const y = uv[(r + sh[0]!) % n]!
            const z = wv[(r + sh[1]!) % n]!
            return x !== x || y !== y || z !== z ? null : ok(x, y, z)
          })
          if (v > LIFT * support * (1 - hold)) continue
          const log10p = log10BinomialCdf(v, support, 1 - hold)
          const [te, ue, we] = [ref(tc.name), ref(uc.name), ref(wc.name)]
          const expression = `isMissing(${te}) or isMissing(${ue}) or isMissing(${we}) or abs(${te} - (${ue} + ${we})) <= ${num(tol)}`
          out.push({
            log10p,
            constraint: () => ({ type: 'expression', expression, name: `${tc.name} = ${uc.name} + ${wc.name}` }),
            violatingRows: () =>
              firstRows(n, s.maxRows, (r) => tv[r] === tv[r] && uv[r] === uv[r] && wv[r] === wv[r] && !ok(tv[r]!, uv[r]!, wv[r]!)),
            proposal: {
              kind: 'linear',
              columns: [tc.name, uc.name, wc.name],
              support,
              violations: v,
              holds: v === 0 ? 'all' : 'almost',
              singleColumn: false,
              description:
                `${tc.name} = ${uc.name} + ${wc.name} within ${num(tol)} when all are present ` + `(${support} rows, ${v} violations)`,
            },
          })
        }
      }
    }
  }
}

function ratioCandidates(nums: readonly NumCol[], s: Settings, n: number, count: () => void, out: Candidate[]): void {
  const cols = nums.filter((c) => !c.datetime && c.distinct >= 2)
  const budget = Math.floor(s.rate * n)
  for (let i = 0; i < cols.length; i++) {
    for (let j = 0; j < cols.length; j++) {
      if (i === j) continue
      const tc = cols[i]!
      const uc = cols[j]!
      count()
      const tv = tc.values
      const uv = uc.values
      // A first ratio from the first usable row screens the pair (most pairs fail within a few hundred rows); a pair
      // that passes gets its ratio from the row with the largest |u| (least relative rounding).
      let first = -1
      for (let r = 0; r < n && first < 0; r++) if (tv[r] === tv[r] && uv[r] === uv[r] && uv[r] !== 0) first = r
      if (first < 0) continue
      const k0 = tv[first]! / uv[first]!
      let bad = 0
      for (let r = first; r < n && bad <= budget; r++)
        if (
          tv[r] === tv[r] &&
          uv[r] === uv[r] &&
          Math.abs(tv[r]! - k0 * uv[r]!) >
            1e-6 * (Math.abs(tv[r]!) + Math.abs(k0 * uv[r]!)) + Math.pow(10, -Math.min(tc.decimals, uc.decimals)) * (1 + Math.abs(k0))
        )
          bad++
      if (bad > budget) continue
      let best = first
      for (let r = 0; r < n; r++) if (tv[r] === tv[r] && uv[r] === uv[r] && Math.abs(uv[r]!) > Math.abs(uv[best]!)) best = r
      const k = tv[best]! / uv[best]!
      // Report each pair once, as the larger column over the smaller one.
      if (k === 0 || Math.abs(k) < 1 || (Math.abs(k) === 1 && i > j)) continue
      const tol = 0.5 * Math.pow(10, -tc.decimals) + Math.abs(k) * 0.5 * Math.pow(10, -uc.decimals)
      const ok = (x: number, y: number) => Math.abs(x - k * y) <= tol + 1e-9 * Math.abs(x)
      let support = 0
      let v = 0
      for (let r = 0; r < n; r++) {
        const x = tv[r]!
        const y = uv[r]!
        if (x !== x || y !== y) continue
        support++
        if (!ok(x, y) && ++v > budget) break
      }
      if (v > budget || support < s.minSupport || v > s.rate * support) continue
      const hold = shiftedHoldRate(n, (r, sh) => {
        const x = tv[r]!
        const y = uv[(r + sh[0]!) % n]!
        return x !== x || y !== y ? null : ok(x, y)
      })
      if (v > LIFT * support * (1 - hold)) continue
      const log10p = log10BinomialCdf(v, support, 1 - hold)
      const kText = num(k)
      out.push({
        log10p,
        constraint: () => ({
          type: 'expression',
          expression:
            `isMissing(${ref(tc.name)}) or isMissing(${ref(uc.name)}) or ` +
            `abs(${ref(tc.name)} - ${kText} * ${ref(uc.name)}) <= ${num(tol + 1e-9 * Math.max(Math.abs(tc.min), Math.abs(tc.max)))}`,
          name: `${tc.name} = ${kText} × ${uc.name}`,
        }),
        violatingRows: () => firstRows(n, s.maxRows, (r) => tv[r] === tv[r] && uv[r] === uv[r] && !ok(tv[r]!, uv[r]!)),
        proposal: {
          kind: 'ratio',
          columns: [tc.name, uc.name],
          support,
          violations: v,
          holds: v === 0 ? 'all' : 'almost',
          singleColumn: false,
          description:
            Math.abs(k) === 1
              ? `${tc.name} = ${k === 1 ? '' : '−'}${uc.name} (${support} rows)`
              : `${tc.name} = ${kText} × ${uc.name} (${support} rows, ${v} violations)`,
        },
      })
    }
  }
}

interface Condition {
  readonly column: string
  readonly rows: Int32Array
  readonly spec: DiscoveredCondition
  readonly text: string
}

function conditionsOf(nums: readonly NumCol[], discs: readonly DiscCol[], s: Settings, n: number): Condition[] {
  const out: Condition[] = []
  const rowsWhere = (m: number, f: (r: number) => boolean) => {
    const rows = new Int32Array(m)
    let q = 0
    for (let r = 0; r < n; r++) if (f(r)) rows[q++] = r
    return rows
  }
  for (const d of discs) {
    if (d.idLike || d.k > s.maxCategories) continue
    for (let c = 0; c < d.k; c++) {
      const m = d.counts[c]!
      if (m < s.minSupport || m === d.present) continue
      out.push({
        column: d.name,
        rows: rowsWhere(m, (r) => d.codes[r] === c),
        spec: { column: d.name, equals: d.cell(c) },
        text: `${d.name} = ${String(d.cell(c))}`,
      })
    }
    const missing = n - d.present
    if (missing >= s.minSupport && d.present > 0)
      out.push({
        column: d.name,
        rows: rowsWhere(missing, (r) => d.codes[r]! < 0),
        spec: { column: d.name, isMissing: true },
        text: `${d.name} is missing`,
      })
  }
  for (const c of nums) {
    // Categories of low-cardinality integer columns are conditions already (through their discrete view).
    if (c.zeros >= s.minSupport && c.zeros < c.present && !discs.some((d) => d.name === c.name))
      out.push({
        column: c.name,
        rows: rowsWhere(c.zeros, (r) => c.values[r] === 0),
        spec: { column: c.name, equals: 0 },
        text: `${c.name} = 0`,
      })
    if (c.missing >= s.minSupport && c.present > 0 && !discs.some((d) => d.name === c.name))
      out.push({
        column: c.name,
        rows: rowsWhere(c.missing, (r) => c.values[r] !== c.values[r]),
        spec: { column: c.name, isMissing: true },
        text: `${c.name} is missing`,
      })
  }
  return out
}

interface Consequence {
  readonly column: string
  readonly then: 'zeroOrMissing' | 'missing'
  /** Share of all rows where it holds (its chance rate under independence). */
  readonly rate: number
  readonly holds: (r: number) => boolean
  /** The column's values, for numerical consequences. */
  readonly values?: Float64Array
  readonly text: string
}

function consequencesOf(nums: readonly NumCol[], discs: readonly DiscCol[], n: number): Consequence[] {
  const out: Consequence[] = []
  for (const c of nums) {
    const v = c.values
    if (c.zeros > 0)
      out.push({
        column: c.name,
        then: 'zeroOrMissing',
        values: v,
        rate: (c.zeros + c.missing) / n,
        holds: (r) => v[r] === 0 || v[r] !== v[r],
        text: `${c.name} is 0${c.missing > 0 ? ' or missing' : ''}`,
      })
    if (c.missing > 0)
      out.push({
        column: c.name,
        then: 'missing',
        rate: c.missing / n,
        holds: (r) => v[r] !== v[r],
        text: `${c.name} is missing`,
      })
  }
  for (const d of discs) {
    if (nums.some((c) => c.name === d.name) || d.present === n) continue
    out.push({
      column: d.name,
      then: 'missing',
      rate: (n - d.present) / n,
      holds: (r) => d.codes[r]! < 0,
      text: `${d.name} is missing`,
    })
  }
  return out
}

function conditionalCandidates(
  nums: readonly NumCol[],
  discs: readonly DiscCol[],
  s: Settings,
  n: number,
  count: () => void,
  out: Candidate[],
): void {
  const conditions = conditionsOf(nums, discs, s, n)
  const consequences = consequencesOf(nums, discs, n)
  for (const cond of conditions) {
    const m = cond.rows.length
    const budget = Math.floor(s.rate * m)
    for (const q of consequences) {
      if (q.column === cond.column || q.rate >= 1) continue
      count()
      let v = 0
      for (let i = 0; i < m; i++) if (!q.holds(cond.rows[i]!) && ++v > budget) break
      if (v > budget || v > LIFT * m * (1 - q.rate)) continue
      // "0 or missing" is stated as "0" when no row of the condition is missing, and left to the "missing"
      // consequence (its own candidate) when none is 0.
      let then: 'zero' | 'missing' | 'zeroOrMissing' = q.then
      if (q.then === 'zeroOrMissing') {
        let zeros = 0
        let missing = 0
        for (let i = 0; i < m; i++) {
          const x = q.values![cond.rows[i]!]!
          if (x === 0) zeros++
          else if (x !== x) missing++
        }
        if (zeros === 0) continue
        if (missing === 0) then = 'zero'
      }
      const log10p = log10BinomialCdf(v, m, 1 - q.rate)
      out.push({
        log10p,
        constraint: () => ({ type: 'conditional', when: cond.spec, column: q.column, then }),
        violatingRows: () => {
          const rows: number[] = []
          for (let i = 0; i < m && rows.length < s.maxRows; i++) if (!q.holds(cond.rows[i]!)) rows.push(cond.rows[i]!)
          return rows
        },
        proposal: {
          kind: 'conditional',
          columns: [cond.column, q.column],
          support: m,
          violations: v,
          holds: v === 0 ? 'all' : 'almost',
          singleColumn: false,
          description: `${q.text} when ${cond.text} (${m} rows, ${v} violations; ${(100 * q.rate).toFixed(2)}% of all rows)`,
        },
      })
    }
  }
}

function missingTogetherCandidates(
  columns: readonly { name: string; missing: (r: number) => boolean; count: number }[],
  s: Settings,
  n: number,
  count: () => void,
  out: Candidate[],
): void {
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const a = columns[i]!
      const b = columns[j]!
      // Tiny support: two columns both missing on the same one or two rows is not a rule, whatever the p-value says.
      if (a.count !== b.count || a.count < s.minSupport || a.count === n) continue
      count()
      let same = true
      for (let r = 0; r < n && same; r++) if (a.missing(r) !== b.missing(r)) same = false
      if (!same) continue
      // Chance: the m missing rows of one column are the m of the other with probability 1 / C(n, m).
      const log10p = -logChoose(n, a.count) / Math.LN10
      out.push({
        log10p,
        constraint: () => ({ type: 'missingTogether', columns: [a.name, b.name] }),
        violatingRows: () => [],
        proposal: {
          kind: 'missingTogether',
          columns: [a.name, b.name],
          support: n,
          violations: 0,
          holds: 'all',
          singleColumn: false,
          description: `${a.name} is missing exactly when ${b.name} is (${a.count} rows)`,
        },
      })
    }
  }
}

function singleColumnProposals(specs: readonly ColumnSpec[], nums: readonly NumCol[], table: Table, s: Settings): ConstraintProposal[] {
  const out: ConstraintProposal[] = []
  const base = { violations: 0, violatingRows: [] as number[], holds: 'all' as const, score: 0, singleColumn: true }
  for (const c of nums) {
    if (c.present < s.minSupport) continue
    if (!c.datetime) {
      // Sign: every present value ≥ 0 (> 0: strict), whatever the column means; likewise ≤ 0.
      if (c.min >= 0)
        out.push({
          ...base,
          kind: 'positive',
          columns: [c.name],
          support: c.present,
          constraint: c.min > 0 ? { type: 'positive', column: c.name, strict: true } : { type: 'positive', column: c.name },
          description: `${c.name} ${c.min > 0 ? '>' : '≥'} 0 (minimum ${num(c.min)} over ${c.present} values)`,
        })
      else if (c.max <= 0)
        out.push({
          ...base,
          kind: 'negative',
          columns: [c.name],
          support: c.present,
          constraint: c.max < 0 ? { type: 'negative', column: c.name, strict: true } : { type: 'negative', column: c.name },
          description: `${c.name} ${c.max < 0 ? '<' : '≤'} 0 (maximum ${num(c.max)})`,
        })
      // A capped extreme: at least 3 rows at the bound and more than twice as many as at the nearest other value.
      const pile = (atBound: number, next: number) => atBound >= 3 && atBound > 2 * next
      const runs = (from: number, step: number) => {
        const x = c.sorted[from]!
        let q = from
        while (q >= 0 && q < c.sorted.length && c.sorted[q] === x) q += step
        const first = Math.abs(q - from)
        const y = c.sorted[q]
        let q2 = q
        while (q2 >= 0 && q2 < c.sorted.length && c.sorted[q2] === y) q2 += step
        return [first, Math.abs(q2 - q)] as const
      }
      const [atMax, nextMax] = runs(c.sorted.length - 1, -1)
      const [atMin, nextMin] = runs(0, 1)
      const capMax = c.distinct > 2 && pile(atMax, nextMax)
      const capMin = c.distinct > 2 && c.min !== 0 && pile(atMin, nextMin)
      if (capMax || capMin)
        out.push({
          ...base,
          kind: 'bounds',
          columns: [c.name],
          support: c.present,
          constraint: { type: 'range', column: c.name, ...(capMin ? { min: c.min } : {}), ...(capMax ? { max: c.max } : {}) },
          description: `${c.name} is capped: ${[
            capMin ? `${atMin} rows at the minimum ${num(c.min)}` : '',
            capMax ? `${atMax} rows at the maximum ${num(c.max)}` : '',
          ]
            .filter(Boolean)
            .join(', ')}`,
        })
    }
  }
  // Keys: every present value distinct (ids, categories, integers, datetimes; not floats, which are distinct anyway).
  for (const spec of specs) {
    const col = table.columns[spec.name]!
    let present = 0
    let unique = true
    if (col.type === 'numeric') {
      const c = nums.find((x) => x.name === spec.name)!
      if (!(spec.kind === 'datetime' || (spec.kind === 'numerical' && spec.type === 'int'))) continue
      present = c.present
      unique = c.distinct === c.present
    } else if (col.type === 'coded') {
      if (spec.kind === 'boolean') continue
      const seen = new Uint8Array(col.dictionary.length)
      for (const code of col.codes) {
        if (code < 0) continue
        present++
        if (seen[code]) unique = false
        seen[code] = 1
      }
    } else {
      if (spec.kind === 'text') continue
      const seen = new Set<string>()
      for (const x of col.values) {
        if (x === null) continue
        present++
        if (seen.has(x)) unique = false
        seen.add(x)
      }
    }
    if (unique && present >= s.minSupport)
      out.push({
        ...base,
        kind: 'unique',
        columns: [spec.name],
        support: present,
        constraint: { type: 'unique', columns: [spec.name] },
        description: `${spec.name} is a key: its ${present} present values are all distinct`,
      })
  }
  return out
}

function decodeOptions(options: unknown): Settings & { columns?: readonly string[] } {
  const r = DiscoverOptionsCodec.decode(options ?? {})
  if (E.isLeft(r)) throw new SynthkitError('OPTIONS_INVALID', 'invalid discovery options', ioTsIssues(r.left))
  const o = r.right
  const rate = o.maxViolationRate ?? 0.002
  if (rate < 0 || rate >= 0.5)
    throw new SynthkitError('OPTIONS_INVALID', 'invalid discovery options', [
      { path: 'maxViolationRate', message: `expected a share in [0, 0.5), got ${rate}` },
    ])
  return {
    columns: o.columns,
    minSupport: Math.max(2, o.minSupport ?? 10),
    rate,
    minScore: o.minScore ?? 6,
    maxRows: o.maxViolatingRows ?? 5,
    maxCategories: o.maxCategories ?? 64,
    maxCombinations: o.maxCombinations ?? 1000,
  }
}

/**
 * Proposes constraints that hold on (almost) every row of `table`, ranked best first; see the module comment for
 * the significance rule and each kind's chance probability:
 * - order `a ≤ b` / `a < b` between numerical (or between datetime) columns when both are present: π = P(a > b) for
 *   independent draws from the two columns' values; p = P(Binomial(rows, π) ≤ violations);
 * - functional dependency `A → B` between categorical, boolean, id or low-cardinality integer columns: each row
 *   after the first of its A value is a trial that breaks the dependency with probability ≥ 1 − max_b p(b); given as
 *   a fixedCombinations constraint with the learned pairs (and a proposed `functionalDependency` type);
 * - fixed combinations: pairs of categories that never (or almost never) occur together although independence
 *   expects many: p = Π over those cells of the Poisson probability of so few rows;
 * - exact linear relations `t = u + w` (so also `u − w = t`) within half a unit of the finest decimal place, and
 *   constant ratios `t = k·u`: π estimated by evaluating the relation on mis-aligned rows;
 * - conditional relations "y is 0 (or missing) / missing when c = v, x = 0 or x is missing": π = 1 − share of rows
 *   where the consequence holds; "x missing exactly when y missing": p = 1 / C(rows, missing);
 * - single-column: signs (x ≥ 0 when every present value is; > 0 with no zero), capped bounds, unique keys.
 * Pure and deterministic; throws OPTIONS_INVALID for bad options and UNKNOWN_COLUMN for unknown `columns`.
 */
export function discoverConstraints(table: Table, options: DiscoverOptions = {}): DiscoveryResult {
  const s = decodeOptions(options)
  const n = table.nRows
  const unknown = (s.columns ?? []).flatMap((name, i) =>
    table.schema.columns.some((c) => c.name === name)
      ? []
      : [{ path: `columns.${i}`, column: name, message: `column ${JSON.stringify(name)} is not in the schema` }],
  )
  if (unknown.length > 0) throw new SynthkitError('UNKNOWN_COLUMN', 'discovery was asked for columns the table does not have', unknown)
  const wanted = s.columns ? new Set(s.columns) : null
  const specs = table.schema.columns.filter((c) => (wanted ? wanted.has(c.name) : true) && c.sensitivity !== 'pii')
  const nums: NumCol[] = []
  const discs: DiscCol[] = []
  const missingOf: { name: string; missing: (r: number) => boolean; count: number }[] = []
  for (const spec of specs) {
    const col = table.columns[spec.name]!
    if (col.type === 'numeric') {
      const c = prepareNumeric(spec, col.values)
      nums.push(c)
      const d = discreteFromNumeric(c, s.maxCategories)
      if (d) discs.push(d)
      missingOf.push({ name: c.name, missing: (r) => c.values[r] !== c.values[r], count: c.missing })
    } else if (col.type === 'coded') {
      const dict = col.dictionary
      const d =
        spec.kind === 'boolean'
          ? discreteFromCodes(
              spec.name,
              col.codes,
              dict.length,
              (c) => c,
              (c) => String(c),
              false,
            )
          : discreteFromCodes(
              spec.name,
              col.codes,
              dict.length,
              (c) => dict[c]!,
              (c) => stringLiteral(dict[c]!),
              false,
            )
      discs.push(d)
      missingOf.push({ name: d.name, missing: (r) => col.codes[r]! < 0, count: n - d.present })
    } else if (spec.kind === 'id') {
      const index = new Map<string, number>()
      const levels: string[] = []
      const codes = new Int32Array(n)
      for (let r = 0; r < n; r++) {
        const x = col.values[r]
        if (x === null || x === undefined) {
          codes[r] = -1
          continue
        }
        let c = index.get(x)
        if (c === undefined) (c = levels.length), index.set(x, c), levels.push(x)
        codes[r] = c
      }
      if (levels.length < n)
        discs.push(
          discreteFromCodes(
            spec.name,
            codes,
            levels.length,
            (c) => levels[c]!,
            (c) => stringLiteral(levels[c]!),
            true,
          ),
        )
    }
  }
  let tested = 0
  const count = () => {
    tested++
  }
  const candidates: Candidate[] = []
  orderCandidates(nums, s, n, count, candidates)
  const joint = jointCache(n)
  const deps = dependencyCandidates(discs, joint, s, n, count, candidates)
  combinationCandidates(discs, joint, s, n, deps, count, candidates)
  linearCandidates(nums, s, n, count, candidates)
  ratioCandidates(nums, s, n, count, candidates)
  conditionalCandidates(nums, discs, s, n, count, candidates)
  missingTogetherCandidates(missingOf, s, n, count, candidates)
  const correction = Math.log10(Math.max(1, tested))
  const multi: ConstraintProposal[] = candidates
    .map((c) => ({ c, score: Math.max(0, -c.log10p - correction) }))
    .filter((x) => x.score >= s.minScore)
    .sort((a, b) => b.score - a.score || a.c.proposal.violations - b.c.proposal.violations)
    .map(({ c, score }) => ({ ...c.proposal, constraint: c.constraint(), violatingRows: c.violatingRows(), score }))
  return { proposals: [...multi, ...singleColumnProposals(specs, nums, table, s)], candidatesTested: tested, rows: n }
}
