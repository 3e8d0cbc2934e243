// Exact k-nearest-neighbour search under the mixed-type distance of SDMetrics' DCR (and anonymeter's Gower variant).
//
// distance(a, b) = Σ_j term_j(a_j, b_j), over numerical columns then categorical columns, where
//   numerical:   min(|a − b| / scale_j, cap); missing vs value = 1, missing vs missing = 0
//   categorical: 0 if the codes are equal (missing = its own code), else 1
// Callers divide by the column count for SDMetrics' mean. A zero-range column (SDMetrics: "1 if the values differ")
// uses scale = Number.MIN_VALUE, so that any non-zero difference divides to +Infinity and caps at 1.
//
// Why the search is exact: it is a k-d tree whose splits may be numerical (at the median) or categorical (at a code
// boundary). Every node keeps, per numerical column, the [min, max] of its non-missing values and whether it holds a
// missing value, and per categorical column the set of codes it holds (a bit set). The node's lower bound sums, in the
// same column order as the distance, the smallest term any of its rows can reach: the gap from the query to
// [min, max] (0 inside), scaled and capped, or 0/1 for missing and for a code in/not in the set. IEEE subtraction,
// division, min and addition of non-negative terms are monotone, so the floating-point bound is ≤ the floating-point
// distance of every row in the node, and a node whose bound is ≥ the current k-th best distance cannot improve it.
// Rows are scanned with the same early exit (partial sums only grow). Nothing is approximated.

/** Points in row-major typed arrays: `num[i * dn + j]` (NaN = missing), `cat[i * dc + c]` (−1 = missing). */
export interface MixedPoints {
  readonly n: number
  readonly dn: number
  readonly dc: number
  readonly num: Float64Array
  readonly cat: Int32Array
}

/** Parameters of the distance: per numerical column a scale, one cap for all numerical terms, the category counts. */
export interface MixedMetric {
  readonly scale: Float64Array
  readonly cap: number
  /** Number of codes per categorical column (codes 0…card−1, plus −1 for missing). */
  readonly cardinality: Int32Array
}

const LEAF_SIZE = 12
const MAX_MASKED_CODES = 4096

/** A built tree over reference points; `perm` holds reference row numbers in leaf order. */
export interface MixedTree {
  readonly points: MixedPoints
  readonly metric: MixedMetric
  readonly perm: Int32Array
  readonly start: Int32Array
  readonly end: Int32Array
  readonly left: Int32Array
  readonly right: Int32Array
  readonly lo: Float64Array
  readonly hi: Float64Array
  readonly hasNaN: Uint8Array
  readonly masks: Uint32Array
  readonly maskOffset: Int32Array
  readonly maskWords: number
  readonly nodes: number
}

/** Distance between query row `qi` of `q` and reference row `ri` of `r`, stopping once it reaches `bound`. */
export function mixedDistance(q: MixedPoints, qi: number, r: MixedPoints, ri: number, metric: MixedMetric, bound = Infinity): number {
  const { dn, dc } = q
  const { scale, cap } = metric
  let s = 0
  const qo = qi * dn
  const ro = ri * dn
  for (let j = 0; j < dn; j++) {
    const a = q.num[qo + j]
    const b = r.num[ro + j]
    if (a !== a) s += b !== b ? 0 : 1
    else if (b !== b) s += 1
    else {
      const t = Math.abs(a - b) / scale[j]
      s += t < cap ? t : cap
    }
    if (s >= bound) return s
  }
  const qc = qi * dc
  const rc = ri * dc
  for (let c = 0; c < dc; c++) {
    if (q.cat[qc + c] !== r.cat[rc + c]) {
      s += 1
      if (s >= bound) return s
    }
  }
  return s
}

/** Builds the tree over all rows of `points`. O(n·d·log n). */
export function buildMixedTree(points: MixedPoints, metric: MixedMetric): MixedTree {
  const { n, dn, dc } = points
  const perm = new Int32Array(n)
  for (let i = 0; i < n; i++) perm[i] = i
  const maxNodes = 2 * n + 1
  const start = new Int32Array(maxNodes)
  const end = new Int32Array(maxNodes)
  const left = new Int32Array(maxNodes).fill(-1)
  const right = new Int32Array(maxNodes).fill(-1)
  const lo = new Float64Array(maxNodes * dn)
  const hi = new Float64Array(maxNodes * dn)
  const hasNaN = new Uint8Array(maxNodes * dn)
  const maskOffset = new Int32Array(dc).fill(-1)
  let maskWords = 0
  for (let c = 0; c < dc; c++) {
    const codes = metric.cardinality[c] + 1
    if (codes <= MAX_MASKED_CODES) {
      maskOffset[c] = maskWords
      maskWords += Math.ceil(codes / 32)
    }
  }
  const masks = new Uint32Array(maxNodes * maskWords)
  const keys = new Float64Array(n)
  const counts = new Int32Array(Math.max(1, ...Array.from(metric.cardinality, (k) => k + 1)))
  const scratch = new Int32Array(n)
  let nodes = 0

  const summarize = (node: number, s: number, e: number): void => {
    const o = node * dn
    for (let j = 0; j < dn; j++) {
      lo[o + j] = Infinity
      hi[o + j] = -Infinity
    }
    const mo = node * maskWords
    for (let p = s; p < e; p++) {
      const i = perm[p]
      for (let j = 0; j < dn; j++) {
        const v = points.num[i * dn + j]
        if (v !== v) hasNaN[o + j] = 1
        else {
          if (v < lo[o + j]) lo[o + j] = v
          if (v > hi[o + j]) hi[o + j] = v
        }
      }
      for (let c = 0; c < dc; c++) {
        if (maskOffset[c] < 0) continue
        const bit = points.cat[i * dc + c] + 1
        masks[mo + maskOffset[c] + (bit >>> 5)] |= 1 << (bit & 31)
      }
    }
  }

  // Spread of a column within the node: how far apart a split would push the two halves.
  const chooseSplit = (node: number, s: number, e: number): number => {
    let best = -1
    let bestSpread = 0
    const o = node * dn
    for (let j = 0; j < dn; j++) {
      let spread = 0
      if (lo[o + j] <= hi[o + j]) {
        const t = (hi[o + j] - lo[o + j]) / metric.scale[j]
        spread = t < metric.cap ? t : metric.cap
        if (spread > 1) spread = 1
      }
      if (hasNaN[o + j] && lo[o + j] <= hi[o + j]) spread = 1
      if (spread > bestSpread) {
        bestSpread = spread
        best = j
      }
    }
    const size = e - s
    for (let c = 0; c < dc; c++) {
      const card = metric.cardinality[c] + 1
      counts.fill(0, 0, card)
      let maxCount = 0
      for (let p = s; p < e; p++) {
        const k = ++counts[points.cat[perm[p] * dc + c] + 1]
        if (k > maxCount) maxCount = k
      }
      const spread = 1 - maxCount / size
      if (spread > bestSpread) {
        bestSpread = spread
        best = dn + c
      }
    }
    return best
  }

  // Reorders perm[s, e) so that the row at `k` has its sorted key and no smaller key lies after it (Hoare selection).
  const select = (s: number, e: number, k: number): void => {
    let l = s
    let r = e - 1
    while (r > l) {
      const pivot = keys[perm[(l + r) >>> 1]]
      let i = l
      let j = r
      while (i <= j) {
        while (keys[perm[i]] < pivot) i++
        while (keys[perm[j]] > pivot) j--
        if (i <= j) {
          const tmp = perm[i]
          perm[i] = perm[j]
          perm[j] = tmp
          i++
          j--
        }
      }
      if (k <= j) r = j
      else if (k >= i) l = i
      else return
    }
  }

  const splitNumerical = (j: number, s: number, e: number): number => {
    for (let p = s; p < e; p++) {
      const v = points.num[perm[p] * dn + j]
      keys[perm[p]] = v !== v ? Infinity : v
    }
    const mid = (s + e) >>> 1
    select(s, e, mid)
    return mid
  }

  // Counting sort by code, then the code boundary nearest the middle, so the halves hold disjoint code sets.
  const splitCategorical = (c: number, s: number, e: number): number => {
    const card = metric.cardinality[c] + 1
    counts.fill(0, 0, card)
    for (let p = s; p < e; p++) counts[points.cat[perm[p] * dc + c] + 1]++
    let acc = s
    let bestCut = -1
    let bestGap = Infinity
    const mid = (s + e) / 2
    for (let k = 0; k < card; k++) {
      const here = counts[k]
      counts[k] = acc
      acc += here
      if (acc > s && acc < e && Math.abs(acc - mid) < bestGap) {
        bestGap = Math.abs(acc - mid)
        bestCut = acc
      }
    }
    for (let p = s; p < e; p++) {
      const i = perm[p]
      scratch[counts[points.cat[i * dc + c] + 1]++] = i
    }
    perm.set(scratch.subarray(s, e), s)
    return bestCut
  }

  const build = (s: number, e: number): number => {
    const node = nodes++
    start[node] = s
    end[node] = e
    summarize(node, s, e)
    if (e - s <= LEAF_SIZE) return node
    const dim = chooseSplit(node, s, e)
    if (dim < 0) return node
    const cut = dim < dn ? splitNumerical(dim, s, e) : splitCategorical(dim - dn, s, e)
    if (cut <= s || cut >= e) return node
    left[node] = build(s, cut)
    right[node] = build(cut, e)
    return node
  }
  if (n > 0) build(0, n)
  return { points, metric, perm, start, end, left, right, lo, hi, hasNaN, masks, maskOffset, maskWords, nodes }
}

/** Smallest distance any reference row of `node` can have to query row `qi` (see the header for why it is a bound). */
function lowerBound(tree: MixedTree, node: number, q: MixedPoints, qi: number): number {
  const { dn, dc } = q
  const { scale, cap } = tree.metric
  let s = 0
  const o = node * dn
  const qo = qi * dn
  for (let j = 0; j < dn; j++) {
    const v = q.num[qo + j]
    const l = tree.lo[o + j]
    const h = tree.hi[o + j]
    const nan = tree.hasNaN[o + j] === 1
    if (v !== v) s += nan ? 0 : 1
    else if (l > h) s += 1
    else if (v < l || v > h) {
      let t = (v < l ? l - v : v - h) / scale[j]
      if (t > cap) t = cap
      if (nan && t > 1) t = 1
      s += t
    }
  }
  if (tree.maskWords > 0) {
    const mo = node * tree.maskWords
    const qc = qi * dc
    for (let c = 0; c < dc; c++) {
      const off = tree.maskOffset[c]
      if (off < 0) continue
      const bit = q.cat[qc + c] + 1
      // A query code outside the reference dictionary (bit ≥ cardinality + 1) is in no node: +1 everywhere.
      const word = tree.masks[mo + off + (bit >>> 5)]
      if (bit < 0 || bit > tree.metric.cardinality[c] || (word & (1 << (bit & 31))) === 0) s += 1
    }
  }
  return s
}

/** The k nearest reference rows of every query row: distances (sums, ascending) and reference row numbers. */
export interface Neighbours {
  readonly k: number
  readonly distance: Float64Array
  readonly index: Int32Array
}

/**
 * Exact k nearest neighbours of each row of `q` among the tree's rows. Equal distances keep the row met first in
 * the tree's (deterministic) visiting order. Rows of `q` are read through `rows` when given (a subset).
 */
export function kNearest(tree: MixedTree, q: MixedPoints, k: number, rows?: ArrayLike<number>): Neighbours {
  const m = rows ? rows.length : q.n
  const distance = new Float64Array(m * k).fill(Infinity)
  const index = new Int32Array(m * k).fill(-1)
  if (tree.nodes === 0) return { k, distance, index }
  const { perm, left, right, start, end } = tree
  const r = tree.points
  let base = 0
  let qi = 0
  const consider = (ri: number, d: number): void => {
    let p = base + k - 1
    while (p > base && distance[p - 1] > d) {
      distance[p] = distance[p - 1]
      index[p] = index[p - 1]
      p--
    }
    distance[p] = d
    index[p] = ri
  }
  const visit = (node: number): void => {
    if (left[node] < 0) {
      for (let p = start[node]; p < end[node]; p++) {
        const ri = perm[p]
        const bound = distance[base + k - 1]
        const d = mixedDistance(q, qi, r, ri, tree.metric, bound)
        if (d < bound) consider(ri, d)
      }
      return
    }
    const a = left[node]
    const b = right[node]
    const la = lowerBound(tree, a, q, qi)
    const lb = lowerBound(tree, b, q, qi)
    if (la <= lb) {
      if (la < distance[base + k - 1]) visit(a)
      if (lb < distance[base + k - 1]) visit(b)
    } else {
      if (lb < distance[base + k - 1]) visit(b)
      if (la < distance[base + k - 1]) visit(a)
    }
  }
  for (let t = 0; t < m; t++) {
    qi = rows ? rows[t] : t
    base = t * k
    visit(0)
  }
  return { k, distance, index }
}
