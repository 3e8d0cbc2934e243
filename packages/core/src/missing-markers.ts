/**
 * The texts read as a missing value besides the empty string. A schema's `missingValues` (or a column's) lists
 * them, so that decoding a table reads exactly what schema inference read; without that field only `''`,
 * `null` and `undefined` are missing, as before missing markers existed.
 */
export const DEFAULT_MISSING_VALUES: readonly string[] = ['', 'NA', 'N/A', 'n/a', 'NaN', 'null', 'None', '-', '?']

/**
 * A membership test for missing markers. Markers are compared with the cell's text with surrounding whitespace
 * removed (`' NA '` is `NA`), and case-sensitively: `None` is a marker, `none` (a category in many surveys) is not.
 * The empty string is always missing, whatever the list says; with a non-empty list, so is a text of spaces only.
 */
export function missingMarkerTest(markers: readonly string[] | undefined): (text: string) => boolean {
  if (markers === undefined || markers.length === 0 || (markers.length === 1 && markers[0] === '')) return (s) => s === ''
  const set = new Set(markers.map((m) => m.trim()))
  set.add('')
  // Decoding calls this once per cell: most cells (numbers, categories) are ruled out by their first character.
  const firsts = new Set([...set].filter((m) => m !== '').map((m) => m.charCodeAt(0)))
  const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x0d || c === 0x0a
  return (s) => {
    if (s === '') return true
    const c0 = s.charCodeAt(0)
    if (isSpace(c0) || isSpace(s.charCodeAt(s.length - 1))) return set.has(s.trim())
    return firsts.has(c0) && set.has(s)
  }
}
