import type { MixedPoints } from './mixed-tree'
import { Op, type Query, rowMatches } from './predicate'

/**
 * Per-column sorted indexes of a point set, so a query is counted by walking only the rows of its most selective
 * predicate: numerical columns as rows sorted by value (binary search gives the rows of ==, <, <=, >, >=), categorical
 * columns as rows grouped by code. Counting is exact: every other predicate is still checked on each walked row.
 */
export interface ColumnIndex {
  count(q: Query, limit: number): number
  /** Every matching row, ascending. */
  matching(q: Query): number[]
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

function upperBound(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid] <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Row numbers ordered by `keys` (stable bottom-up merge sort on typed arrays: no comparator calls). */
function argsort(keys: Float64Array): Int32Array {
  const n = keys.length
  let a = Int32Array.from({ length: n }, (_, i) => i)
  let b = new Int32Array(n)
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n)
      const hi = Math.min(lo + 2 * width, n)
      let i = lo
      let j = mid
      let k = lo
      while (i < mid && j < hi) b[k++] = keys[a[j]] < keys[a[i]] ? a[j++] : a[i++]
      while (i < mid) b[k++] = a[i++]
      while (j < hi) b[k++] = a[j++]
    }
    const tmp = a
    a = b
    b = tmp
  }
  return a
}

export function buildColumnIndex(p: MixedPoints): ColumnIndex {
  const { n, dn, dc } = p
  // Numerical: rows in value order (missing values last), and the sorted present values.
  const order: Int32Array[] = []
  const sorted: Float64Array[] = []
  for (let j = 0; j < dn; j++) {
    // Missing values sort last (as +Infinity; real values are finite).
    const keys = new Float64Array(n)
    let present = 0
    for (let i = 0; i < n; i++) {
      const v = p.num[i * dn + j]
      keys[i] = v !== v ? Infinity : v
      if (v === v) present++
    }
    const all = argsort(keys)
    order.push(all)
    const values = new Float64Array(present)
    for (let k = 0; k < present; k++) values[k] = keys[all[k]]
    sorted.push(values)
  }
  // Categorical: rows grouped by code (code −1 = missing first), CSR offsets.
  const groups: Int32Array[] = []
  const offsets: Int32Array[] = []
  for (let c = 0; c < dc; c++) {
    let max = 0
    for (let i = 0; i < n; i++) if (p.cat[i * dc + c] > max) max = p.cat[i * dc + c]
    const off = new Int32Array(max + 3)
    for (let i = 0; i < n; i++) off[p.cat[i * dc + c] + 2]++
    for (let k = 1; k < off.length; k++) off[k] += off[k - 1]
    const fill = off.slice()
    const g = new Int32Array(n)
    for (let i = 0; i < n; i++) g[fill[p.cat[i * dc + c] + 1]++] = i
    groups.push(g)
    offsets.push(off)
  }
  // The rows a single predicate can match, as a slice [from, to) of an index array (null = no index: all rows).
  const candidates = (col: number, op: number, x: number): { rows: Int32Array; from: number; to: number } | null => {
    if (col < dn) {
      const s = sorted[col]
      switch (op) {
        case Op.Eq:
          return { rows: order[col], from: lowerBound(s, x), to: upperBound(s, x) }
        case Op.Lt:
          return { rows: order[col], from: 0, to: lowerBound(s, x) }
        case Op.Le:
          return { rows: order[col], from: 0, to: upperBound(s, x) }
        case Op.Gt:
          return { rows: order[col], from: upperBound(s, x), to: s.length }
        case Op.Ge:
          return { rows: order[col], from: lowerBound(s, x), to: s.length }
        case Op.IsNa:
          return { rows: order[col], from: s.length, to: n }
        case Op.NotNa:
          return { rows: order[col], from: 0, to: s.length }
        default:
          return null
      }
    }
    const c = col - dn
    const off = offsets[c]
    const code = op === Op.IsNa ? -1 : x
    if (op === Op.Eq || op === Op.IsNa) {
      if (code + 1 >= off.length - 1) return { rows: groups[c], from: 0, to: 0 }
      return { rows: groups[c], from: off[code + 1], to: off[code + 2] }
    }
    return null
  }
  const narrowest = (q: Query) => {
    let best: { rows: Int32Array; from: number; to: number } | null = null
    for (let t = 0; t < q.cols.length; t++) {
      const cand = candidates(q.cols[t], q.ops[t], q.values[t])
      if (cand && (!best || cand.to - cand.from < best.to - best.from)) best = cand
    }
    return best
  }
  return {
    matching(q) {
      const best = narrowest(q)
      const out: number[] = []
      if (!best) {
        for (let i = 0; i < n; i++) if (rowMatches(p, i, q)) out.push(i)
        return out
      }
      for (let k = best.from; k < best.to; k++) if (rowMatches(p, best.rows[k], q)) out.push(best.rows[k])
      return out.sort((a, b) => a - b)
    },
    count(q, limit) {
      const best = narrowest(q)
      let count = 0
      if (!best) {
        for (let i = 0; i < n; i++) if (rowMatches(p, i, q) && ++count >= limit) return count
        return count
      }
      for (let k = best.from; k < best.to; k++) if (rowMatches(p, best.rows[k], q) && ++count >= limit) return count
      return count
    },
  }
}
