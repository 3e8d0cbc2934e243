import type { DistinctText } from './datetime-detection'

// A name token: a capital letter, then letters, apostrophes, hyphens or dots (O'Neil, Jean-Luc, J.), optionally a
// trailing comma (surname-first lists: "Braund, Mr. Owen Harris"); parentheses around a token are allowed
// (maiden names). Letters are Unicode letters, so Zoë and Łukasz count.
const TOKEN = /^\(?\p{Lu}[\p{L}'’.-]*\)?,?$/u
const PARTICLE = /^(?:van|von|de|del|della|der|den|da|di|du|la|le|bin|al|y|e|dos|das)$/

/**
 * True when a text looks like a person's name: 1–6 words without digits, each capitalised (lower-case particles
 * such as "van" or "de" allowed between them). A car model ("chevrolet chevelle malibu", "ford f250"), a
 * product code or a sentence does not.
 */
export function isPersonLike(text: string): boolean {
  const words = text.trim().split(/\s+/)
  if (words.length < 1 || words.length > 6 || /\d/.test(text)) return false
  let capitalised = 0
  for (const w of words) {
    if (TOKEN.test(w)) capitalised++
    else if (!PARTICLE.test(w)) return false
  }
  return capitalised >= 1
}

/** The share of rows (weighted by count) whose text looks like a person's name, and a few that do not. */
export function personLikeShare(distinct: readonly DistinctText[]): { share: number; counterExamples: DistinctText[] } {
  let yes = 0
  let all = 0
  const counterExamples: DistinctText[] = []
  for (const d of distinct) {
    all += d.count
    if (isPersonLike(d.text)) yes += d.count
    else if (counterExamples.length < 5) counterExamples.push(d)
  }
  return { share: all === 0 ? 0 : yes / all, counterExamples }
}
