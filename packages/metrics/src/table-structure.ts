import type { TableSchema } from '@synthkit/core'

/**
 * TableStructure (SDMetrics' Data Structure property): |R ∩ S| / |R ∪ S| over the sets of (column name, kind) of the
 * real and synthetic schemas. 1 when both tables have the same columns with the same kinds; every missing, extra
 * or re-typed column lowers it. NaN when both schemas are empty.
 */
export function tableStructure(real: TableSchema, synthetic: TableSchema): number {
  const key = (name: string, kind: string) => JSON.stringify([name, kind])
  const r = new Set(real.columns.map((c) => key(c.name, c.kind)))
  const s = new Set(synthetic.columns.map((c) => key(c.name, c.kind)))
  let both = 0
  for (const k of r) if (s.has(k)) both++
  const union = r.size + s.size - both
  return union === 0 ? Number.NaN : both / union
}
