/**
 * Dates as epoch milliseconds (UTC), read and written with a small token format:
 * `YYYY` year, `MM` month (01–12), `M` month (1–12, no padding), `MMMM` month name (`June`), `MMM` month
 * abbreviation (`Jun`), `DD` day, `D` day without padding, `HH` hour (00–23), `H` hour without padding,
 * `mm` minute, `ss` second, `SSS` millisecond; anything else is literal. Month names are English and read
 * case-insensitively (`jun`, `JUNE`); they are written capitalised. Without a format, ISO 8601 is read
 * (`YYYY-MM-DD`, optional `THH:mm[:ss[.SSS]]`, optional `Z` or `±HH:mm`) and written with `toISOString()`.
 *
 * Leap seconds: a second of 60 (`23:59:60`, which UTC inserts at the end of some days) is accepted and read as
 * 59.999 s, the last representable millisecond before the next minute, because epoch milliseconds (POSIX time)
 * have no leap seconds. Its order among the other values is kept; it is written back as `:59`.
 */

const TOKENS = ['YYYY', 'MMMM', 'MMM', 'SSS', 'MM', 'DD', 'HH', 'mm', 'ss', 'M', 'D', 'H'] as const
type Token = (typeof TOKENS)[number]

/** English month names, index 0 = January. */
export const MONTH_NAMES: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const MONTH_ABBREVIATIONS = MONTH_NAMES.map((m) => m.slice(0, 3))
const MONTH_INDEX = new Map<string, number>()
MONTH_NAMES.forEach((m, i) => {
  MONTH_INDEX.set(m.toLowerCase(), i + 1)
  MONTH_INDEX.set(m.slice(0, 3).toLowerCase(), i + 1)
})

const TOKEN_PATTERN: Record<Token, string> = {
  YYYY: '(\\d{4})',
  MMMM: `(${MONTH_NAMES.join('|')})`,
  MMM: `(${MONTH_ABBREVIATIONS.join('|')})`,
  SSS: '(\\d{3})',
  MM: '(\\d{2})',
  DD: '(\\d{2})',
  HH: '(\\d{2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  M: '(\\d{1,2})',
  D: '(\\d{1,2})',
  H: '(\\d{1,2})',
}

interface CompiledFormat {
  readonly regex: RegExp
  readonly tokens: readonly Token[]
  readonly parts: readonly (Token | string)[]
}

const cache = new Map<string, CompiledFormat>()
const isToken = (p: string): p is Token => (TOKENS as readonly string[]).includes(p)

/**
 * The compiled form of a format, from the cache. Inference calls this for every distinct text and candidate format,
 * so it is hot: kept to the lookup (the building, once per format, apart), it is a small job for V8's optimising
 * compiler.
 */
function compile(format: string): CompiledFormat {
  return cache.get(format) ?? compileUncached(format)
}

function compileUncached(format: string): CompiledFormat {
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
  const tokens = parts.filter(isToken)
  const source = parts.map((p) => (isToken(p) ? TOKEN_PATTERN[p] : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')
  // Month names are matched case-insensitively; every other token is digits, so the flag changes nothing else.
  const compiled = { regex: new RegExp(`^${source}$`, tokens.some((t) => t === 'MMM' || t === 'MMMM') ? 'i' : ''), tokens, parts }
  cache.set(format, compiled)
  return compiled
}

/** True when the format has at least one date or time token (a format of literals only reads nothing). */
export function isDatetimeFormat(format: string): boolean {
  return compile(format).tokens.length > 0
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60) return Number.NaN
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  // A leap second (s = 60) is read as the last millisecond of the minute (see the module comment).
  if (s === 60) date.setUTCHours(h, mi, 59, 999)
  else date.setUTCHours(h, mi, s, ms)
  return date.getTime()
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * How a text reads under a format: `ok` with its epoch ms; `invalid` when it has the format's shape but is not a
 * real date or time (2020-02-30, 25:00); `nomatch` when it does not have the shape at all. Schema inference uses
 * the difference to report an impossible date as a data problem rather than to decide the column is not a date.
 */
export type DatetimeMatch = { readonly status: 'ok'; readonly ms: number } | { readonly status: 'invalid' | 'nomatch' }

const NOMATCH: DatetimeMatch = { status: 'nomatch' }
const INVALID: DatetimeMatch = { status: 'invalid' }

/** Reads `text` with `format` (ISO 8601 when undefined), telling an impossible date from a text of another shape. */
export function matchDatetime(text: string, format?: string): DatetimeMatch {
  let t: number
  if (format === undefined) {
    const m = ISO.exec(text)
    if (!m) return NOMATCH
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-7) : 0
    t = build(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, ms)
    if (m[8] && m[8] !== 'Z' && !Number.isNaN(t)) {
      const sign = m[8][0] === '-' ? -1 : 1
      const digits = m[8].slice(1).replace(':', '')
      const hours = Number(digits.slice(0, 2))
      const minutes = Number(digits.slice(2))
      if (hours > 23 || minutes > 59) return INVALID
      t -= sign * (hours * 60 + minutes) * 60000
    }
  } else {
    const { regex, tokens } = compile(format)
    const m = regex.exec(text)
    if (!m) return NOMATCH
    const v = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0 }
    for (let i = 0; i < tokens.length; i++) {
      const s = m[i + 1]
      switch (tokens[i]) {
        case 'YYYY':
          v.year = Number(s)
          break
        case 'MMMM':
        case 'MMM':
          v.month = MONTH_INDEX.get(s.toLowerCase())!
          break
        case 'MM':
        case 'M':
          v.month = Number(s)
          break
        case 'DD':
        case 'D':
          v.day = Number(s)
          break
        case 'HH':
        case 'H':
          v.hour = Number(s)
          break
        case 'mm':
          v.minute = Number(s)
          break
        case 'ss':
          v.second = Number(s)
          break
        case 'SSS':
          v.ms = Number(s)
          break
      }
    }
    t = build(v.year, v.month, v.day, v.hour, v.minute, v.second, v.ms)
  }
  return Number.isNaN(t) ? INVALID : { status: 'ok', ms: t }
}

/** Epoch ms of a date string, or NaN when it does not match the format or is not a real date. */
export function parseDatetime(text: string, format?: string): number {
  const m = matchDatetime(text, format)
  return m.status === 'ok' ? m.ms : Number.NaN
}

/**
 * Reads `text` with the first of several formats it matches (a column whose values come in more than one
 * format). `invalid` when no format reads it but one has its shape.
 */
export function matchDatetimeFormats(text: string, formats: readonly (string | undefined)[]): DatetimeMatch {
  let shaped = false
  for (const f of formats) {
    const m = matchDatetime(text, f)
    if (m.status === 'ok') return m
    if (m.status === 'invalid') shaped = true
  }
  return shaped ? INVALID : NOMATCH
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

/** Formats epoch ms with the format (ISO 8601 when none). */
export function formatDatetime(ms: number, format?: string): string {
  const d = new Date(ms)
  if (format === undefined) return d.toISOString()
  const { parts } = compile(format)
  let out = ''
  for (const p of parts) {
    if (!isToken(p)) {
      out += p
      continue
    }
    switch (p) {
      case 'YYYY':
        out += pad(d.getUTCFullYear(), 4)
        break
      case 'MMMM':
        out += MONTH_NAMES[d.getUTCMonth()]
        break
      case 'MMM':
        out += MONTH_ABBREVIATIONS[d.getUTCMonth()]
        break
      case 'MM':
        out += pad(d.getUTCMonth() + 1, 2)
        break
      case 'M':
        out += String(d.getUTCMonth() + 1)
        break
      case 'DD':
        out += pad(d.getUTCDate(), 2)
        break
      case 'D':
        out += String(d.getUTCDate())
        break
      case 'HH':
        out += pad(d.getUTCHours(), 2)
        break
      case 'H':
        out += String(d.getUTCHours())
        break
      case 'mm':
        out += pad(d.getUTCMinutes(), 2)
        break
      case 'ss':
        out += pad(d.getUTCSeconds(), 2)
        break
      case 'SSS':
        out += pad(d.getUTCMilliseconds(), 3)
        break
    }
  }
  return out
}

/**
 * The formats schema inference tries, most specific first. Day-first and month-first forms of the same shape
 * are both listed; inference keeps the one that reads every value (a day above 12 settles it) and refuses to
 * mix two formats that read the same text as different dates.
 */
export const KNOWN_DATETIME_FORMATS: readonly string[] = [
  'YYYY-MM-DD',
  'YYYY-MM-DD HH:mm:ss',
  'YYYY-MM-DDTHH:mm:ss',
  'YYYY-MM-DDTHH:mm:ss.SSS',
  'YYYY-MM-DDTHH:mm:ssZ',
  'YYYY-MM-DDTHH:mm:ss.SSSZ',
  'YYYY-MM-DD HH:mm',
  'YYYY/MM/DD',
  'YYYY/MM/DD HH:mm:ss',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'M/D/YYYY',
  'D/M/YYYY',
  'MM/DD/YYYY HH:mm',
  'MM/DD/YYYY HH:mm:ss',
  'M/D/YYYY H:mm',
  'M/D/YYYY H:mm:ss',
  'DD.MM.YYYY',
  'D.M.YYYY',
  'DD-MM-YYYY',
  'YYYYMMDD',
  'MMM D YYYY',
  'MMM D, YYYY',
  'MMMM D, YYYY',
  'MMMM D YYYY',
  'D MMM YYYY',
  'D MMMM YYYY',
  'DD-MMM-YYYY',
  'D-MMM-YYYY',
  'MMM YYYY',
  'MMMM YYYY',
  'D MMM YYYY HH:mm',
  'MMM D YYYY HH:mm:ss',
  'MMM D, YYYY HH:mm:ss',
]
