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
          const quote = spec.format === undefined || JSON.stringify(spec.format) === `"${spec.format}"` ? (x: string) => `"${x}"` : JSON.stringify
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
  const lines: string[] = new Array(n)
  for (let i = 0; i < n; i++) {
    let s = '{'
    for (let c = 0; c < cells.length; c++) s += (c === 0 ? '' : ',') + cells[c]!(i)
    lines[i] = `${s}}\n`
  }
  return lines.join('')
}
