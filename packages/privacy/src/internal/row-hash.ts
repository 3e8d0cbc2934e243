import type { MixedPoints } from './mixed-tree'

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)

/** A 53-bit hash of each row (two 32-bit multiplicative hashes of the value bits; all NaNs hash alike). */
export function rowHashes(p: MixedPoints): Float64Array {
  const out = new Float64Array(p.n)
  for (let i = 0; i < p.n; i++) {
    let h1 = 0x811c9dc5 | 0
    let h2 = 0x9747b28c | 0
    for (let j = 0; j < p.dn; j++) {
      const v = p.num[i * p.dn + j]
      f64[0] = v !== v ? Number.NaN : v === 0 ? 0 : v
      h1 = Math.imul(h1 ^ u32[0], 0x01000193)
      h1 = Math.imul(h1 ^ u32[1], 0x01000193)
      h2 = Math.imul(h2 ^ u32[1], 0x5bd1e995) ^ (h2 >>> 15)
      h2 = Math.imul(h2 ^ u32[0], 0x5bd1e995) ^ (h2 >>> 13)
    }
    for (let c = 0; c < p.dc; c++) {
      const v = p.cat[i * p.dc + c]
      h1 = Math.imul(h1 ^ v, 0x01000193)
      h2 = Math.imul(h2 ^ v, 0x5bd1e995) ^ (h2 >>> 15)
    }
    out[i] = (h1 >>> 0) * 2097152 + ((h2 >>> 0) >>> 11)
  }
  return out
}

/** True when row `i` of `a` equals row `j` of `b` on every column (missing equals missing). */
export function sameRow(a: MixedPoints, i: number, b: MixedPoints, j: number): boolean {
  for (let k = 0; k < a.dn; k++) {
    const x = a.num[i * a.dn + k]
    const y = b.num[j * b.dn + k]
    if (x !== y && !(x !== x && y !== y)) return false
  }
  for (let k = 0; k < a.dc; k++) if (a.cat[i * a.dc + k] !== b.cat[j * b.dc + k]) return false
  return true
}

/** An exact row index: hash buckets verified value by value, so collisions never merge different rows. */
export interface RowIndex {
  /** A row of the indexed table equal to row `i` of `q`, or −1. */
  find(q: MixedPoints, i: number, hash: number): number
}

/** Indexes the rows of `p` (the first of equal rows represents them). */
export function indexRows(p: MixedPoints, hashes = rowHashes(p)): RowIndex {
  const buckets = new Map<number, number | number[]>()
  for (let i = 0; i < p.n; i++) {
    const h = hashes[i]
    const b = buckets.get(h)
    if (b === undefined) buckets.set(h, i)
    else if (typeof b === 'number') {
      if (!sameRow(p, b, p, i)) buckets.set(h, [b, i])
    } else if (!b.some((r) => sameRow(p, r, p, i))) b.push(i)
  }
  return {
    find(q, i, hash) {
      const b = buckets.get(hash)
      if (b === undefined) return -1
      if (typeof b === 'number') return sameRow(p, b, q, i) ? b : -1
      for (const r of b) if (sameRow(p, r, q, i)) return r
      return -1
    },
  }
}

/** Row numbers of the first occurrence of each distinct row, in order (pandas' `drop_duplicates`). */
export function distinctRows(p: MixedPoints): Int32Array {
  const hashes = rowHashes(p)
  const seen = new Map<number, number[]>()
  const keep: number[] = []
  for (let i = 0; i < p.n; i++) {
    const h = hashes[i]
    const b = seen.get(h)
    if (b && b.some((r) => sameRow(p, r, p, i))) continue
    if (b) b.push(i)
    else seen.set(h, [i])
    keep.push(i)
  }
  return Int32Array.from(keep)
}

/** Takes rows of points. */
export function takePoints(p: MixedPoints, rows: ArrayLike<number>): MixedPoints {
  const n = rows.length
  const num = new Float64Array(n * p.dn)
  const cat = new Int32Array(n * p.dc)
  for (let i = 0; i < n; i++) {
    num.set(p.num.subarray(rows[i] * p.dn, rows[i] * p.dn + p.dn), i * p.dn)
    cat.set(p.cat.subarray(rows[i] * p.dc, rows[i] * p.dc + p.dc), i * p.dc)
  }
  return { n, dn: p.dn, dc: p.dc, num, cat }
}

/** Number of rows of `b` equal to some row of `a`. */
export function countShared(a: MixedPoints, b: MixedPoints): number {
  const index = indexRows(a)
  const hb = rowHashes(b)
  let shared = 0
  for (let i = 0; i < b.n; i++) if (index.find(b, i, hb[i]) >= 0) shared++
  return shared
}
