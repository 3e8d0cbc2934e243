import { type Table, SynthkitError, formatDatetime } from '@synthkit/core'
import { type AlignedLayout, alignLayout, toPoints } from './internal/aligned'
import type { MixedPoints } from './internal/mixed-tree'
import { indexRows, rowHashes } from './internal/row-hash'

/** Options of {@link anonymityReport}. */
export interface AnonymityOptions {
  /** Quasi-identifier columns (default: the schema's `quasi-identifier` columns). */
  readonly quasiIdentifiers?: readonly string[]
  /** Sensitive columns for l-diversity and t-closeness (default: the schema's `sensitive` columns). */
  readonly sensitive?: readonly string[]
  /** Combinations seen fewer than this many times are listed as rare (default 5). */
  readonly rareBelow?: number
  /** At most this many rare combinations are listed (default 20, rarest first). */
  readonly maxListed?: number
}

/** One quasi-identifier combination and how many rows share it. */
export interface QuasiIdentifierCombination {
  readonly values: Readonly<Record<string, string | number | null>>
  readonly count: number
}

/** l-diversity and t-closeness of one sensitive column over the equivalence classes. */
export interface SensitiveColumnMeasures {
  readonly column: string
  /** Distinct l-diversity: the fewest distinct sensitive values in any class. */
  readonly distinctL: number
  /** Entropy l-diversity: min over classes of exp(entropy of the class's sensitive values). */
  readonly entropyL: number
  /** t-closeness: the largest Earth Mover's distance between a class's and the table's distribution (Li et al. 2007). */
  readonly t: number
}

/** Equivalence-class measures of one table. */
export interface AnonymityMeasures {
  readonly rows: number
  readonly classes: number
  /** k-anonymity: size of the smallest class. */
  readonly k: number
  /** Rows in classes smaller than `rareBelow`. */
  readonly rowsInRareClasses: number
  readonly rare: readonly QuasiIdentifierCombination[]
  readonly sensitive: readonly SensitiveColumnMeasures[]
}

/** What {@link anonymityReport} returns (plain JSON). */
export interface AnonymityReport {
  readonly attack: 'anonymity'
  readonly parameters: { readonly quasiIdentifiers: readonly string[]; readonly sensitive: readonly string[]; readonly rareBelow: number }
  readonly real: AnonymityMeasures
  readonly synthetic: AnonymityMeasures | null
  /** Real combinations rarer than `rareBelow` that the synthetic table reproduces (a singling-out hint). */
  readonly rareRealInSynthetic: number | null
}

/** Class number of each row (rows with equal quasi-identifiers share it), and the class sizes. */
function classes(p: MixedPoints): { id: Int32Array; sizes: number[]; first: number[] } {
  const hashes = rowHashes(p)
  const byHash = new Map<number, number[]>()
  const id = new Int32Array(p.n)
  const sizes: number[] = []
  const first: number[] = []
  const index = indexRows(p, hashes)
  for (let i = 0; i < p.n; i++) {
    const rep = index.find(p, i, hashes[i])
    const list = byHash.get(rep)
    if (list) {
      id[i] = list[0]
      sizes[list[0]]++
    } else {
      byHash.set(rep, [sizes.length])
      id[i] = sizes.length
      sizes.push(1)
      first.push(i)
    }
  }
  return { id, sizes, first }
}

function valueOf(layout: AlignedLayout, p: MixedPoints, row: number, name: string): string | number | null {
  const j = layout.numerical.indexOf(name)
  if (j >= 0) {
    const v = p.num[row * p.dn + j]
    if (v !== v) return null
    return layout.numericalKinds[j] === 'datetime' ? formatDatetime(v) : v
  }
  const c = layout.categorical.indexOf(name)
  const code = p.cat[row * p.dc + c]
  return code < 0 ? null : layout.dictionaries[c][code]
}

/** Sensitive value of each row as a category number (numerical values by rank of distinct values; missing = its own). */
function sensitiveCodes(layout: AlignedLayout, p: MixedPoints, name: string): { codes: Int32Array; levels: number; ordered: boolean } {
  const j = layout.numerical.indexOf(name)
  const codes = new Int32Array(p.n)
  if (j < 0) {
    const c = layout.categorical.indexOf(name)
    for (let i = 0; i < p.n; i++) codes[i] = p.cat[i * p.dc + c] + 1
    return { codes, levels: layout.dictionaries[c].length + 1, ordered: false }
  }
  const distinct = Array.from(new Set(Array.from({ length: p.n }, (_, i) => p.num[i * p.dn + j]).filter((v) => v === v))).sort(
    (a, b) => a - b,
  )
  const rank = new Map(distinct.map((v, r) => [v, r]))
  for (let i = 0; i < p.n; i++) {
    const v = p.num[i * p.dn + j]
    codes[i] = v !== v ? distinct.length : rank.get(v)!
  }
  return { codes, levels: distinct.length + 1, ordered: true }
}

function measures(
  layout: AlignedLayout,
  qi: readonly string[],
  sensitive: readonly string[],
  p: MixedPoints,
  qiPoints: MixedPoints,
  rareBelow: number,
  maxListed: number,
): AnonymityMeasures {
  const { id, sizes, first } = classes(qiPoints)
  let rowsInRare = 0
  const rareIds: number[] = []
  sizes.forEach((s, c) => {
    if (s < rareBelow) {
      rowsInRare += s
      rareIds.push(c)
    }
  })
  rareIds.sort((a, b) => sizes[a] - sizes[b] || a - b)
  const rare = rareIds.slice(0, maxListed).map((c) => ({
    values: Object.fromEntries(qi.map((name) => [name, valueOf(layout, p, first[c], name)])),
    count: sizes[c],
  }))
  const sens = sensitive.map((name) => {
    const { codes, levels, ordered } = sensitiveCodes(layout, p, name)
    const overall = new Float64Array(levels)
    for (let i = 0; i < p.n; i++) overall[codes[i]] += 1 / p.n
    const counts = new Float64Array(sizes.length * levels)
    for (let i = 0; i < p.n; i++) counts[id[i] * levels + codes[i]]++
    let distinctL = Infinity
    let entropyL = Infinity
    let t = 0
    for (let c = 0; c < sizes.length; c++) {
      let distinct = 0
      let h = 0
      let emd = 0
      let cum = 0
      for (let v = 0; v < levels; v++) {
        const q = counts[c * levels + v] / sizes[c]
        if (q > 0) {
          distinct++
          h -= q * Math.log(q)
        }
        // Li et al. 2007: ordered values → (1/(m−1)) Σ |cumulative difference|; categories (equal distance) → ½ Σ |p − q|.
        if (ordered) {
          cum += q - overall[v]
          emd += Math.abs(cum)
        } else emd += Math.abs(q - overall[v]) / 2
      }
      if (ordered) emd /= Math.max(levels - 1, 1)
      distinctL = Math.min(distinctL, distinct)
      entropyL = Math.min(entropyL, Math.exp(h))
      t = Math.max(t, emd)
    }
    return { column: name, distinctL, entropyL, t }
  })
  return { rows: p.n, classes: sizes.length, k: Math.min(...sizes), rowsInRareClasses: rowsInRare, rare, sensitive: sens }
}

/**
 * k-anonymity, l-diversity (distinct and entropy) and t-closeness over the quasi-identifier columns, for the real
 * table and optionally the synthetic one, with the rarest quasi-identifier combinations listed. Values are compared
 * exactly: generalize (bin, truncate) numerical quasi-identifiers first if they are continuous.
 */
export function anonymityReport(real: Table, synthetic?: Table, options: AnonymityOptions = {}): AnonymityReport {
  const tagged = (tag: string) => real.schema.columns.filter((c) => c.sensitivity === tag).map((c) => c.name)
  const qi = options.quasiIdentifiers ?? tagged('quasi-identifier')
  const sensitive = options.sensitive ?? tagged('sensitive')
  const rareBelow = options.rareBelow ?? 5
  const maxListed = options.maxListed ?? 20
  if (qi.length === 0) {
    throw new SynthkitError('OPTIONS_INVALID', 'No quasi-identifier columns', [
      { path: 'quasiIdentifiers', message: 'tag columns "quasi-identifier" in the schema or pass quasiIdentifiers' },
    ])
  }
  if (real.nRows === 0) throw new SynthkitError('EMPTY_TABLE', 'The real table has no rows')
  const overlap = sensitive.filter((s) => qi.includes(s))
  if (overlap.length > 0)
    throw new SynthkitError(
      'OPTIONS_INVALID',
      'A column cannot be both quasi-identifier and sensitive',
      overlap.map((c) => ({ path: 'sensitive', column: c, message: `"${c}" is also a quasi-identifier` })),
    )
  const tables = [{ name: 'real', table: real }, ...(synthetic ? [{ name: 'synthetic', table: synthetic }] : [])]
  const layout = alignLayout(tables, [...qi, ...sensitive])
  const qiLayout = alignLayout(tables, qi)
  const r = toPoints(layout, real)
  const rq = toPoints(qiLayout, real)
  const realMeasures = measures(layout, qi, sensitive, r, rq, rareBelow, maxListed)
  let synMeasures: AnonymityMeasures | null = null
  let rareIn: number | null = null
  if (synthetic && synthetic.nRows > 0) {
    const s = toPoints(layout, synthetic)
    const sq = toPoints(qiLayout, synthetic)
    synMeasures = measures(layout, qi, sensitive, s, sq, rareBelow, maxListed)
    const { sizes, first } = classes(rq)
    const index = indexRows(sq)
    const hashes = rowHashes(rq)
    rareIn = 0
    sizes.forEach((size, c) => {
      if (size < rareBelow && index.find(rq, first[c], hashes[first[c]]) >= 0) rareIn!++
    })
  }
  return {
    attack: 'anonymity',
    parameters: { quasiIdentifiers: qi, sensitive, rareBelow },
    real: realMeasures,
    synthetic: synMeasures,
    rareRealInSynthetic: rareIn,
  }
}
