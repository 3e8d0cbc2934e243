import { readFileSync } from 'node:fs'
import { type Table, fromColumns, inferSchema } from '@synthkit/core'
import { referencePath } from '../../../testing/data'
import { datasetTableLoader } from '../../../testing/table'

/** A shared dataset decoded against its inferred schema (cached per test file; testing/table.ts). */
export const loadTable = datasetTableLoader({ fromColumns, inferSchema })

/** Share of each category (missing as ''), by value. */
export function categoryShares(table: Table, name: string): Map<string, number> {
  const col = table.columns[name]
  if (col.type !== 'coded') throw new Error(`${name} is not coded`)
  const out = new Map<string, number>()
  for (const c of col.codes) {
    const k = c < 0 ? '' : col.dictionary[c]
    out.set(k, (out.get(k) ?? 0) + 1 / table.nRows)
  }
  return out
}

/** Largest absolute difference of category shares between two tables. */
export function maxShareGap(real: Table, synthetic: Table, name: string): number {
  const a = categoryShares(real, name)
  const b = categoryShares(synthetic, name)
  let gap = 0
  for (const k of new Set([...a.keys(), ...b.keys()])) gap = Math.max(gap, Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0)))
  return gap
}

export function missingShare(table: Table, name: string): number {
  const col = table.columns[name]
  let m = 0
  if (col.type === 'numeric') for (const v of col.values) m += Number.isNaN(v) ? 1 : 0
  else if (col.type === 'coded') for (const c of col.codes) m += c < 0 ? 1 : 0
  else for (const v of col.values) m += v === null ? 1 : 0
  return m / table.nRows
}

/** SDV GaussianCopula figures from PEERS.md: dataset → { quality, columnShapes, pairTrends, fit, sample }. */
export function sdvFigures(): Map<
  string,
  { quality: number; columnShapes: number; pairTrends: number; fitSeconds: number; sampleSeconds: number }
> {
  const text = readFileSync(referencePath('PEERS.md'), 'utf8')
  const out = new Map<string, { quality: number; columnShapes: number; pairTrends: number; fitSeconds: number; sampleSeconds: number }>()
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    if (cells.length < 8) continue
    const m = /^([\d.]+) \(([\d.]+) \/ ([\d.]+)\)$/.exec(cells[5])
    if (!m) continue
    out.set(cells[1], { quality: +m[1], columnShapes: +m[2], pairTrends: +m[3], fitSeconds: +cells[3], sampleSeconds: +cells[4] })
  }
  return out
}
