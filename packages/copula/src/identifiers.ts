import type { ColumnSpec } from '@synthkit/core'

/**
 * New identifiers for an id column: the n-th id (0-based over the whole sample, so chunks of a stream never
 * collide). A "simple" pattern — literal text around one run of digits, `\d{k}` or `[0-9]{k}` (with optional
 * `^…$`) — is followed with a zero-padded counter; any other pattern (or none) gives `id-000001`, `id-000002`, …
 */
export function idGenerator(spec: ColumnSpec): (index: number) => string {
  const pattern = spec.kind === 'id' ? spec.pattern : undefined
  const simple = pattern === undefined ? null : parseSimplePattern(pattern)
  if (simple) {
    const { prefix, width, suffix } = simple
    const capacity = 10 ** width
    return (index) => {
      const k = index + 1
      // beyond the pattern's capacity the counter grows a digit rather than repeat an id
      return `${prefix}${k < capacity ? String(k).padStart(width, '0') : String(k)}${suffix}`
    }
  }
  return (index) => `id-${String(index + 1).padStart(6, '0')}`
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
export function placeholder(kind: 'pii' | 'text', index: number): string {
  return `${kind}-${String(index + 1).padStart(6, '0')}`
}
