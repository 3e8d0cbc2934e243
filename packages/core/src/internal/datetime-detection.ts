import { KNOWN_DATETIME_FORMATS, type DatetimeMatch, matchDatetime } from '../datetime'

/** Distinct texts of a column with how often each occurs and its first row. */
export interface DistinctText {
  readonly text: string
  readonly count: number
  readonly first: number
}

/** The formats chosen for a column and how each distinct text reads under them. */
export interface DatetimeDetection {
  /** Formats in the order tried; `undefined` stands for ISO 8601 (only ever alone). */
  readonly formats: readonly (string | undefined)[]
  /** Rows (weighted by count) read as dates, of impossible dates, and of texts no chosen format has the shape of. */
  readonly ok: number
  readonly invalid: readonly DistinctText[]
  readonly unmatched: readonly DistinctText[]
  /** Rows read by each chosen format. */
  readonly perFormat: readonly number[]
  /** A format that reads the same texts as the first one but as other dates (day-first versus month-first). */
  readonly ambiguousWith?: string
  readonly leapSeconds: readonly DistinctText[]
}

const MAX_FORMATS = 3
const SAMPLE = 200
const LEAP = /:60(?:\D|$)/

/**
 * Picks the date formats that read a column's texts: greedily the format with the shape of the most rows, then,
 * for the rows it leaves, further formats that never read a text as another date than a format already chosen
 * (so a mix of `2020-01-31` and `Jan 31 2020` is read, while `03/04/2020` is never read both ways). A text with
 * a format's shape that is no real date (2020-02-30) counts as covered by that format: it is a data problem, not
 * evidence that the column is not a date. `candidates` overrides the known formats (a user's date format).
 */
export function detectDatetimeFormats(
  distinct: readonly DistinctText[],
  candidates?: readonly (string | undefined)[],
): DatetimeDetection | undefined {
  if (distinct.length === 0) return undefined
  let formats: readonly (string | undefined)[] = candidates ?? [...KNOWN_DATETIME_FORMATS, undefined]
  if (!candidates) {
    // Screen on a sample of distinct texts: most columns are not dates and this keeps them cheap.
    const sample = distinct.length > SAMPLE ? distinct.filter((_, i) => i % Math.ceil(distinct.length / SAMPLE) === 0) : distinct
    formats = formats.filter((f) => sample.some((d) => matchDatetime(d.text, f).status !== 'nomatch'))
    if (formats.length === 0) return undefined
  }
  const matches: DatetimeMatch[][] = formats.map((f) => distinct.map((d) => matchDatetime(d.text, f)))
  const covered = new Uint8Array(distinct.length)
  const chosen: number[] = []
  // Rows a format reads as real dates come first; rows of its shape that are no real date break ties only
  // (a day-first column has the month-first shape too, but reads as impossible dates under it).
  const total = distinct.reduce((s, d) => s + d.count, 0) + 1
  const weight = (fi: number) => {
    let w = 0
    matches[fi].forEach((m, i) => {
      if (covered[i] === 0 && m.status !== 'nomatch') w += m.status === 'ok' ? distinct[i].count * total : distinct[i].count
    })
    return w
  }
  const agrees = (fi: number, fj: number) =>
    matches[fi].every((m, i) => {
      const o = matches[fj][i]
      return !(m.status === 'ok' && o.status === 'ok' && m.ms !== o.ms)
    })
  while (chosen.length < MAX_FORMATS) {
    let best = -1
    let bestWeight = 0
    for (let fi = 0; fi < formats.length; fi++) {
      if (chosen.includes(fi)) continue
      if (chosen.length > 0 && (formats[fi] === undefined || formats[chosen[0]] === undefined)) continue
      if (!chosen.every((fj) => agrees(fi, fj))) continue
      const w = weight(fi)
      if (w > bestWeight) {
        best = fi
        bestWeight = w
      }
    }
    if (best < 0) break
    chosen.push(best)
    matches[best].forEach((m, i) => {
      if (m.status !== 'nomatch') covered[i] = 1
    })
  }
  if (chosen.length === 0) return undefined
  const invalid: DistinctText[] = []
  const unmatched: DistinctText[] = []
  const leapSeconds: DistinctText[] = []
  const perFormat = chosen.map(() => 0)
  let ok = 0
  distinct.forEach((d, i) => {
    const k = chosen.findIndex((fi) => matches[fi][i].status === 'ok')
    if (k >= 0) {
      ok += d.count
      perFormat[k] += d.count
      if (LEAP.test(d.text)) leapSeconds.push(d)
    } else if (chosen.some((fi) => matches[fi][i].status === 'invalid')) invalid.push(d)
    else unmatched.push(d)
  })
  // Another format that reads every text the first one reads, but some as other dates: the choice is a guess.
  const first = chosen[0]
  let ambiguousWith: string | undefined
  for (let fi = 0; fi < formats.length && ambiguousWith === undefined; fi++) {
    if (fi === first || formats[fi] === undefined) continue
    const all = matches[first].every((m, i) => m.status !== 'ok' || matches[fi][i].status === 'ok')
    if (all && !agrees(fi, first)) ambiguousWith = formats[fi]
  }
  return { formats: chosen.map((fi) => formats[fi]), ok, invalid, unmatched, perFormat, ambiguousWith, leapSeconds }
}
