import { type ColumnSpec, type Table, take } from '@synthkit/core'
import { type DesignMatrix, encodeFeatures, fitFeatureEncoder } from './feature-encoder'

/** Real and synthetic rows stacked into one standardized design matrix, labelled 0 (real) and 1 (synthetic). */
export interface PropensityData {
  readonly matrix: DesignMatrix
  readonly labels: Uint8Array
  readonly features: readonly string[]
}

/** Stacks the two tables (optionally row subsets) for a real-vs-synthetic classifier. */
export function propensityData(
  real: Table,
  synthetic: Table,
  columns: readonly ColumnSpec[],
  realRows?: Int32Array,
  syntheticRows?: Int32Array,
): PropensityData {
  const r = realRows ? take(real, realRows) : real
  const s = syntheticRows ? take(synthetic, syntheticRows) : synthetic
  const enc = fitFeatureEncoder([r, s], columns)
  const a = encodeFeatures(enc, r)
  const b = encodeFeatures(enc, s)
  const x = new Float64Array(a.x.length + b.x.length)
  x.set(a.x)
  x.set(b.x, a.x.length)
  const labels = new Uint8Array(a.n + b.n)
  labels.fill(1, a.n)
  return { matrix: { x, n: a.n + b.n, p: enc.names.length }, labels, features: enc.names }
}

/** The rows of a design matrix whose mask entry equals `keep`. */
export function selectRows(
  m: DesignMatrix,
  labels: Uint8Array,
  fold: Int32Array,
  which: number,
  inFold: boolean,
): { matrix: DesignMatrix; labels: Uint8Array } {
  let n = 0
  for (let i = 0; i < m.n; i++) if ((fold[i] === which) === inFold) n++
  const x = new Float64Array(n * m.p)
  const y = new Uint8Array(n)
  let k = 0
  for (let i = 0; i < m.n; i++) {
    if ((fold[i] === which) !== inFold) continue
    x.set(m.x.subarray(i * m.p, (i + 1) * m.p), k * m.p)
    y[k++] = labels[i]
  }
  return { matrix: { x, n, p: m.p }, labels: y }
}
