/**
 * A CSV syntax error at a line of the file (1-based), with csv-parse's code names so that one function
 * (csv-read.ts' csvError) words them for the user.
 */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code:
      | 'CSV_QUOTE_NOT_CLOSED'
      | 'CSV_INVALID_CLOSING_QUOTE'
      | 'CSV_INVALID_OPENING_QUOTE'
      | 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH',
    readonly lines: number,
    message: string,
  ) {
    super(message)
    this.name = 'CsvSyntaxError'
  }
}

/** The parsed text: the header row and one array of raw strings per header name. */
export interface CsvColumnResult {
  readonly header: readonly string[] | undefined
  readonly columns: readonly string[][]
  readonly nRows: number
}

/** Feeds text to the parser piece by piece (any split, also inside a field or a quote), then `end`. */
export interface CsvColumnParser {
  readonly push: (text: string) => void
  readonly end: () => CsvColumnResult
}

const QUOTE = 0x22
const LF = 0x0a

function countLineFeeds(text: string, end: number): number {
  let n = 0
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++
  return n
}

/**
 * An RFC 4180 parser that writes each field straight into its column: no array per row, no stream of records
 * (csv-parse's per-row arrays, pushed one by one through an object-mode stream and an async iterator, were most of
 * the time of reading a large file). Line ends must already be LF (csv-read.ts normalises CRLF and CR outside
 * quotes). The rules are those csv-read.ts used csv-parse with: a header row; a field that starts with a double
 * quote runs to the closing quote, `""` inside it being one quote, and the closing quote must be followed by the
 * delimiter, a line end or the end of the text; a quote inside an unquoted field is an error; empty lines are
 * skipped; every row has the header's number of fields; a leading byte-order mark is dropped. `onHeader` may
 * refuse the header by throwing.
 */
export function csvColumnParser(delimiter: string, onHeader?: (header: readonly string[]) => void): CsvColumnParser {
  if (delimiter.length !== 1) throw new Error(`the delimiter must be one UTF-16 unit, got ${JSON.stringify(delimiter)}`)
  const D = delimiter.charCodeAt(0)
  let carry = ''
  // line feeds in the text consumed before `carry`, for the line numbers of errors
  let linesBefore = 0
  let started = false
  let header: string[] | undefined
  let columns: string[][] = []
  let width = 0
  let nRows = 0

  const lineAt = (text: string, pos: number) => linesBefore + countLineFeeds(text, pos) + 1

  /** Undoes the fields of a record cut by the end of a piece of text (it is parsed again with the next piece). */
  function cut(recordStart: number, pushed: boolean, fields: number): number {
    if (pushed) for (let k = 0; k < fields && k < width; k++) columns[k].pop()
    return recordStart
  }

  /** Parses the complete records of `text`; returns where the incomplete last one starts (`text.length` when none). */
  function parse(text: string, final: boolean): number {
    const len = text.length
    let p = 0
    while (p < len) {
      if (text.charCodeAt(p) === LF) {
        p++
        continue
      }
      const recordStart = p
      const row: string[] | undefined = header === undefined ? [] : undefined
      let j = 0
      for (;;) {
        let value: string
        let next: number
        let endsRecord: boolean
        if (p < len && text.charCodeAt(p) === QUOTE) {
          let parts = ''
          let from = p + 1
          for (;;) {
            const close = text.indexOf('"', from)
            if (close < 0) {
              if (!final) return cut(recordStart, row === undefined, j)
              throw new CsvSyntaxError('CSV_QUOTE_NOT_CLOSED', lineAt(text, p), 'Quote Not Closed: the quoted field is not closed')
            }
            if (close + 1 >= len && !final) return cut(recordStart, row === undefined, j)
            if (close + 1 < len && text.charCodeAt(close + 1) === QUOTE) {
              parts += text.slice(from, close + 1)
              from = close + 2
              continue
            }
            value = parts === '' ? text.slice(from, close) : parts + text.slice(from, close)
            const after = close + 1
            if (after >= len) {
              next = len
              endsRecord = true
            } else {
              const c = text.charCodeAt(after)
              if (c === D || c === LF) {
                next = after + 1
                endsRecord = c === LF
              } else
                throw new CsvSyntaxError(
                  'CSV_INVALID_CLOSING_QUOTE',
                  lineAt(text, after),
                  `Invalid Closing Quote: got ${JSON.stringify(text[after])} after a closing quote`,
                )
            }
            break
          }
        } else {
          let k = p
          for (; k < len; k++) {
            const c = text.charCodeAt(k)
            if (c === D || c === LF) break
            if (c === QUOTE)
              throw new CsvSyntaxError(
                'CSV_INVALID_OPENING_QUOTE',
                lineAt(text, k),
                'Invalid Opening Quote: a quote inside an unquoted field',
              )
          }
          if (k >= len && !final) return cut(recordStart, row === undefined, j)
          value = text.slice(p, k)
          next = k >= len ? len : k + 1
          endsRecord = k >= len || text.charCodeAt(k) === LF
        }
        if (row) row.push(value)
        else if (j < width) columns[j].push(value)
        j++
        p = next
        if (endsRecord) break
      }
      if (row) {
        onHeader?.(row)
        header = row
        width = row.length
        columns = row.map(() => [])
      } else if (j !== width) {
        throw new CsvSyntaxError(
          'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH',
          lineAt(text, p - 1),
          `Invalid Record Length: expect ${width}, got ${j}`,
        )
      } else nRows++
    }
    return len
  }

  function feed(piece: string, final: boolean): void {
    let text = carry === '' ? piece : carry + piece
    if (!started && text.length > 0) {
      started = true
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    const consumed = parse(text, final)
    linesBefore += countLineFeeds(text, consumed)
    carry = consumed === text.length ? '' : text.slice(consumed)
  }

  return {
    push: (text) => {
      if (text.length > 0) feed(text, false)
    },
    end: () => {
      feed('', true)
      return { header, columns, nRows }
    },
  }
}
