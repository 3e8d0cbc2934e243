import type { ColumnSpec, Table } from '@synthkit/core'
import { shapeOf } from './report-input'

/** How one source column becomes model features. */
export type EncodedColumn =
  | { readonly column: string; readonly shape: 'continuous'; readonly missingIndicator: boolean }
  | {
      readonly column: string
      readonly kind: ColumnSpec['kind']
      readonly shape: 'discrete'
      readonly levels: readonly string[]
      readonly reference: string
      readonly other: boolean
    }

/**
 * A fitted encoding of tables into a dense, standardized design matrix for the classifiers (detection, pMSE, ML
 * efficacy): continuous columns as numbers (missing → the mean, plus a 0/1 missing indicator when the fit data had
 * missing values), discrete columns one-hot with the most frequent level as the dropped reference (treatment coding,
 * so the logistic model is identifiable and its parameter count is what synthpop's null pMSE uses), levels beyond
 * `maxLevels` pooled into one "other" column, missing as a level of its own. Every output column is then centred
 * and scaled to unit variance on the fit data.
 */
export interface FeatureEncoder {
  readonly columns: readonly EncodedColumn[]
  readonly names: readonly string[]
  /** Value written for a missing continuous cell (the column's mean on the fit data). */
  readonly fill: Readonly<Record<string, number>>
  readonly mean: Float64Array
  readonly scale: Float64Array
}

/** A dense row-major matrix: row i is x[i·p … i·p + p − 1]. */
export interface DesignMatrix {
  readonly x: Float64Array
  readonly n: number
  readonly p: number
}

const MISSING_LEVEL = '\u0000missing'

/**
 * The level name of every code of a coded column, index = code + 1 (so index 0 is missing). Booleans are named by
 * code, so differently labelled booleans still meet.
 */
function levelNames(col: Table['columns'][string], kind: ColumnSpec['kind']): string[] {
  if (col.type !== 'coded') return []
  return [MISSING_LEVEL, ...col.dictionary.map((d, i) => (kind === 'boolean' ? String(i) : d))]
}

/** Fits the encoding on `tables` (e.g. real and synthetic together) for the given columns; ids and text are skipped. */
export function fitFeatureEncoder(tables: readonly Table[], columns: readonly ColumnSpec[], maxLevels = 50): FeatureEncoder {
  const encoded: EncodedColumn[] = []
  for (const spec of columns) {
    const shape = shapeOf(spec.kind)
    if (!shape) continue
    if (shape === 'continuous') {
      let missing = false
      for (const t of tables) {
        const col = t.columns[spec.name]
        if (col.type !== 'numeric') continue
        for (let r = 0; r < col.values.length && !missing; r++) if (col.values[r] !== col.values[r]) missing = true
      }
      encoded.push({ column: spec.name, shape, missingIndicator: missing })
    } else {
      const counts = new Map<string, number>()
      for (const t of tables) {
        const col = t.columns[spec.name]
        if (col.type !== 'coded') continue
        const names = levelNames(col, spec.kind)
        const byCode = new Float64Array(names.length)
        for (let r = 0; r < col.codes.length; r++) byCode[col.codes[r] + 1]++
        names.forEach((l, k) => {
          if (byCode[k] > 0) counts.set(l, (counts.get(l) ?? 0) + byCode[k])
        })
      }
      // Most frequent first; ties by name so the encoding does not depend on row order.
      const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[0])
      const reference = sorted[0] ?? MISSING_LEVEL
      const kept = sorted.slice(1, maxLevels)
      encoded.push({ column: spec.name, kind: spec.kind, shape, levels: kept, reference, other: sorted.length > maxLevels })
    }
  }
  const names: string[] = []
  for (const e of encoded) {
    if (e.shape === 'continuous') {
      names.push(e.column)
      if (e.missingIndicator) names.push(`${e.column}=missing`)
    } else {
      for (const l of e.levels) names.push(`${e.column}=${l === MISSING_LEVEL ? 'missing' : l}`)
      if (e.other) names.push(`${e.column}=other`)
    }
  }
  const p = names.length
  const fill = continuousMeans(tables, encoded)
  const draft: FeatureEncoder = { columns: encoded, names, fill, mean: new Float64Array(p), scale: new Float64Array(p).fill(1) }
  // The raw encodings of the fit data give each output column's mean and standard deviation.
  const colMean = new Float64Array(p)
  const colSq = new Float64Array(p)
  let n = 0
  for (const t of tables) {
    const m = encodeRaw(draft, t)
    for (let i = 0; i < m.n; i++) {
      const row = i * p
      for (let j = 0; j < p; j++) {
        const v = m.x[row + j]
        colMean[j] += v
        colSq[j] += v * v
      }
    }
    n += m.n
  }
  const mean = new Float64Array(p)
  const scale = new Float64Array(p)
  for (let j = 0; j < p; j++) {
    mean[j] = n > 0 ? colMean[j] / n : 0
    const v = n > 0 ? colSq[j] / n - mean[j] * mean[j] : 0
    scale[j] = v > 1e-12 ? Math.sqrt(v) : 1
  }
  return { columns: encoded, names, fill, mean, scale }
}

function continuousMeans(tables: readonly Table[], encoded: readonly EncodedColumn[]): Record<string, number> {
  const out: Record<string, number> = Object.create(null)
  for (const e of encoded) {
    if (e.shape !== 'continuous') continue
    let s = 0
    let k = 0
    for (const t of tables) {
      const col = t.columns[e.column]
      if (col.type !== 'numeric') continue
      for (let r = 0; r < col.values.length; r++) {
        const v = col.values[r]
        if (v === v) {
          s += v
          k++
        }
      }
    }
    out[e.column] = k > 0 ? s / k : 0
  }
  return out
}

function encodeRaw(enc: FeatureEncoder, table: Table): DesignMatrix {
  const p = enc.names.length
  const n = table.nRows
  const x = new Float64Array(n * p)
  let j = 0
  for (const e of enc.columns) {
    const col = table.columns[e.column]
    if (e.shape === 'continuous') {
      if (col.type !== 'numeric') throw new Error(`internal: ${e.column} is not numeric`)
      const f = enc.fill[e.column] ?? 0
      for (let r = 0; r < n; r++) {
        const v = col.values[r]
        x[r * p + j] = v === v ? v : f
        if (e.missingIndicator && v !== v) x[r * p + j + 1] = 1
      }
      j += e.missingIndicator ? 2 : 1
    } else {
      if (col.type !== 'coded') throw new Error(`internal: ${e.column} is not coded`)
      const index = new Map<string, number>()
      e.levels.forEach((l, i) => index.set(l, i))
      const width = e.levels.length + (e.other ? 1 : 0)
      // Output column of every code (per column, not per row); −1 = the reference level or an unseen one without "other".
      const slot = Int32Array.from(levelNames(col, e.kind), (l) =>
        l === e.reference ? -1 : (index.get(l) ?? (e.other ? e.levels.length : -1)),
      )
      for (let r = 0; r < n; r++) {
        const k = slot[col.codes[r] + 1]
        if (k >= 0) x[r * p + j + k] = 1
      }
      j += width
    }
  }
  return { x, n, p }
}

/** Encodes a table with a fitted encoder into a standardized design matrix. */
export function encodeFeatures(enc: FeatureEncoder, table: Table): DesignMatrix {
  const m = encodeRaw(enc, table)
  const { x, n, p } = m
  for (let i = 0; i < n; i++) {
    const row = i * p
    for (let j = 0; j < p; j++) x[row + j] = (x[row + j] - enc.mean[j]) / enc.scale[j]
  }
  return m
}
