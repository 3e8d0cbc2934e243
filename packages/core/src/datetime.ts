/**
 * Dates as epoch milliseconds (UTC), read and written with a small token format:
 * `YYYY` year, `MM` month, `DD` day, `HH` hour (00–23), `mm` minute, `ss` second, `SSS` millisecond;
 * anything else is literal. Without a format, ISO 8601 is read (`YYYY-MM-DD`, optional `THH:mm[:ss[.SSS]]`,
 * optional `Z` or `±HH:mm`) and written with `toISOString()`.
 */

const TOKENS = ['YYYY', 'SSS', 'MM', 'DD', 'HH', 'mm', 'ss'] as const
type Token = (typeof TOKENS)[number]
const TOKEN_PATTERN: Record<Token, string> = { YYYY: '(\\d{4})', SSS: '(\\d{3})', MM: '(\\d{2})', DD: '(\\d{2})', HH: '(\\d{2})', mm: '(\\d{2})', ss: '(\\d{2})' }

interface CompiledFormat {
  readonly regex: RegExp
  readonly tokens: readonly Token[]
  readonly parts: readonly (Token | string)[]
}

const cache = new Map<string, CompiledFormat>()

function compile(format: string): CompiledFormat {
  const hit = cache.get(format)
  if (hit) return hit
  const parts: (Token | string)[] = []
  let i = 0
  let literal = ''
  while (i < format.length) {
    const token = TOKENS.find((tk) => format.startsWith(tk, i))
    if (token) {
      if (literal) parts.push(literal)
      literal = ''
      parts.push(token)
      i += token.length
    } else {
      literal += format[i]
      i++
    }
  }
  if (literal) parts.push(literal)
  const tokens = parts.filter((p): p is Token => (TOKENS as readonly string[]).includes(p))
  const source = parts.map((p) => ((TOKENS as readonly string[]).includes(p) ? TOKEN_PATTERN[p as Token] : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')
  const compiled = { regex: new RegExp(`^${source}$`), tokens, parts }
  cache.set(format, compiled)
  return compiled
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return Number.NaN
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  date.setUTCHours(h, mi, s, ms)
  return date.getTime()
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/** Epoch ms of a date string, or NaN when it does not match the format or is not a real date. */
export function parseDatetime(text: string, format?: string): number {
  if (format === undefined) {
    const m = ISO.exec(text)
    if (!m) return Number.NaN
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-7) : 0
    let t = build(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, ms)
    if (m[8] && m[8] !== 'Z') {
      const sign = m[8][0] === '-' ? -1 : 1
      const digits = m[8].slice(1).replace(':', '')
      t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000
    }
    return t
  }
  const { regex, tokens } = compile(format)
  const m = regex.exec(text)
  if (!m) return Number.NaN
  const v: Record<Token, number> = { YYYY: 1970, MM: 1, DD: 1, HH: 0, mm: 0, ss: 0, SSS: 0 }
  tokens.forEach((tk, i) => {
    v[tk] = Number(m[i + 1])
  })
  return build(v.YYYY, v.MM, v.DD, v.HH, v.mm, v.ss, v.SSS)
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

/** Formats epoch ms with the format (ISO 8601 when none). */
export function formatDatetime(ms: number, format?: string): string {
  const d = new Date(ms)
  if (format === undefined) return d.toISOString()
  const { parts } = compile(format)
  const values: Record<Token, string> = {
    YYYY: pad(d.getUTCFullYear(), 4),
    MM: pad(d.getUTCMonth() + 1, 2),
    DD: pad(d.getUTCDate(), 2),
    HH: pad(d.getUTCHours(), 2),
    mm: pad(d.getUTCMinutes(), 2),
    ss: pad(d.getUTCSeconds(), 2),
    SSS: pad(d.getUTCMilliseconds(), 3),
  }
  return parts.map((p) => ((TOKENS as readonly string[]).includes(p) ? values[p as Token] : p)).join('')
}

/** The formats schema inference tries, most specific first. */
export const KNOWN_DATETIME_FORMATS: readonly string[] = [
  'YYYY-MM-DD',
  'YYYY-MM-DD HH:mm:ss',
  'YYYY-MM-DDTHH:mm:ss',
  'YYYY-MM-DDTHH:mm:ss.SSS',
  'YYYY-MM-DD HH:mm',
  'YYYY/MM/DD',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'MM/DD/YYYY HH:mm',
  'MM/DD/YYYY HH:mm:ss',
  'DD.MM.YYYY',
  'YYYYMMDD',
]
