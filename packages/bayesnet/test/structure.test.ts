import { createRng } from '@synthkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chowLiuTree, fitBayesNet, mutualInformation, mutualInformationMatrix } from '../src/index'
import { copyOf, sampleKnown, skeleton } from './known-networks'
import type { BayesNetModel } from '../src/index'

const uniform = (k: number) => () => Array.from({ length: k }, () => 1 / k)

function modelSkeleton(m: BayesNetModel): string[] {
  return skeleton(m.nodes.flatMap((node) => node.parents.map((p) => [m.nodes[p].column, node.column] as const)))
}

function parentsOf(m: BayesNetModel, column: string): string[] {
  const node = m.nodes.find((x) => x.column === column)!
  return node.parents.map((p) => m.nodes[p].column).sort()
}

describe('mutual information', () => {
  it('is ln 2 for two identical fair bits and 0 for exactly independent columns', () => {
    const a = Int32Array.from({ length: 1000 }, (_, i) => i % 2)
    expect(mutualInformation(a, 2, a, 2)).toBeCloseTo(Math.log(2), 12)
    const b = Int32Array.from({ length: 1000 }, (_, i) => Math.floor(i / 2) % 2)
    expect(mutualInformation(a, 2, b, 2)).toBeCloseTo(0, 12)
  })
})

describe('structure recovery from data sampled from known networks', () => {
  it('a chain A → B → C → D (n = 5000) gives back its skeleton with the greedy search at k = 1 and with Chow-Liu', () => {
    const t = sampleKnown(
      [
        { name: 'A', states: 3, parents: [], p: uniform(3) },
        { name: 'B', states: 3, parents: ['A'], p: copyOf(3, 0.7) },
        { name: 'C', states: 3, parents: ['B'], p: copyOf(3, 0.7) },
        { name: 'D', states: 3, parents: ['C'], p: copyOf(3, 0.7) },
      ],
      5000,
      1,
    )
    const truth = skeleton([
      ['A', 'B'],
      ['B', 'C'],
      ['C', 'D'],
    ])
    expect(modelSkeleton(fitBayesNet(t, { degree: 1 }, { rng: createRng(1) }))).toEqual(truth)
    expect(modelSkeleton(fitBayesNet(t, { structure: 'chow-liu' }, { rng: createRng(1) }))).toEqual(truth)
  })

  it('a v-structure A → C ← B (C = A xor B, noisy; n = 5000) gives C both parents at k = 2', () => {
    const t = sampleKnown(
      [
        { name: 'A', states: 2, parents: [], p: uniform(2) },
        { name: 'B', states: 2, parents: [], p: uniform(2) },
        { name: 'C', states: 2, parents: ['A', 'B'], p: ([a, b]) => ((a ^ b) === 1 ? [0.1, 0.9] : [0.9, 0.1]) },
        { name: 'D', states: 2, parents: ['C'], p: copyOf(2, 0.6) },
      ],
      5000,
      2,
    )
    const m = fitBayesNet(t, { degree: 2 }, { rng: createRng(1) })
    // A and B are independent, so only the 2-parent family reveals C's dependence (pairwise MI ≈ 0):
    // the network must hold A, B and C in one family
    const families = m.nodes.map((node) => new Set([node.column, ...node.parents.map((p) => m.nodes[p].column)]))
    expect(families.some((f) => f.has('A') && f.has('B') && f.has('C'))).toBe(true)
    // and D hangs off C
    expect(parentsOf(m, 'D').includes('C') || parentsOf(m, 'C').includes('D')).toBe(true)
  })

  it('a k = 2 network (E depends on C and D jointly, n = 8000) is found with E ← {C, D}', () => {
    const t = sampleKnown(
      [
        { name: 'C', states: 3, parents: [], p: uniform(3) },
        { name: 'D', states: 3, parents: [], p: uniform(3) },
        { name: 'E', states: 3, parents: ['C', 'D'], p: ([c, d]) => copyOf(3, 0.8)([(c + d) % 3]) },
        { name: 'F', states: 2, parents: [], p: uniform(2) },
      ],
      8000,
      3,
    )
    const m = fitBayesNet(t, { degree: 2 }, { rng: createRng(1) })
    const families = m.nodes.map((node) => [node.column, ...node.parents.map((p) => m.nodes[p].column)].sort().join(''))
    expect(families).toContain('CDE')
  })
})

/** Kruskal with union-find: an independent maximum-weight spanning tree, for the reference weight. */
function kruskalWeight(w: readonly Float64Array[]): number {
  const d = w.length
  const edges: [number, number, number][] = []
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) edges.push([w[i][j], i, j])
  edges.sort((a, b) => b[0] - a[0])
  const parent = Array.from({ length: d }, (_, i) => i)
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])))
  let total = 0
  for (const [wt, i, j] of edges) {
    const a = find(i)
    const b = find(j)
    if (a !== b) (parent[a] = b), (total += wt)
  }
  return total
}

describe('Chow-Liu', () => {
  it('is a spanning tree whose total mutual information equals Kruskal’s maximum-weight spanning tree (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (d, n, seed) => {
          const rng = createRng(seed)
          const states = Array.from({ length: d }, () => 2 + Math.floor(rng.next() * 3))
          const cols = states.map((s) => Int32Array.from({ length: n }, () => Math.floor(rng.next() * s)))
          // correlate some columns so the tree is not arbitrary
          for (let j = 1; j < d; j++) for (let i = 0; i < n; i++) if (rng.next() < 0.5) cols[j][i] = cols[j - 1][i] % states[j]
          const w = mutualInformationMatrix(cols, states)
          const tree = chowLiuTree(w, Math.floor(rng.next() * d))
          expect(tree.edges.length).toBe(d - 1)
          const roots = tree.parent.filter((p) => p < 0).length
          expect(roots).toBe(1)
          const total = tree.edges.reduce((a, e) => a + e.weight, 0)
          expect(Math.abs(total - kruskalWeight(w))).toBeLessThan(1e-12)
          for (const e of tree.edges) expect(e.weight).toBe(w[e.from][e.to])
        },
      ),
      { numRuns: 200 },
    )
  })
})
