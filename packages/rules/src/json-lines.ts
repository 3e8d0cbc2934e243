import { type Table, booleanLabels } from '@synthkit/core'
import { compileDatetimeFormat } from './internal/datetime-format'

/** Options of {@link toJsonLines}. */
export interface JsonLinesOptions {
  /** Booleans as JSON true/false (default) or as the column's labels. */
  readonly booleans?: 'json' | 'labels'
}

/**
 * Serialises a table as JSON Lines (one object per row, keys in schema order, a trailing newline after every row):
 * numbers as JSON numbers, datetimes as text in the column's format (ISO 8601 without one), categories as strings,
 * missing values as null. A pure function over typed arrays (no file access), so writers own the I/O.
 */
export function toJsonLines(table: Table, options: JsonLinesOptions = {}): string {
  const n = table.nRows
  const cells: ((i: number) => string)[] = table.schema.columns.map((spec) => {
    const key = `${JSON.stringify(spec.name)}:`
    const col = table.columns[spec.name]!
    switch (col.type) {
      case 'numeric': {
        const v = col.values
        if (spec.kind === 'datetime') {
          const format = compileDatetimeFormat(spec.format)
          // Formatted dates hold no characters that JSON escapes unless the format's literals do.
          const quote =
            spec.format === undefined || JSON.stringify(spec.format) === `"${spec.format}"` ? (x: string) => `"${x}"` : JSON.stringify
          return (i) => key + (Number.isNaN(v[i]!) ? 'null' : quote(format(v[i]!)))
        }
        return (i) => key + (Number.isNaN(v[i]!) ? 'null' : String(v[i]!))
      }
      case 'coded': {
        const codes = col.codes
        if (spec.kind === 'boolean') {
          const labels = booleanLabels(spec).map((l) => JSON.stringify(l))
          const json = options.booleans === 'labels' ? labels : ['false', 'true']
          return (i) => key + (codes[i]! < 0 ? 'null' : json[codes[i]!]!)
        }
        const encoded = col.dictionary.map((d) => JSON.stringify(d))
        return (i) => key + (codes[i]! < 0 ? 'null' : encoded[codes[i]!]!)
      }
      case 'string': {
        const v = col.values
        return (i) => key + (v[i] === null || v[i] === undefined ? 'null' : JSON.stringify(v[i]))
      }
    }
  })
  // Column by column (each loop calls one encoder: a monomorphic call site), then rows from the encoded cells.
  const encoded = cells.map((cell) => {
    const out: string[] = new Array(n)
    for (let i = 0; i < n; i++) out[i] = cell(i)
    return out
  })
  const k = encoded.length
  let text = ''
  for (let i = 0; i < n; i++) {
    let row = k === 0 ? '{' : `{${encoded[0]![i]!}`
    for (let c = 1; c < k; c++) row += `,${encoded[c]![i]!}`
    text += `${row}}\n`
  }
  return text
}
