// RFC 4180 CSV to columns of strings. The embedded files are fixed and known (header row, comma separator, "\n" or
// "\r\n" line ends, double-quoted fields with "" escapes); a malformed file is a packaging bug and throws.

/** Header and columns of a CSV text; an empty field is '' (missing). At most `limit` records are kept. */
export function parseCsvColumns(text: string, limit = Number.POSITIVE_INFINITY): { header: string[]; columns: string[][] } {
  let pos = 0
  let line = 1
  const n = text.length

  /** Reads one record starting at `pos`; leaves `pos` after its line end. */
  const record = (): string[] => {
    const fields: string[] = []
    for (;;) {
      let value: string
      if (text.charCodeAt(pos) === 34) {
        // Quoted field: runs to the closing quote, "" is one quote.
        let out = ''
        let start = ++pos
        for (;;) {
          const q = text.indexOf('"', pos)
          if (q < 0) throw new Error(`CSV line ${line}: unterminated quoted field`)
          if (text.charCodeAt(q + 1) === 34) {
            out += text.slice(start, q + 1)
            pos = start = q + 2
            continue
          }
          out += text.slice(start, q)
          pos = q + 1
          break
        }
        for (let i = 0; i < out.length; i++) if (out.charCodeAt(i) === 10) line++
        value = out
        const c = text.charCodeAt(pos)
        if (pos < n && c !== 44 && c !== 10 && c !== 13) throw new Error(`CSV line ${line}: text after a closing quote`)
      } else {
        let end = pos
        while (end < n) {
          const c = text.charCodeAt(end)
          if (c === 44 || c === 10 || c === 13) break
          if (c === 34) throw new Error(`CSV line ${line}: quote inside an unquoted field`)
          end++
        }
        value = text.slice(pos, end)
        pos = end
      }
      fields.push(value)
      const c = text.charCodeAt(pos)
      if (c === 44) {
        pos++
        continue
      }
      if (c === 13) pos++
      if (text.charCodeAt(pos) === 10) pos++
      line++
      return fields
    }
  }

  const header = record()
  const columns: string[][] = header.map(() => [])
  let rows = 0
  while (pos < n && rows < limit) {
    const fields = record()
    if (fields.length !== header.length) throw new Error(`CSV line ${line - 1}: ${fields.length} fields, the header has ${header.length}`)
    for (let j = 0; j < fields.length; j++) columns[j].push(fields[j])
    rows++
  }
  return { header, columns }
}
