// core's date formats as regular expressions (its token patterns, datetime.ts), for the engines' readers of datetime
// text: PostgreSQL's field-by-field reading (postgres-datetime.ts) and DuckDB's leap-second rewrite (column-sql.ts).

export type Field = 'year' | 'month' | 'monthName' | 'day' | 'hour' | 'minute' | 'second' | 'ms'

/** core's date tokens, longest first: their pattern (one capturing group each) and the field they set. */
const TOKENS: readonly [string, string, Field][] = [
  ['YYYY', '([0-9]{4})', 'year'],
  ['MMMM', '(january|february|march|april|may|june|july|august|september|october|november|december)', 'monthName'],
  ['MMM', '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)', 'monthName'],
  ['SSS', '([0-9]{3})', 'ms'],
  ['MM', '([0-9]{2})', 'month'],
  ['DD', '([0-9]{2})', 'day'],
  ['HH', '([0-9]{2})', 'hour'],
  ['mm', '([0-9]{2})', 'minute'],
  ['ss', '([0-9]{2})', 'second'],
  ['M', '([0-9]{1,2})', 'month'],
  ['D', '([0-9]{1,2})', 'day'],
  ['H', '([0-9]{1,2})', 'hour'],
]

/** A format's pieces in order: a token (its capturing group is its rank among the tokens), or literal text. */
type Piece = { readonly pattern: string; readonly field: Field } | { readonly text: string }

function pieces(format: string): Piece[] {
  const out: Piece[] = []
  for (let i = 0; i < format.length; ) {
    const hit = TOKENS.find(([t]) => format.startsWith(t, i))
    if (hit) {
      out.push({ pattern: hit[1], field: hit[2] })
      i += hit[0].length
    } else {
      out.push({ text: format[i] })
      i++
    }
  }
  return out
}

/** A format as an anchored pattern (read case-insensitively) and the capturing group of each field it sets (the last wins). */
export function datetimePattern(format: string): { regex: string; groups: Partial<Record<Field, number>> } {
  let regex = '^'
  const groups: Partial<Record<Field, number>> = {}
  let group = 0
  for (const p of pieces(format)) {
    if ('field' in p) {
      regex += p.pattern
      groups[p.field] = ++group
    } else regex += p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return { regex: `${regex}$`, groups }
}

/**
 * For a format with seconds (`ss`): its pattern, the group of the seconds, and a regexp_replace replacement that
 * rewrites a matching text with second 59 (and millisecond 000 for `SSS`), the rest as it was — how a reader without
 * leap seconds reads core's second 60 (the minute's last millisecond: 59 s, then + 999 ms). Null without seconds,
 * and for more than nine tokens (a replacement refers to at most nine groups).
 */
export function leapSecondRewrite(format: string): { regex: string; second: number; replacement: string } | null {
  const { regex, groups } = datetimePattern(format)
  if (groups.second === undefined) return null
  let replacement = ''
  let group = 0
  for (const p of pieces(format)) {
    if ('field' in p) {
      group++
      replacement += p.field === 'second' ? '59' : p.field === 'ms' ? '000' : `\\${group}`
    } else replacement += p.text === '\\' ? '\\\\' : p.text
  }
  return group > 9 ? null : { regex, second: groups.second, replacement }
}
