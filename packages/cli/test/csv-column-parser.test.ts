import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvSyntaxError, csvColumnParser } from '../src/io/csv-column-parser'

// The column parser against csv-parse (the parser it replaced, with the options csv-read.ts gave it) as the
// reference: any table of any text, quoted as a writer may choose, cut into pieces anywhere, reads back the same.

/** Runs the parser over `text` cut at `cuts` (positions), returns the records (header first) like csv-parse does. */
function parseInPieces(text: string, delimiter: string, cuts: readonly number[]): string[][] {
  const parser = csvColumnParser(delimiter)
  let at = 0
  for (const c of [...cuts].sort((a, b) => a - b)) {
    parser.push(text.slice(at, c))
    at = c
  }
  parser.push(text.slice(at))
  const { header, columns, nRows } = parser.end()
  if (header === undefined) return []
  return [[...header], ...Array.from({ length: nRows }, (_, r) => columns.map((col) => col[r]))]
}

const reference = (text: string, delimiter: string): string[][] =>
  parse(text, { skip_empty_lines: true, bom: true, delimiter, record_delimiter: '\n', relax_quotes: false, relax_column_count: false })

// field text from an alphabet rich in the characters that matter: quotes, delimiters, line feeds, spaces, non-ASCII
const fieldText = fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', '"', ',', ';', '\n', 'é', '東', '\u{1F600}'), maxLength: 8 })

/** A table as CSV: a field is quoted when it must be (or when the writer chose to), quotes doubled inside quotes. */
const csvTable = fc
  .record({
    width: fc.integer({ min: 1, max: 4 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    height: fc.integer({ min: 0, max: 6 }),
    trailingLineFeed: fc.boolean(),
  })
  .chain(({ width, delimiter, height, trailingLineFeed }) =>
    fc.record({
      delimiter: fc.constant(delimiter),
      trailingLineFeed: fc.constant(trailingLineFeed),
      rows: fc.array(fc.array(fc.record({ text: fieldText, quote: fc.boolean() }), { minLength: width, maxLength: width }), {
        minLength: height + 1,
        maxLength: height + 1,
      }),
    }),
  )
  .map(({ delimiter, trailingLineFeed, rows }) => {
    const lines = rows.map((row) =>
      row
        .map(({ text, quote }) => {
          const must = text.includes('"') || text.includes(delimiter) || text.includes('\n') || text === ''
          // an empty one-field row would be an empty line (skipped): quote it
          return quote || must ? `"${text.replaceAll('"', '""')}"` : text
        })
        .join(delimiter),
    )
    return { delimiter, text: lines.join('\n') + (trailingLineFeed ? '\n' : '') }
  })

describe('the column CSV parser', () => {
  it('reads what csv-parse reads, wherever the text is cut into pieces', () => {
    fc.assert(
      fc.property(csvTable, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), ({ delimiter, text }, rawCuts, bom) => {
        const full = bom ? `\uFEFF${text}` : text
        const cuts = rawCuts.map((c) => c % (full.length + 1))
        expect(parseInPieces(full, delimiter, cuts)).toEqual(reference(full, delimiter))
      }),
      { numRuns: 2000, seed: 20261201 },
    )
  })

  it('skips empty lines (also before the header) and keeps a quoted empty field', () => {
    expect(parseInPieces('\n\na,b\n\n1,2\n\n""," "\n', ',', [3, 7])).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['', ' '],
    ])
  })

  it('names the line of each syntax error, with the code csv-read words for the user', () => {
    const error = (text: string, cuts: number[] = []) => {
      try {
        parseInPieces(text, ',', cuts)
      } catch (e) {
        expect(e).toBeInstanceOf(CsvSyntaxError)
        return [(e as CsvSyntaxError).code, (e as CsvSyntaxError).lines, (e as CsvSyntaxError).message]
      }
      throw new Error('no error')
    }
    // a ragged row on line 4, cut anywhere
    for (const cut of [0, 5, 13, 16, 20])
      expect(error('a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n', [cut])).toEqual([
        'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH',
        4,
        'Invalid Record Length: expect 3, got 2',
      ])
    expect(error('a,b\n1,2,3\n')[0]).toBe('CSV_RECORD_INCONSISTENT_FIELDS_LENGTH')
    // a quote after a closing quote, on line 3 (after a quoted line break on line 2)
    expect(error('a,b\n"x\ny",2\n3,"4"x\n').slice(0, 2)).toEqual(['CSV_INVALID_CLOSING_QUOTE', 4])
    expect(error('a,b\n1,2\n3,"4"x\n').slice(0, 2)).toEqual(['CSV_INVALID_CLOSING_QUOTE', 3])
    // a quote inside an unquoted field
    expect(error('a,b\n1,x"y\n').slice(0, 2)).toEqual(['CSV_INVALID_OPENING_QUOTE', 2])
    // a quote never closed: the line it opens on
    expect(error('a,b\n1,2\n"3,4\n5,6\n', [9]).slice(0, 2)).toEqual(['CSV_QUOTE_NOT_CLOSED', 3])
  })

  it('agrees with csv-parse on which inputs are errors', () => {
    const piece = fc.constantFrom('a', '"', ',', '\n', '""', ' ')
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const text = pieces.join('')
        let ours: string[][] | 'error'
        let theirs: string[][] | 'error'
        try {
          ours = parseInPieces(text, ',', [Math.floor(text.length / 2)])
        } catch {
          ours = 'error'
        }
        try {
          theirs = reference(text, ',')
        } catch {
          theirs = 'error'
        }
        expect(ours).toEqual(theirs)
      }),
      { numRuns: 3000, seed: 7 },
    )
  })
})
