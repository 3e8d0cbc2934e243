import type { MixedPoints } from './mixed-tree'

/** Comparison operators of singling-out queries (anonymeter's pandas query language, typed). */
export const Op = { Eq: 0, Ne: 1, Gt: 2, Lt: 3, Ge: 4, Le: 5, IsNa: 6, NotNa: 7 } as const

export const OP_TEXT = ['==', '!=', '>', '<', '>=', '<=', 'isna', 'notna'] as const

/**
 * A conjunction of column predicates. Column `col` < dn is numerical column `col`, otherwise categorical column
 * `col − dn`; categorical values are codes of the shared dictionary. Semantics follow pandas: a missing value fails
 * every comparison except `!=`.
 */
export interface Query {
  readonly cols: Int32Array
  readonly ops: Uint8Array
  readonly values: Float64Array
}

function matches(p: MixedPoints, i: number, col: number, op: number, x: number): boolean {
  if (col < p.dn) {
    const v = p.num[i * p.dn + col]
    switch (op) {
      case Op.Eq:
        return v === x
      case Op.Ne:
        return v !== x
      case Op.Gt:
        return v > x
      case Op.Lt:
        return v < x
      case Op.Ge:
        return v >= x
      case Op.Le:
        return v <= x
      case Op.IsNa:
        return v !== v
      default:
        return v === v
    }
  }
  const c = p.cat[i * p.dc + col - p.dn]
  switch (op) {
    case Op.Eq:
      return c === x
    case Op.Ne:
      return c !== x
    case Op.IsNa:
      return c === -1
    default:
      return c !== -1
  }
}

/** True when row `i` satisfies every predicate of the query. */
export function rowMatches(p: MixedPoints, i: number, q: Query): boolean {
  for (let t = 0; t < q.cols.length; t++) if (!matches(p, i, q.cols[t], q.ops[t], q.values[t])) return false
  return true
}

/** Number of matching rows, counting no further than `limit` (singling out only needs to know "exactly one"). */
export function countMatches(p: MixedPoints, q: Query, limit = 2, rows?: ArrayLike<number>): number {
  let count = 0
  const n = rows ? rows.length : p.n
  for (let t = 0; t < n; t++) {
    if (rowMatches(p, rows ? rows[t] : t, q)) {
      count++
      if (count >= limit) return count
    }
  }
  return count
}

/** All matching rows. */
export function matchingRows(p: MixedPoints, q: Query): number[] {
  const out: number[] = []
  for (let i = 0; i < p.n; i++) if (rowMatches(p, i, q)) out.push(i)
  return out
}

/** A canonical text of the query (predicates sorted by column), for de-duplication and reports. */
export function queryKey(q: Query, names: readonly string[], dictionaries: readonly (readonly string[])[], dn: number): string {
  const parts: string[] = []
  const order = Array.from(q.cols.keys()).sort((a, b) => q.cols[a] - q.cols[b])
  for (const t of order) {
    const col = q.cols[t]
    const op = q.ops[t]
    if (op === Op.IsNa || op === Op.NotNa) parts.push(`${op === Op.NotNa ? 'not ' : ''}${names[col]}.isna()`)
    else if (col < dn) parts.push(`${names[col]} ${OP_TEXT[op]} ${q.values[t]}`)
    else parts.push(`${names[col]} ${OP_TEXT[op]} ${JSON.stringify(dictionaries[col - dn][q.values[t]])}`)
  }
  return parts.join(' & ')
}
