import { createReadStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { parse } from 'csv-parse'
import { CliError } from '../terminal/cli-error'
import { countLineFeeds, firstInvalidUtf8 } from './utf8'

/** A CSV file as text columns: '' is a missing value, as everywhere in synthkit. */
export interface CsvColumns {
  readonly header: readonly string[]
  /** One array of raw strings per header name, in header order. */
  readonly columns: readonly string[][]
  readonly nRows: number
  /**
   * The line of the file a data row (0-based) is on, when every record is on one line (no quoted line breaks,
   * no blank lines): then row r is line r + 2. Undefined otherwise.
   */
  readonly lineOfRow?: (row: number) => number
}

/**
 * Streams a CSV file (RFC 4180: header row, comma separator, double-quote quoting, LF or CRLF line ends) into
 * text columns. Fails with a {@link CliError} naming the file and line for invalid UTF-8, a row with a different
 * number of fields than the header, bad quoting, an empty file or a duplicated header name.
 */
export async function readCsvColumns(path: string): Promise<CsvColumns> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let linesBefore = 0
  let endsWithLineFeed = false
  async function* decodeUtf8(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
    // Decoded chunk by chunk with a fatal decoder, so that a bad byte is an error instead of a silent U+FFFD.
    let carry: Uint8Array = new Uint8Array(0)
    for await (const chunk of source) {
      const bytes: Uint8Array = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk
      const bad = firstInvalidUtf8(bytes, false)
      if (bad >= 0) throw new CliError(`${path}: line ${linesBefore + countLineFeeds(bytes, bad) + 1}: invalid UTF-8 (byte 0x${bytes[bad].toString(16).padStart(2, '0')}); save the file as UTF-8`)
      // Keep an incomplete trailing sequence (its lead byte needs more bytes than the chunk has) for the next chunk.
      let cut = bytes.length
      for (let k = 1; k <= 3 && k <= bytes.length; k++) {
        const b = bytes[bytes.length - k]
        if ((b & 0xc0) === 0x80) continue
        if (b >= 0xc0 && (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > k) cut = bytes.length - k
        break
      }
      const whole = bytes.subarray(0, cut)
      carry = bytes.slice(cut)
      linesBefore += countLineFeeds(whole)
      if (whole.length > 0) endsWithLineFeed = whole[whole.length - 1] === 0x0a
      if (whole.length > 0) yield decoder.decode(whole, { stream: true })
    }
    if (carry.length > 0) {
      throw new CliError(`${path}: line ${linesBefore + 1}: invalid UTF-8 (the file ends inside a multi-byte character)`)
    }
    const rest = decoder.decode()
    if (rest) yield rest
  }

  let header: string[] | undefined
  let columns: string[][] = []
  let nRows = 0
  const parser = parse({ skip_empty_lines: true, relax_quotes: false, relax_column_count: false, bom: true })
  try {
    await pipeline(createReadStream(path), decodeUtf8, parser, async (records: AsyncIterable<string[]>) => {
      for await (const rec of records) {
        if (header === undefined) {
          header = rec
          checkHeader(path, header)
          columns = header.map(() => [])
          continue
        }
        for (let j = 0; j < rec.length; j++) columns[j].push(rec[j])
        nRows++
      }
    })
  } catch (e) {
    throw csvError(path, e)
  }
  if (header === undefined) throw new CliError(`${path}: the file is empty (expected a header row naming the columns)`)
  // linesBefore counts line feeds: a file ending without one has one more line.
  const recordLines = linesBefore + (endsWithLineFeed ? 0 : 1)
  const simple = recordLines === nRows + 1
  return { header, columns, nRows, lineOfRow: simple ? (row) => row + 2 : undefined }
}

function checkHeader(path: string, header: readonly string[]): void {
  const seen = new Set<string>()
  header.forEach((h, j) => {
    if (h.trim() === '') throw new CliError(`${path}: line 1: column ${j + 1} has an empty name in the header`)
    if (seen.has(h)) throw new CliError(`${path}: line 1: the column name "${h}" appears twice in the header`)
    seen.add(h)
  })
}

/** csv-parse's errors carry a code and the line; say in words what is wrong there. */
function csvError(path: string, e: unknown): unknown {
  if (e instanceof CliError) return e
  const err = e as { code?: unknown; lines?: unknown; message?: unknown; record?: unknown }
  if (typeof err?.code !== 'string' || !err.code.startsWith('CSV_')) return e
  const line = typeof err.lines === 'number' ? err.lines : undefined
  const at = line !== undefined ? `line ${line}: ` : ''
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH': {
      const m = /expect (\d+), got (\d+)/.exec(String(err.message))
      return new CliError(`${path}: ${at}${m ? `${m[2]} fields, but the header has ${m[1]}` : 'the row has a different number of fields than the header'} (ragged row)`)
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CliError(`${path}: ${at}a quoted field is never closed (unbalanced double quote)`)
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new CliError(`${path}: ${at}bad quoting: a closing double quote is followed by other characters (write "" for a quote inside a quoted field)`)
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return new CliError(`${path}: ${at}bad quoting: a double quote inside an unquoted field (quote the whole field and write "" for the quote)`)
    default:
      return new CliError(`${path}: ${at}${String(err.message)}`)
  }
}
