import { type WorkSteps, runWorkSteps } from '@synthkit/core'
import { mutualInformation } from './mutual-information'

/** A tree over the columns: `parent[i]` is the parent of column i, −1 for the root. */
export interface ChowLiuTree {
  readonly parent: readonly number[]
  /** The tree's edges with their mutual information, in the order Prim's algorithm added them. */
  readonly edges: readonly { readonly from: number; readonly to: number; readonly weight: number }[]
}

/** Pairwise empirical mutual information (nats) of coded columns, as a dense symmetric matrix. */
export function mutualInformationMatrix(columns: readonly Int32Array[], states: readonly number[]): Float64Array[] {
  return runWorkSteps(mutualInformationMatrixSteps(columns, states))
}

/** {@link mutualInformationMatrix} as steps, one per row (for a cooperative fit). */
export function* mutualInformationMatrixSteps(columns: readonly Int32Array[], states: readonly number[]): WorkSteps<Float64Array[]> {
  const d = columns.length
  const w = Array.from({ length: d }, () => new Float64Array(d))
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const mi = mutualInformation(columns[i], states[i], columns[j], states[j])
      w[i][j] = mi
      w[j][i] = mi
    }
    yield { phase: 'mutual information', done: i + 1, total: d, work: (d - i - 1) * columns[i].length }
  }
  return w
}

/**
 * The Chow-Liu tree (Chow & Liu, "Approximating discrete probability distributions with dependence trees", IEEE
 * Trans. Inf. Theory 1968): the maximum-weight spanning tree of the pairwise mutual information, which maximises the
 * likelihood among all trees. Prim's algorithm from `root` on the dense matrix (O(d²)); ties go to the lower index.
 */
export function chowLiuTree(weights: readonly Float64Array[], root = 0): ChowLiuTree {
  const d = weights.length
  const parent = new Array<number>(d).fill(-1)
  const edges: { from: number; to: number; weight: number }[] = []
  if (d === 0) return { parent, edges }
  const inTree = new Uint8Array(d)
  const best = new Float64Array(d).fill(-Infinity)
  const via = new Int32Array(d).fill(-1)
  inTree[root] = 1
  for (let j = 0; j < d; j++) if (j !== root) (best[j] = weights[root][j]), (via[j] = root)
  for (let step = 1; step < d; step++) {
    let pick = -1
    for (let j = 0; j < d; j++) if (!inTree[j] && (pick < 0 || best[j] > best[pick])) pick = j
    inTree[pick] = 1
    parent[pick] = via[pick]
    edges.push({ from: via[pick], to: pick, weight: best[pick] })
    for (let j = 0; j < d; j++) {
      if (!inTree[j] && weights[pick][j] > best[j]) {
        best[j] = weights[pick][j]
        via[j] = pick
      }
    }
  }
  return { parent, edges }
}
