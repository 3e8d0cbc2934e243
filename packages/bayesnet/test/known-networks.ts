import { type Rng, type Table, createRng, fromColumns } from '@synthkit/core'

/** A node of a known network: binary or k-ary, P(child = s | parents) given by `p(parentStates) → probabilities`. */
export interface KnownNode {
  readonly name: string
  readonly states: number
  readonly parents: readonly string[]
  readonly p: (parents: readonly number[]) => readonly number[]
}

function draw(probs: readonly number[], rng: Rng): number {
  let u = rng.next()
  for (let s = 0; s < probs.length - 1; s++) {
    u -= probs[s]
    if (u < 0) return s
  }
  return probs.length - 1
}

/** n rows forward-sampled from a known network (nodes listed parents first), as a categorical table "s0", "s1", … */
export function sampleKnown(nodes: readonly KnownNode[], n: number, seed: number): Table {
  const rng = createRng(seed)
  const values: Record<string, number[]> = {}
  for (const node of nodes) values[node.name] = []
  for (let i = 0; i < n; i++) {
    for (const node of nodes) values[node.name].push(draw(node.p(node.parents.map((q) => values[q][i])), rng))
  }
  const cols = Object.fromEntries(nodes.map((node) => [node.name, values[node.name].map((s) => `s${s}`)]))
  return fromColumns(cols, {
    columns: nodes.map((node) => ({
      name: node.name,
      kind: 'categorical' as const,
      categories: Array.from({ length: node.states }, (_, s) => `s${s}`),
    })),
  })
}

/** A noisy copy: the parent's state with probability `keep`, otherwise uniform. */
export function copyOf(states: number, keep: number): (parents: readonly number[]) => number[] {
  return ([p]) => Array.from({ length: states }, (_, s) => (s === p ? keep : 0) + (1 - keep) / states)
}

/** Undirected edges of a network as sorted "a-b" strings. */
export function skeleton(edges: readonly (readonly [string, string])[]): string[] {
  return edges.map(([a, b]) => (a < b ? `${a}-${b}` : `${b}-${a}`)).sort()
}
