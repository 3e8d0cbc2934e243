import type { SqlEngine } from '../sql-engine'
/** A SQL string literal. */
export function literal(s: string): string {
  return `'${s.replaceAll("'", "''")}'`
}

/** A quoted SQL identifier. */
export function ident(s: string): string {
  return `"${s.replaceAll('"', '""')}"`
}

/**
 * A number as SQL text that reads back as the same double: the shortest round-trip digits in exponent form, which
 * DuckDB types as DOUBLE (a plain `0.5` would be a DECIMAL, whose sums overflow).
 */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`)
  return x.toExponential()
}

/** A value an engine returned, as a number (engines return big integers and decimals as strings or bigint). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'string') return Number(v)
  if (v === null || v === undefined) return Number.NaN
  return Number(String(v))
}

/** A list an engine returned (DuckDB lists, PostgreSQL arrays). */
export function toList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v
  if (v && typeof v === 'object' && 'items' in v && Array.isArray((v as { items: unknown[] }).items))
    return (v as { items: unknown[] }).items
  if (typeof v === 'string') {
    // PostgreSQL's text form of an array: {1,2,3}
    const body = v.replace(/^\{|\}$/g, '')
    return body === '' ? [] : body.split(',')
  }
  return []
}

/**
 * Drops a temporary table or view if it exists. PostgreSQL tracks the views that read a relation and refuses to drop
 * it under them (after a failed fit, the views of the last one): CASCADE drops those too; DuckDB does not track them.
 */
export async function dropRelation(engine: SqlEngine, kind: 'TABLE' | 'VIEW', name: string): Promise<void> {
  await engine.run(`DROP ${kind} IF EXISTS ${name}${engine.dialect === 'postgres' ? ' CASCADE' : ''}`)
}

/**
 * SQL: a seeded 64-bit hash of integer columns, the same for the same values whatever the row order: DuckDB's
 * `hash(…)`; PostgreSQL's `hashtextextended` of the values joined by commas (`||`, which has no argument limit).
 * The two dialects hash differently, so their seeded subsamples differ.
 */
export function rowHash(engine: SqlEngine, columns: readonly string[], seed: number): string {
  if (engine.dialect === 'postgres') return `hashtextextended(${columns.map((c) => `CAST(${c} AS text)`).join(" || ',' || ")}, ${seed})`
  return `hash(${columns.join(', ')}, ${seed})`
}
