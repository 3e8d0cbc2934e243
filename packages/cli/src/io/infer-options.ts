import { type ColumnKind, type InferOptions, InferOptionsCodec, type Sensitivity, ioTsIssues } from '@synthkit/core'
import { either as E } from 'fp-ts'
import { CliError } from '../terminal/cli-error'
import { EXIT } from '../terminal/exit-codes'

/**
 * The raw values of the inference flags as commander hands them over: a string per flag, or an array for a
 * repeatable one.
 * - `--na-values LIST`       texts read as missing, comma-separated (`--na-values 'NA,-999,'`); `--na-values ''`:
 *                            only empty cells are missing
 * - `--id COLS`              key columns, comma-separated, repeatable
 * - `--categorical-max N`    strings with at most N distinct values are categorical
 * - `--date-format COL=FMT`  a column's date format (repeat for several formats of one column)
 * - `--kind COL=KIND`        numerical, categorical, boolean, datetime, id or text
 * - `--sensitivity COL=TAG`  public, quasi-identifier, sensitive or pii
 */
export interface InferFlags {
  readonly naValues?: string | readonly string[]
  readonly id?: string | readonly string[]
  readonly categoricalMax?: string | number
  readonly dateFormat?: string | readonly string[]
  readonly kind?: string | readonly string[]
  readonly sensitivity?: string | readonly string[]
}

const KINDS: readonly ColumnKind[] = ['numerical', 'categorical', 'boolean', 'datetime', 'id', 'text']
const TAGS: readonly Sensitivity[] = ['public', 'quasi-identifier', 'sensitive', 'pii']

const list = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v)

function usage(message: string): CliError {
  return new CliError(message, EXIT.input)
}

/** Splits comma-separated values; `\,` is a comma inside a value. */
export function splitList(text: string): string[] {
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === ',') {
      cur += ','
      i++
    } else if (text[i] === ',') {
      out.push(cur)
      cur = ''
    } else cur += text[i]
  }
  out.push(cur)
  return out
}

/** `COL=VALUE` (the first `=` splits, so a value may hold `=`), or a usage error naming the flag. */
function pair(flag: string, text: string): [string, string] {
  const at = text.indexOf('=')
  if (at <= 0 || at === text.length - 1) throw usage(`${flag} expects COLUMN=VALUE, got ${JSON.stringify(text)}`)
  return [text.slice(0, at), text.slice(at + 1)]
}

/**
 * Turns the inference flags into {@link InferOptions}, checked with core's codec: a malformed value is a usage
 * error (exit code of bad usage) naming the flag. Columns are checked against the data by inference itself
 * (an unknown column is an UNKNOWN_COLUMN error listing the columns there are).
 */
export function inferOptionsFromFlags(flags: InferFlags): InferOptions {
  const options: {
    missingValues?: string[]
    idColumns?: string[]
    categoricalMax?: number
    dateFormats?: Record<string, string[]>
    kinds?: Record<string, ColumnKind>
    sensitivity?: Record<string, Sensitivity>
  } = {}
  const na = list(flags.naValues)
  if (na.length > 0) options.missingValues = [...new Set(['', ...na.flatMap(splitList)])]
  const ids = list(flags.id)
    .flatMap(splitList)
    .map((s) => s.trim())
  if (ids.some((s) => s === ''))
    throw usage(`--id expects column names separated by commas, got ${JSON.stringify(list(flags.id).join(','))}`)
  if (ids.length > 0) options.idColumns = [...new Set(ids)]
  if (flags.categoricalMax !== undefined) {
    const text = String(flags.categoricalMax).trim()
    const n = Number(text)
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1)
      throw usage(`--categorical-max expects a whole number of at least 1, got ${JSON.stringify(String(flags.categoricalMax))}`)
    options.categoricalMax = n
  }
  for (const text of list(flags.dateFormat)) {
    const [col, fmt] = pair('--date-format', text)
    options.dateFormats ??= Object.create(null) as Record<string, string[]>
    ;(options.dateFormats[col] ??= []).push(fmt)
  }
  for (const text of list(flags.kind)) {
    const [col, kind] = pair('--kind', text)
    if (!(KINDS as readonly string[]).includes(kind)) throw usage(`--kind ${col}=${kind}: unknown kind (use one of ${KINDS.join(', ')})`)
    options.kinds ??= Object.create(null) as Record<string, ColumnKind>
    if (options.kinds[col] !== undefined && options.kinds[col] !== kind)
      throw usage(`--kind gives column "${col}" two kinds (${options.kinds[col]} and ${kind})`)
    options.kinds[col] = kind as ColumnKind
  }
  for (const text of list(flags.sensitivity)) {
    const [col, tag] = pair('--sensitivity', text)
    if (!(TAGS as readonly string[]).includes(tag)) throw usage(`--sensitivity ${col}=${tag}: unknown tag (use one of ${TAGS.join(', ')})`)
    options.sensitivity ??= Object.create(null) as Record<string, Sensitivity>
    options.sensitivity[col] = tag as Sensitivity
  }
  // Core's codec has the last word (e.g. a date format without tokens is caught by inference with its path).
  const decoded = InferOptionsCodec.decode(options)
  if (E.isLeft(decoded)) {
    const first = ioTsIssues(decoded.left)[0]
    throw usage(`invalid inference options: ${first ? `${first.path}: ${first.message}` : 'unknown problem'}`)
  }
  return options
}
