import { SynthkitError } from '@synthkit/core'

/** A non-negative function of some nodes' states, row-major over `vars` (first most significant). */
export interface Factor {
  readonly vars: readonly number[]
  readonly sizes: readonly number[]
  readonly values: Float64Array
}

const MAX_FACTOR_CELLS = 2 ** 24

function tooLarge(cells: number): never {
  throw new SynthkitError('UNSUPPORTED', 'Exact conditioning needs a factor larger than this implementation allows', [
    { path: 'conditions', message: `an intermediate table of ${cells} cells (at most 2^24): condition on fewer or less connected columns` },
  ])
}

/** The product of factors, over the union of their variables. */
export function multiply(factors: readonly Factor[], sizeOf: (v: number) => number): Factor {
  const vars = [...new Set(factors.flatMap((f) => f.vars))]
  const sizes = vars.map(sizeOf)
  const cells = sizes.reduce((a, b) => a * b, 1)
  if (cells > MAX_FACTOR_CELLS) tooLarge(cells)
  const values = new Float64Array(cells).fill(1)
  const digits = new Int32Array(vars.length)
  // strides of each input factor's variables inside the result's digit vector
  const maps = factors.map((f) => {
    const strides = new Array<number>(f.vars.length)
    let s = 1
    for (let j = f.vars.length - 1; j >= 0; j--) (strides[j] = s), (s *= f.sizes[j])
    return { f, pos: f.vars.map((v) => vars.indexOf(v)), strides }
  })
  for (let i = 0; i < cells; i++) {
    let r = i
    for (let j = vars.length - 1; j >= 0; j--) {
      digits[j] = r % sizes[j]
      r = (r - digits[j]) / sizes[j]
    }
    let v = 1
    for (const m of maps) {
      let k = 0
      for (let j = 0; j < m.pos.length; j++) k += digits[m.pos[j]] * m.strides[j]
      v *= m.f.values[k]
    }
    values[i] = v
  }
  return { vars, sizes, values }
}

/** Σ over one variable of a factor. */
export function sumOut(f: Factor, v: number): Factor {
  const j = f.vars.indexOf(v)
  const vars = f.vars.filter((_, i) => i !== j)
  const sizes = f.sizes.filter((_, i) => i !== j)
  let inner = 1
  for (let i = j + 1; i < f.sizes.length; i++) inner *= f.sizes[i]
  const s = f.sizes[j]
  const outer = f.values.length / (inner * s)
  const values = new Float64Array(outer * inner)
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < s; k++) {
      const base = (o * s + k) * inner
      for (let i = 0; i < inner; i++) values[o * inner + i] += f.values[base + i]
    }
  }
  return { vars, sizes, values }
}

/**
 * Variable elimination in reverse topological order (Zhang & Poole 1994; Koller & Friedman 2009, §9.3). `order` lists
 * the nodes to eliminate, children after parents; `factors` are their CPTs times evidence weights. Returns, for each
 * node, the product of the factors holding it at the moment it is eliminated — a function of the node and of
 * earlier nodes only, proportional to P(node | earlier nodes, evidence) — and the probability of the evidence.
 */
export function eliminate(
  order: readonly number[],
  factors: readonly Factor[],
  sizeOf: (v: number) => number,
): { local: Map<number, Factor>; evidence: number } {
  let pool = [...factors]
  const local = new Map<number, Factor>()
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i]
    const holding = pool.filter((f) => f.vars.includes(v))
    pool = pool.filter((f) => !f.vars.includes(v))
    const product = multiply(holding, sizeOf)
    local.set(v, product)
    pool.push(sumOut(product, v))
  }
  let evidence = 1
  for (const f of pool) evidence *= f.values[0]
  return { local, evidence }
}
