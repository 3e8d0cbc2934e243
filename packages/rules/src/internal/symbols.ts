import { type Rng, uniformInt } from '@synthkit/core'

const DIGITS = '0123456789'
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const ALNUM = DIGITS + LETTERS

/** A compiled symbol pattern: literal runs and random symbols, with the number of distinct values it can give. */
export interface SymbolPattern {
  readonly render: (rng: Rng) => string
  /** Distinct values (Infinity past 2^53). */
  readonly capacity: number
}

/**
 * Compiles a pattern where `#` is a digit, `?` a capital letter, `*` a digit or capital letter, `!` a digit 2–9
 * (faker's phone formats) and `\` escapes the next character.
 */
export function compileSymbols(pattern: string, symbols = '#?*!'): SymbolPattern {
  const parts: (string | { alphabet: string })[] = []
  let literal = ''
  let capacity = 1
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!
    if (ch === '\\' && i + 1 < pattern.length) {
      literal += pattern[++i]
      continue
    }
    const alphabet = symbols.includes(ch)
      ? ch === '#'
        ? DIGITS
        : ch === '?'
          ? LETTERS
          : ch === '*'
            ? ALNUM
            : ch === '!'
              ? '23456789'
              : null
      : null
    if (alphabet === null) {
      literal += ch
      continue
    }
    if (literal !== '') parts.push(literal)
    literal = ''
    parts.push({ alphabet })
    capacity *= alphabet.length
  }
  if (literal !== '') parts.push(literal)
  if (parts.every((p) => typeof p === 'string')) {
    const text = parts.join('')
    return { render: () => text, capacity: 1 }
  }
  return {
    capacity: capacity > 2 ** 53 ? Infinity : capacity,
    render: (rng) => {
      let s = ''
      for (const p of parts) s += typeof p === 'string' ? p : p.alphabet[uniformInt(rng, p.alphabet.length)]
      return s
    },
  }
}

/** A sequence pattern `PREFIX{000000}SUFFIX`: one brace run of zeros, the counter's width. */
export function parseCounterPattern(pattern: string): { prefix: string; width: number; suffix: string } | null {
  const m = /^([^{}]*)\{(0+)\}([^{}]*)$/.exec(pattern)
  return m ? { prefix: m[1]!, width: m[2]!.length, suffix: m[3]! } : null
}
