// The thousands separators a numerical column may declare: the schema's codec (the decimal mark is always `.`).
import type { ThousandsSeparator } from './schema'

/**
 * What a cell's text is as a number. Schema inference and the numerical decoder classify text the same way, so
 * that a column decodes exactly what inference analysed:
 * - `number`: a decimal literal (`12`, `-3.5`, `1e-3`), read exactly as JavaScript reads it;
 * - `grouped`: a number written with a thousands separator (`1,234,567.5`), read only when the column declares it;
 * - `non-finite`: `Infinity`, `-inf`, `∞`, `1e400` …: a data problem (a table has no infinite values), never a kind change;
 * - `unsafe-integer`: an integer literal that a double cannot hold exactly (beyond ±2^53, e.g. a 64-bit key);
 * - `leading-zero`: digits with a leading zero (`007`, zip codes): a code, whose text a number would lose;
 * - `other`: anything else.
 */
export type NumberClass = 'number' | 'grouped' | 'non-finite' | 'unsafe-integer' | 'leading-zero' | 'other'

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const INTEGER = /^[+-]?\d+$/
const NON_FINITE = /^[+-]?(?:inf|infinity|∞)$/i
const GROUPED: Record<ThousandsSeparator, RegExp> = {
  ',': /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/,
  "'": /^[+-]?\d{1,3}(?:'\d{3})+(?:\.\d+)?$/,
  ' ': /^[+-]?\d{1,3}(?: \d{3})+(?:\.\d+)?$/,
  _: /^[+-]?\d{1,3}(?:_\d{3})+(?:\.\d+)?$/,
}

/** True for a plain decimal literal (`12`, `-3.5`, `.5`, `1e-3`): what Number() reads as it is written. */
export function isDecimalLiteral(s: string): boolean {
  return NUMBER.test(s)
}

/** True for an integer literal too long for every such literal to be exact (16 digits or more). */
export function isLongInteger(s: string): boolean {
  return s.length >= 16 && INTEGER.test(s)
}

/**
 * True when the integer literal `s` (already known to match /^[+-]?\d+$/) survives being held as a double: the
 * double equals it, or writes back as the same text (String(-61830552054763370) is that text again, although the
 * double is …368). 9007199254740993 does neither: it would become 9007199254740992.
 */
export function isExactInteger(s: string): boolean {
  const digits = s.replace(/^[+-]/, '').replace(/^0+(?=\d)/, '')
  if (digits.length < 16) return true
  const x = Number(digits)
  return Number.isSafeInteger(x) || String(x) === digits || BigInt(x) === BigInt(digits)
}

/** Classifies trimmed text as a number (see {@link NumberClass}); `separator` is the one the column declares. */
export function classifyNumber(s: string, separator?: ThousandsSeparator): NumberClass {
  if (NUMBER.test(s)) {
    if (INTEGER.test(s)) {
      // Hot path (every cell of an int column): index arithmetic instead of building a sign-less copy.
      const signed = s.charCodeAt(0) === 0x2b || s.charCodeAt(0) === 0x2d ? 1 : 0
      if (s.length - signed > 1 && s.charCodeAt(signed) === 0x30) return 'leading-zero'
      if (s.length - signed >= 16 && !isExactInteger(s)) return 'unsafe-integer'
      return 'number'
    }
    // 1e400 is a decimal literal, but no double holds it: as good as Infinity.
    return Number.isFinite(Number(s)) ? 'number' : 'non-finite'
  }
  if (NON_FINITE.test(s)) return 'non-finite'
  if (separator !== undefined ? GROUPED[separator].test(s) : groupingSeparatorOf(s) !== undefined) return 'grouped'
  return 'other'
}

/** The thousands separator a grouped number uses, if any (`1,234` → `,`). */
export function groupingSeparatorOf(s: string): ThousandsSeparator | undefined {
  for (const sep of [',', "'", ' ', '_'] as const) if (GROUPED[sep].test(s)) return sep
  return undefined
}

/** The value of a number or grouped number (separator removed); NaN for any other class. */
export function numberValue(s: string, cls: NumberClass, separator?: ThousandsSeparator): number {
  if (cls === 'number' || cls === 'leading-zero') return Number(s)
  if (cls === 'grouped' && separator !== undefined) return Number(s.split(separator).join(''))
  return Number.NaN
}

/** Digits after the decimal point of a decimal literal, counting an exponent (`1.5e-3` → 4). */
export function decimalsOf(s: string): number {
  const t = s.replace(/^[+-]/, '')
  if (/e/i.test(t)) {
    const [mant, exp] = t.toLowerCase().split('e')
    const d = mant.includes('.') ? mant.length - mant.indexOf('.') - 1 : 0
    return Math.max(0, d - Number(exp))
  }
  return t.includes('.') ? t.length - t.indexOf('.') - 1 : 0
}
