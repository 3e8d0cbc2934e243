import { SynthkitError } from './errors'
import type { Rng } from './rng'
import type { ColumnSpec } from './schema'
import type { ColumnData } from './table'

/**
 * Fills a column that samplers do not learn (pii and free text): the value for row `row` (0-based over the whole
 * sample, so values may depend on the row and stay unique across chunks), drawn from `rng`. `null` is missing.
 * Implementations must never return values taken from the real data.
 */
export type ValueGenerator = (column: ColumnSpec, row: number, rng: Rng) => string | number | boolean | null

/** How a column that is not learned is produced. */
export type GeneratedKind = 'id' | 'pii' | 'text'

/**
 * New identifiers for an id column: the id of row `row` (0-based over the whole sample, so chunks of a stream never
 * collide). A "simple" pattern — literal text around one run of digits, `\d{k}` or `[0-9]{k}` (with optional
 * `^…$`) — is followed with a zero-padded counter; any other pattern (or none) gives `id-000001`, `id-000002`, …
 */
export function idGenerator(spec: ColumnSpec): (row: number) => string {
  const pattern = spec.kind === 'id' ? spec.pattern : undefined
  const simple = pattern === undefined ? null : parseSimplePattern(pattern)
  if (simple) {
    const { prefix, width, suffix } = simple
    const capacity = 10 ** width
    return (row) => {
      const k = row + 1
      // beyond the pattern's capacity the counter grows a digit rather than repeat an id
      return `${prefix}${k < capacity ? String(k).padStart(width, '0') : String(k)}${suffix}`
    }
  }
  return (row) => `id-${String(row + 1).padStart(6, '0')}`
}

const LITERAL = /^(?:[A-Za-z0-9_\- :/#.@]|\\[.\-_/#@])*$/

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1')
}

/** `PREFIX` + one digit run + `SUFFIX`, or null when the pattern is anything else. */
export function parseSimplePattern(pattern: string): { prefix: string; width: number; suffix: string } | null {
  let p = pattern
  if (p.startsWith('^')) p = p.slice(1)
  if (p.endsWith('$') && !p.endsWith('\\$')) p = p.slice(0, -1)
  const m = /^(.*?)(?:\\d|\[0-9\])(?:\{(\d+)\}|(\+))?(.*)$/.exec(p)
  if (!m) return null
  const [, pre, count, plus, post] = m
  if (!LITERAL.test(pre) || !LITERAL.test(post)) return null
  // unescaped '.' would be a wildcard: not simple
  if (/(^|[^\\])\./.test(pre) || /(^|[^\\])\./.test(post)) return null
  const width = count !== undefined ? Number(count) : plus ? 6 : 1
  if (!(width >= 1 && width <= 15)) return null
  return { prefix: unescape(pre), width, suffix: unescape(post) }
}

/** The default filler of pii and free-text columns: a clearly labelled placeholder, `pii-000123` / `text-000123`. */
export function placeholder(kind: 'pii' | 'text', row: number): string {
  return `${kind}-${String(row + 1).padStart(6, '0')}`
}

function defaultValue(spec: ColumnSpec, row: number, kind: 'pii' | 'text'): string | null {
  if (spec.kind === 'id' || spec.kind === 'text' || spec.kind === 'categorical') return placeholder(kind, row)
  return null
}

/**
 * The values of a generated column for rows [firstRow, firstRow + n), in the storage of the column's kind:
 * ids from {@link idGenerator} (never missing), pii and text from `values` (default: placeholders), missing with
 * probability `missingRate` (pii/text only). A generator returning a value of the wrong type for the column is
 * an OPTIONS_INVALID error naming the column.
 */
export function generateColumn(
  spec: ColumnSpec,
  kind: GeneratedKind,
  n: number,
  firstRow: number,
  rng: Rng,
  missingRate: number,
  values?: ValueGenerator,
): ColumnData {
  if (kind === 'id') {
    const next = idGenerator(spec)
    const out: string[] = new Array(n)
    for (let i = 0; i < n; i++) out[i] = next(firstRow + i)
    return { type: 'string', values: out }
  }
  const value = (i: number) => {
    if (missingRate > 0 && rng.next() < missingRate) return null
    return values ? values(spec, firstRow + i, rng) : defaultValue(spec, firstRow + i, kind)
  }
  if (spec.kind === 'numerical' || spec.kind === 'datetime') {
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const v = value(i)
      if (v !== null && !(typeof v === 'number' && Number.isFinite(v))) wrongType(spec, v, 'a finite number or null')
      out[i] = v === null ? Number.NaN : (v as number)
    }
    return { type: 'numeric', values: out }
  }
  if (spec.kind === 'categorical' || spec.kind === 'boolean') {
    const dictionary: string[] = spec.kind === 'boolean' ? ['false', 'true'] : []
    const index = new Map(dictionary.map((v, i) => [v, i]))
    const codes = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const v = value(i)
      if (v === null) {
        codes[i] = -1
        continue
      }
      if (spec.kind === 'boolean') {
        if (typeof v !== 'boolean') wrongType(spec, v, 'true, false or null')
        codes[i] = v ? 1 : 0
        continue
      }
      const key = String(v)
      let c = index.get(key)
      if (c === undefined) {
        c = dictionary.length
        dictionary.push(key)
        index.set(key, c)
      }
      codes[i] = c
    }
    return { type: 'coded', codes, dictionary }
  }
  const out: (string | null)[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const v = value(i)
    out[i] = v === null ? null : String(v)
  }
  return { type: 'string', values: out }
}

function wrongType(spec: ColumnSpec, v: unknown, wanted: string): never {
  throw new SynthkitError('OPTIONS_INVALID', `The value generator returned ${JSON.stringify(v)} for ${spec.kind} column "${spec.name}"`, [
    { path: 'values', column: spec.name, message: `expected ${wanted}` },
  ])
}
