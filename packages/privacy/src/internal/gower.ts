import type { AttackInput } from './attack-input'
import { type MixedPoints, type Neighbours, buildMixedTree, kNearest } from './mixed-tree'

/** The columns `names` of points laid out as in `input` (a projection, in the same numerical-then-categorical order). */
export function project(input: AttackInput, p: MixedPoints, names: readonly string[], rows?: ArrayLike<number>): MixedPoints {
  const numIdx = input.layout.numerical.map((n, j) => (names.includes(n) ? j : -1)).filter((j) => j >= 0)
  const catIdx = input.layout.categorical.map((n, c) => (names.includes(n) ? c : -1)).filter((c) => c >= 0)
  const n = rows ? rows.length : p.n
  const dn = numIdx.length
  const dc = catIdx.length
  const num = new Float64Array(n * dn)
  const cat = new Int32Array(n * dc)
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i
    for (let j = 0; j < dn; j++) num[i * dn + j] = p.num[r * p.dn + numIdx[j]]
    for (let c = 0; c < dc; c++) cat[i * dc + c] = p.cat[r * p.dc + catIdx[c]]
  }
  return { n, dn, dc, num, cat }
}

/** Categorical cardinalities of the projected columns. */
function projectedCardinality(input: AttackInput, names: readonly string[]): Int32Array {
  return Int32Array.from(input.layout.categorical.flatMap((n, c) => (names.includes(n) ? [input.layout.dictionaries[c].length] : [])))
}

/**
 * The k nearest synthetic rows of each target under anonymeter's Gower distance (mixed_types_kneighbors.py): numerical
 * columns divided by their range over synthetic and target rows together (a zero range is left unscaled) and not
 * capped, categorical columns 0/1, summed. Missing values follow the DCR rules (missing vs value = 1, missing vs
 * missing = 0) where anonymeter adds 1 for two missing values and propagates NaN for one. One tree serves every
 * target set (attack and control), so the range is taken over the synthetic rows and all target sets together
 * (anonymeter: per call, over the synthetic rows and that call's targets — the same unless a target lies outside).
 */
export function gowerNeighbours(input: AttackInput, names: readonly string[], targetSets: readonly MixedPoints[], k: number): Neighbours[] {
  const syn = project(input, input.synthetic, names)
  const tgts = targetSets.map((t) => project(input, t, names))
  const scale = new Float64Array(syn.dn)
  for (let j = 0; j < syn.dn; j++) {
    let lo = Infinity
    let hi = -Infinity
    for (const p of [syn, ...tgts]) {
      for (let i = 0; i < p.n; i++) {
        const v = p.num[i * p.dn + j]
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
    }
    scale[j] = lo < hi ? hi - lo : 1
  }
  const tree = buildMixedTree(syn, { scale, cap: Infinity, cardinality: projectedCardinality(input, names) })
  return tgts.map((tgt) => kNearest(tree, tgt, Math.min(k, syn.n)))
}
