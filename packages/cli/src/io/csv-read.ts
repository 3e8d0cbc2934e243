import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { csvColumnParser } from './csv-column-parser'
import { CliError } from '../terminal/cli-error'
import type { ReadProgressListener } from './read-progress'
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
  /** The field separator used: the one given, or the one detected on the first lines. */
  readonly delimiter: string
  /** The text encoding the bytes were read in. */
  readonly encoding: string
  /** SHA-256 (hex) of the bytes read (after gzip decompression: of the CSV text itself). */
  readonly sha256: string
  /** SHA-256 (hex) of the bytes as stored (of the compressed bytes of a .gz): what {@link fileSha256} of the file gives. */
  readonly fileSha256: string
}

/** How to read a CSV file; everything is detected when not given. */
export interface CsvReadOptions {
  /** Field separator: one character (`,` `;` `\t` `|` …). Default: detected on the first lines. */
  readonly delimiter?: string
  /**
   * Text encoding, any label TextDecoder knows (`utf-8`, `latin1`, `windows-1252`, `utf-16le`, `utf-16be`,
   * `shift_jis` …). Default UTF-8 (a UTF-16 byte-order mark selects UTF-16), decoded strictly: a byte that is not
   * UTF-8 is an error that suggests another encoding, never a silent U+FFFD.
   */
  readonly encoding?: string
  /** Decompress with gzip. Default: when the name ends in `.gz` or the bytes start with gzip's magic number. */
  readonly gzip?: boolean
  /**
   * Told the bytes of the file read so far (compressed bytes for gzip) of its size; not called for standard input,
   * whose size is unknown.
   */
  readonly onProgress?: ReadProgressListener
}

/** The delimiters detection chooses from, in order of preference on a tie. */
export const CSV_DELIMITERS: readonly string[] = [',', ';', '\t', '|']
const SNIFF_LINES = 20
const SNIFF_CHARS = 1 << 16

/**
 * The bytes of a file, or of standard input for `-`, gunzipped when asked or when they are gzip. `onRaw` is given
 * each chunk as it is taken from the file (before decompression); `found.gzip` says, once the first chunk is read,
 * whether the bytes are being decompressed.
 */
async function* byteSource(
  path: string,
  gzip: boolean | undefined,
  onRaw: (chunk: Buffer) => void,
  found: { gzip: boolean },
): AsyncGenerator<Uint8Array> {
  const file: AsyncIterable<Buffer> = path === '-' ? process.stdin : createReadStream(path)
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of file) {
      onRaw(chunk)
      yield chunk
    }
  }
  const iterator = counted()[Symbol.asyncIterator]()
  const first = await iterator.next()
  if (first.done) return
  const isGzip =
    gzip ?? (path.toLowerCase().endsWith('.gz') || (first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b))
  found.gzip = isGzip
  async function* rest(): AsyncGenerator<Buffer> {
    yield first.value as Buffer
    for (;;) {
      const next = await iterator.next()
      if (next.done) return
      yield next.value
    }
  }
  if (!isGzip) {
    yield* rest()
    return
  }
  const gunzip = createGunzip()
  const source = Readable.from(rest())
  source.on('error', (e) => gunzip.destroy(e))
  source.pipe(gunzip)
  try {
    for await (const chunk of gunzip) yield chunk as Buffer
  } catch (e) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('Z_')) throw new CliError(`${path}: not a readable gzip file (${(e as Error).message})`)
    throw e
  }
}

/**
 * Decodes bytes to text: UTF-8 strictly (an invalid byte names its line and suggests an encoding), any other
 * encoding through TextDecoder. Counts line feeds for the record-to-line mapping.
 */
function textDecoder(path: string, encoding: string | undefined, state: { lineFeeds: number; encoding: string }) {
  return async function* decode(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
    let decoder: TextDecoder | undefined
    let utf8 = false
    let carry: Uint8Array = new Uint8Array(0)
    for await (const chunk of source) {
      let bytes: Uint8Array = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk
      if (decoder === undefined) {
        let label = encoding
        if (label === undefined) {
          // A UTF-16 byte-order mark is unambiguous; anything else is read as UTF-8 unless told otherwise.
          if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le'
          else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be'
          else label = 'utf-8'
        }
        try {
          decoder = new TextDecoder(label, { fatal: true, ignoreBOM: false })
        } catch {
          throw new CliError(`unknown text encoding "${label}" (try utf-8, latin1, windows-1252, utf-16le or utf-16be)`)
        }
        state.encoding = decoder.encoding
        utf8 = decoder.encoding === 'utf-8'
      }
      if (!utf8) {
        let text: string
        try {
          text = decoder.decode(bytes, { stream: true })
        } catch {
          throw new CliError(`${path}: line ${state.lineFeeds + 1}: the bytes are not valid ${state.encoding}`)
        }
        state.lineFeeds += countChar(text, '\n')
        if (text) yield text
        continue
      }
      // UTF-8: checked chunk by chunk, so that a bad byte is an error with its line instead of a silent U+FFFD.
      const bad = firstInvalidUtf8(bytes, false)
      if (bad >= 0) {
        throw new CliError(
          `${path}: line ${state.lineFeeds + countLineFeeds(bytes, bad) + 1}: invalid UTF-8 (byte 0x${bytes[bad].toString(16).padStart(2, '0')}); ` +
            'the file is probably in another encoding: give it, e.g. latin1 (ISO-8859-1), windows-1252 or utf-16le, or save the file as UTF-8',
        )
      }
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
      bytes = whole
      state.lineFeeds += countLineFeeds(whole)
      if (whole.length > 0) yield decoder.decode(whole, { stream: true })
    }
    if (carry.length > 0)
      throw new CliError(`${path}: line ${state.lineFeeds + 1}: invalid UTF-8 (the file ends inside a multi-byte character)`)
    if (decoder) {
      let rest: string
      try {
        rest = decoder.decode()
      } catch {
        throw new CliError(`${path}: the file ends inside a ${state.encoding} character`)
      }
      if (rest) yield rest
    }
  }
}

function countChar(text: string, c: string): number {
  let n = 0
  for (let i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) n++
  return n
}

/**
 * Line ends to LF outside quoted fields: CRLF and a lone CR (old Mac files) both end a record, and a file may
 * mix them (an LF header with CRLF rows, rows appended by another tool). A line break inside a quoted field is
 * data and is kept as it is. Quote state is tracked across chunks; a doubled quote toggles twice.
 */
export function lineEndNormalizer(): (source: AsyncIterable<string>) => AsyncGenerator<string> {
  return async function* normalize(source) {
    let inQuotes = false
    let pendingCr = false
    for await (const chunk of source) {
      if (chunk.length === 0) continue
      let out = ''
      let start = 0
      let i = 0
      if (pendingCr) {
        // The previous chunk ended in a CR (written as LF already): a LF right after it belongs to it.
        if (chunk[0] === '\n') start = i = 1
        pendingCr = false
      }
      if (chunk.indexOf('\r', i) < 0) {
        // Fast path: only the quote parity needs following.
        for (let q = chunk.indexOf('"', i); q >= 0; q = chunk.indexOf('"', q + 1)) inQuotes = !inQuotes
        yield start === 0 ? chunk : chunk.slice(start)
        continue
      }
      if (!inQuotes && chunk.indexOf('"', i) < 0) {
        // No quote in sight: every CR is a line end.
        const rest = start === 0 ? chunk : chunk.slice(start)
        pendingCr = rest.endsWith('\r')
        yield rest.replace(/\r\n?/g, '\n')
        continue
      }
      for (; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i)
        if (c === 0x22) inQuotes = !inQuotes
        else if (c === 0x0d && !inQuotes) {
          out += `${chunk.slice(start, i)}\n`
          if (i + 1 < chunk.length) {
            if (chunk.charCodeAt(i + 1) === 0x0a) i++
          } else pendingCr = true
          start = i + 1
        }
      }
      out += chunk.slice(start)
      if (out) yield out
    }
  }
}

/**
 * The field separator of CSV text, from its first lines (outside quotes): the candidate that occurs the same
 * number of times, at least once, on every line — the most often per line when several do; `,` when none does.
 */
export function detectDelimiter(head: string): string {
  const lines: string[] = []
  let line = ''
  let inQuotes = false
  for (let i = 0; i < head.length && lines.length < SNIFF_LINES; i++) {
    const c = head[i]
    if (c === '"') inQuotes = !inQuotes
    if (c === '\n' && !inQuotes) {
      if (line.trim() !== '') lines.push(line)
      line = ''
    } else if (!inQuotes && c !== '"') line += c
  }
  // An unfinished last line is only used when it is the only one.
  if (lines.length === 0 && line.trim() !== '') lines.push(line)
  if (lines.length === 0) return ','
  let best = ','
  let bestCount = 0
  for (const d of CSV_DELIMITERS) {
    const counts = lines.map((l) => countChar(l, d))
    if (counts[0] > 0 && counts.every((c) => c === counts[0]) && counts[0] > bestCount) {
      best = d
      bestCount = counts[0]
    }
  }
  if (bestCount > 0) return best
  // No candidate is consistent (ragged rows): go by the header line alone, so the ragged row is what gets reported.
  for (const d of CSV_DELIMITERS) {
    const c = countChar(lines[0], d)
    if (c > bestCount) {
      best = d
      bestCount = c
    }
  }
  return best
}

function checkDelimiter(d: string): string {
  const named: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' }
  const v = named[d] ?? d
  if (v.length !== 1 || v === '"' || v === '\n' || v === '\r') {
    throw new CliError(`the delimiter must be one character other than a quote or line break (e.g. , ; | or tab), got ${JSON.stringify(d)}`)
  }
  return v
}

/**
 * Streams a CSV file (RFC 4180 with a header row, double-quote quoting) into text columns. `-` reads standard
 * input; `.gz` (or gzip bytes) is decompressed; the delimiter is detected unless given; LF, CRLF and CR line ends
 * (also mixed) are all record ends; the encoding is UTF-8 unless given. Fails with a {@link CliError} naming the
 * file and line for invalid text, a row with a different number of fields than the header, bad quoting, an empty
 * file or a duplicated header name.
 */
export async function readCsvColumns(path: string, options: CsvReadOptions = {}): Promise<CsvColumns> {
  const given = options.delimiter === undefined ? undefined : checkDelimiter(options.delimiter)
  const onProgress = options.onProgress
  const size = onProgress && path !== '-' ? (await stat(path)).size : undefined
  let read = 0
  const onBytes =
    onProgress && size !== undefined
      ? (bytes: number) => {
          // a file that grows while it is read must not go past 100 %
          read = Math.min(size, read + bytes)
          onProgress({ unit: 'bytes', done: read, total: size })
        }
      : undefined
  const state = { lineFeeds: 0, encoding: options.encoding ?? 'utf-8' }
  // the file's bytes are hashed as they are read (the model's lineage, the card), so no one reads the file again
  // to hash it; the text's own hash only when it is decompressed
  const fileHash = createHash('sha256')
  const textHash = createHash('sha256')
  const found = { gzip: false }
  const onRaw = (chunk: Buffer) => {
    fileHash.update(chunk)
    onBytes?.(chunk.length)
  }
  async function* hashed(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (found.gzip) textHash.update(chunk)
      yield chunk
    }
  }
  let delimiter = given ?? ','
  let header: string[] | undefined
  let columns: string[][] = []
  let nRows = 0
  let lineEnds = 0
  let lastChar = ''
  // Text from the first stages is peeked at for the delimiter, then fed to the parser with the rest.
  const text = lineEndNormalizer()(textDecoder(path, options.encoding, state)(hashed(byteSource(path, options.gzip, onRaw, found))))
  async function* sniffed(): AsyncGenerator<string> {
    const head: string[] = []
    let size = 0
    let lines = 0
    const it = text[Symbol.asyncIterator]()
    for (;;) {
      if (size >= SNIFF_CHARS || lines > SNIFF_LINES) break
      const next = await it.next()
      if (next.done) break
      head.push(next.value)
      size += next.value.length
      lines += countChar(next.value, '\n')
    }
    const joined = head.join('')
    if (given === undefined) delimiter = detectDelimiter(joined.replace(/^\uFEFF/, ''))
    lineEnds += countChar(joined, '\n')
    if (joined) lastChar = joined[joined.length - 1]
    yield joined
    for (;;) {
      const next = await it.next()
      if (next.done) return
      lineEnds += countChar(next.value, '\n')
      if (next.value) lastChar = next.value[next.value.length - 1]
      yield next.value
    }
  }
  try {
    const source = sniffed()
    // The parser is made once the delimiter is known: after the first chunk of text.
    const first = await source.next()
    // fields go straight into their columns (see csv-column-parser.ts: no array per row)
    const parser = csvColumnParser(delimiter, (h) => checkHeader(path, h))
    if (!first.done) parser.push(first.value)
    for await (const text of source) parser.push(text)
    const parsed = parser.end()
    header = parsed.header as string[] | undefined
    columns = parsed.columns as string[][]
    nRows = parsed.nRows
  } catch (e) {
    throw csvError(path, e)
  }
  if (header === undefined) throw new CliError(`${path}: the file is empty (expected a header row naming the columns)`)
  if (onProgress && size !== undefined && read < size) onProgress({ unit: 'bytes', done: size, total: size })
  if (header.length === 1 && given === undefined && nRows > 0) {
    // One column and no delimiter found: say how to force one, in case detection could not see it.
    const h = header[0]
    if (/[;\t|]/.test(h)) throw new CliError(`${path}: line 1: the header "${h}" reads as one column; give the delimiter (e.g. ; or tab)`)
  }
  // Record ends counted after normalisation; a file ending without one has one more line.
  const recordLines = lineEnds + (lastChar === '\n' ? 0 : 1)
  const simple = recordLines === nRows + 1
  const fileDigest = fileHash.digest('hex')
  return {
    header,
    columns,
    nRows,
    lineOfRow: simple ? (row) => row + 2 : undefined,
    delimiter,
    encoding: state.encoding,
    sha256: found.gzip ? textHash.digest('hex') : fileDigest,
    fileSha256: fileDigest,
  }
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
      return new CliError(
        `${path}: ${at}${m ? `${m[2]} fields, but the header has ${m[1]}` : 'the row has a different number of fields than the header'} (ragged row)`,
      )
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CliError(`${path}: ${at}a quoted field is never closed (unbalanced double quote)`)
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new CliError(
        `${path}: ${at}bad quoting: a closing double quote is followed by other characters (write "" for a quote inside a quoted field)`,
      )
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return new CliError(
        `${path}: ${at}bad quoting: a double quote inside an unquoted field (quote the whole field and write "" for the quote)`,
      )
    default:
      return new CliError(`${path}: ${at}${String(err.message)}`)
  }
}
