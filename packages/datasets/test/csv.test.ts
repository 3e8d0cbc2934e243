import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { parseCsvColumns } from '../src/internal/csv'

/** A field written as CSV: quoted when it holds a separator, quote or line end, or at random. */
const field = (value: string, quote: boolean) => (quote || /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)

describe('parseCsvColumns', () => {
  it('reads any table written as CSV back unchanged, and agrees with csv-parse (quotes, "" escapes, line ends, empty fields)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', 'é', ''), maxLength: 6 })
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((width) =>
            fc.tuple(
              fc.array(fc.array(fc.tuple(cell, fc.boolean()), { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
              fc.constantFrom('\n', '\r\n'),
              fc.boolean(),
            ),
          ),
        ([rows, eol, finalEol]) => {
          // A lone empty field on a line is an empty line, which CSV cannot tell from no record: quote it.
          const lines = rows.map((r) => r.map(([v, q]) => field(v, q || (r.length === 1 && v === ''))).join(','))
          const text = lines.join(eol) + (finalEol ? eol : '')
          const { header, columns } = parseCsvColumns(text)
          expect(header).toEqual(rows[0].map(([v]) => v))
          for (let j = 0; j < header.length; j++) expect(columns[j]).toEqual(rows.slice(1).map((r) => r[j][0]))
          const reference: string[][] = parse(text, { relax_quotes: false, skip_empty_lines: false })
          expect([header, ...rows.slice(1).map((_, i) => columns.map((c) => c[i]))]).toEqual(reference)
        },
      ),
      { seed: 13, numRuns: 500 },
    )
  })

  it('refuses malformed files, naming the line', () => {
    expect(() => parseCsvColumns('a,b\n1,"2\n')).toThrow(/line 2: unterminated quoted field/)
    expect(() => parseCsvColumns('a,b\n1,2\n3\n')).toThrow(/line 3: 1 fields, the header has 2/)
    expect(() => parseCsvColumns('a,b\n1,x"y\n')).toThrow(/line 2: quote inside an unquoted field/)
    expect(() => parseCsvColumns('a,b\n"1"x,2\n')).toThrow(/line 2: text after a closing quote/)
  })
})
