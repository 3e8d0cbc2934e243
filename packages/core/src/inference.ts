import * as t from 'io-ts'
import * as E from './internal/either'
import { strictObject } from './codec'
import { isDatetimeFormat } from './datetime'
import { type Issue, SynthkitError, ioTsIssues } from './errors'
import { type DistinctText, detectDatetimeFormats } from './internal/datetime-detection'
import { personLikeShare } from './internal/person-names'
import { DEFAULT_MISSING_VALUES, missingMarkerTest } from './missing-markers'
import { type ColumnKind, type ColumnSpec, Sensitivity, type TableSchema, type ThousandsSeparator, decodeTableSchema } from './schema'
import { type Table, columnToStrings } from './table'
import { type NumberClass, classifyNumber, decimalsOf, groupingSeparatorOf } from './value-parsing'

/** A cell of the input, located by its 0-based data row, as inference read it. */
export interface ProblemExample {
  readonly row: number
  readonly value: string
}

/**
 * What inference noticed about a column's values, with how many rows it concerns and the first few of them.
 * `warning`: rows that decoding turns into missing values (they are listed by `decodeColumnsWithProblems`), or a
 * column that is not modelled (text, id, pii: synthetic output gets generated values). `info`: texts read as
 * missing, thousands separators, several date formats: nothing lost, but worth knowing.
 */
export interface ColumnProblem {
  readonly code:
    | 'missing-markers'
    | 'not-a-number'
    | 'non-finite'
    | 'thousands-separator'
    | 'unsafe-integer'
    | 'leading-zeros'
    | 'invalid-date'
    | 'not-a-date'
    | 'date-formats'
    | 'ambiguous-date-format'
    | 'leap-second'
    | 'high-cardinality'
    | 'not-person-like'
    | 'not-modelled'
  readonly severity: 'info' | 'warning'
  readonly message: string
  /** Rows concerned. */
  readonly count: number
  /** The first few rows concerned (at most 5), in row order. */
  readonly examples: readonly ProblemExample[]
}

/** Why a column got its kind, and what about its values the user should know: shown next to the inferred schema. */
export interface InferredColumn {
  readonly name: string
  readonly spec: ColumnSpec
  readonly reason: string
  /** Rows read as missing (empty or a missing marker). */
  readonly missing: number
  /** Data problems and notes, empty when there is nothing to say. */
  readonly problems: readonly ColumnProblem[]
}

export interface InferredSchema {
  readonly schema: TableSchema
  readonly columns: readonly InferredColumn[]
}

const ColumnKindCodec = t.keyof({ numerical: null, categorical: null, boolean: null, datetime: null, id: null, text: null }, 'ColumnKind')
const PositiveInt = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'PositiveInt')

/** The options of {@link inferSchema}, as a codec: untrusted options (a CLI's flags, a JSON file) are checked with it. */
export const InferOptionsCodec = strictObject(
  {},
  {
    overrides: t.record(t.string, t.UnknownRecord),
    maxNumericCategories: PositiveInt,
    maxTextCategories: PositiveInt,
    categoricalMax: PositiveInt,
    missingValues: t.array(t.string),
    idColumns: t.array(t.string),
    dateFormats: t.record(t.string, t.union([t.string, t.array(t.string)])),
    kinds: t.record(t.string, ColumnKindCodec),
    sensitivity: t.record(t.string, Sensitivity),
    name: t.string,
  },
  'InferOptions',
)

export interface InferOptions {
  /** Replace or amend what inference decides for a column (merged over the inferred spec, then re-validated). */
  readonly overrides?: Readonly<Record<string, Partial<ColumnSpec>>>
  /** Numbers with at most this many distinct values become categorical (default 10). */
  readonly maxNumericCategories?: number
  /**
   * Strings with at most this many distinct values become categorical. Default: 50, or 5% of the rows when
   * that is more. Given explicitly, exactly this bound applies. Above it, strings are text (not modelled) and
   * reported as such.
   */
  readonly categoricalMax?: number
  /** Older name of `categoricalMax`. */
  readonly maxTextCategories?: number
  /** Texts read as missing (default {@link DEFAULT_MISSING_VALUES}); written into the schema's `missingValues`. */
  readonly missingValues?: readonly string[]
  /** Columns that are keys: kind `id` (`unique: false` when a key repeats), never modelled nor copied. */
  readonly idColumns?: readonly string[]
  /** The date format(s) of a column (datetime.ts's tokens); several are tried in order. Makes the column a datetime. */
  readonly dateFormats?: Readonly<Record<string, string | readonly string[]>>
  /** The kind of a column, decided by the user; inference fills in the rest (int/float, formats, problems). */
  readonly kinds?: Readonly<Record<string, ColumnKind>>
  /** The sensitivity tag of a column. */
  readonly sensitivity?: Readonly<Record<string, Sensitivity>>
  /** Table name written into the schema. */
  readonly name?: string
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^\+?[\d\s().-]{7,20}$/
const ID_NAME = /(^id$|_id$|^id_|Id$|ID$|^uuid|^guid|^key$)/
const PERSON_NAME = /(^|_|\b)(first_?name|last_?name|full_?name|surname|given_?name|name)($|_|\b)/i
const ADDRESS_NAME = /(address|street|ssn|social_security|passport|email|e_mail|phone|mobile|ip_?addr)/i
const BOOL_PAIRS: readonly (readonly [string, string])[] = [
  ['false', 'true'],
  ['False', 'True'],
  ['FALSE', 'TRUE'],
]
/** A kind is taken when at least this share of the non-missing rows reads as it; the rest are reported problems. */
const DOMINANT_SHARE = 0.9
/**
 * …or when a majority reads as it and the rest are a handful of distinct texts (`unknown`, `see notes`): codes
 * for missing that are not in the marker list. They are reported, with the hint to add them to missingValues.
 */
const MAJORITY_SHARE = 0.5
const MAX_ODD_TEXTS = 3

function dominant(readRows: number, nonMissing: number, oddDistinct: number): boolean {
  return (
    readRows > 0 && (readRows >= DOMINANT_SHARE * nonMissing || (readRows >= MAJORITY_SHARE * nonMissing && oddDistinct <= MAX_ODD_TEXTS))
  )
}
const PII_SHARE = 0.9
const PERSON_SHARE = 0.8
const MAX_EXAMPLES = 5

type Raw = ArrayLike<unknown>
type InferInput = readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, Raw>> | Table

function toColumns(input: InferInput): { names: string[]; get: (name: string) => Raw } {
  if (Array.isArray(input)) {
    const rows = input as readonly Readonly<Record<string, unknown>>[]
    const names: string[] = []
    const seen = new Set<string>()
    for (const row of rows)
      for (const k in row)
        if (!seen.has(k)) {
          seen.add(k)
          names.push(k)
        }
    return { names, get: (name) => rows.map((r) => r[name]) }
  }
  const maybeTable = input as Table
  if (typeof maybeTable.nRows === 'number' && maybeTable.schema && maybeTable.columns) {
    return { names: maybeTable.schema.columns.map((c) => c.name), get: (name) => columnToStrings(maybeTable, name) }
  }
  const cols = input as Readonly<Record<string, Raw>>
  return { names: Object.keys(cols), get: (name) => cols[name] }
}

/** The text of a cell, or null when it is missing (null, undefined, NaN, an invalid Date). */
function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v)
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString()
  return String(v)
}

/** One pass over a column: distinct texts with counts and first rows, missing rows and markers met. */
interface Scan {
  readonly n: number
  readonly missing: number
  /** Distinct non-missing texts as given (a categorical keeps its exact text). */
  readonly distinct: DistinctText[]
  /** The same grouped by trimmed text (what numbers and dates are read from). */
  readonly trimmed: DistinctText[]
  readonly markers: DistinctText[]
  readonly allJsBooleans: boolean
  /** Every non-missing cell is a JS Date (e.g. a Parquet DATE or TIMESTAMP column); `allMidnight`: dates only. */
  readonly allDates: boolean
  readonly allMidnight: boolean
}

type Tally = Map<string, { count: number; first: number }>

function scan(raw: Raw, isMarker: (s: string) => boolean): Scan {
  const distinct: Tally = new Map()
  const markers: Tally = new Map()
  const { missing, allJsBooleans, allDates, allMidnight } = tallyCells(raw, isMarker, distinct, markers)
  const list = (m: Tally) => [...m].map(([text, { count, first }]) => ({ text, count, first }))
  const byTrim: Tally = new Map()
  for (const [text, { count, first }] of distinct) {
    const k = text.trim()
    const e = byTrim.get(k)
    if (e) {
      e.count += count
      e.first = Math.min(e.first, first)
    } else byTrim.set(k, { count, first })
  }
  return {
    n: raw.length,
    missing,
    distinct: list(distinct),
    trimmed: list(byTrim),
    markers: list(markers),
    allJsBooleans,
    allDates,
    allMidnight,
  }
}

/**
 * The per-cell pass of {@link scan}: tallies distinct texts and markers, counts missing cells. A leaf function ending
 * in its loop, so that V8's optimising compiler (which takes the loop while it runs) has the loop alone to compile —
 * a smaller job, finished sooner, on cores the next step (a fit) needs.
 */
function tallyCells(
  raw: Raw,
  isMarker: (s: string) => boolean,
  distinct: Tally,
  markers: Tally,
): { missing: number; allJsBooleans: boolean; allDates: boolean; allMidnight: boolean } {
  let missing = 0
  let allJsBooleans = true
  let allDates = true
  let allMidnight = true
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]
    const s = textOf(v)
    if (s === null || s === '') {
      missing++
      continue
    }
    if (typeof v === 'string' && isMarker(s)) {
      missing++
      const m = markers.get(s)
      if (m) m.count++
      else markers.set(s, { count: 1, first: i })
      continue
    }
    if (typeof v !== 'boolean') allJsBooleans = false
    if (!(v instanceof Date)) allDates = false
    else if (v.getTime() % 86400000 !== 0) allMidnight = false
    const d = distinct.get(s)
    if (d) d.count++
    else distinct.set(s, { count: 1, first: i })
  }
  return { missing, allJsBooleans, allDates, allMidnight }
}

const rowsOf = (ds: readonly DistinctText[]) => ds.reduce((s, d) => s + d.count, 0)
function examplesOf(ds: readonly DistinctText[]): ProblemExample[] {
  return [...ds]
    .sort((a, b) => a.first - b.first)
    .slice(0, MAX_EXAMPLES)
    .map((d) => ({ row: d.first, value: d.text }))
}
function quoteList(ds: readonly DistinctText[]): string {
  return examplesOf(ds)
    .map((e) => `"${e.value.length > 30 ? `${e.value.slice(0, 27)}...` : e.value}" (row ${e.row + 1})`)
    .join(', ')
}
function problem(
  code: ColumnProblem['code'],
  severity: ColumnProblem['severity'],
  message: string,
  ds: readonly DistinctText[],
): ColumnProblem {
  return { code, severity, message, count: rowsOf(ds), examples: examplesOf(ds) }
}

interface Context {
  readonly maxNumericCategories: number
  readonly categoricalMax: number
  readonly categoricalMaxGiven: boolean
  readonly idColumns: ReadonlySet<string>
}

type Result = { spec: ColumnSpec; reason: string; problems: ColumnProblem[] }

function isCategoricalCount(k: number, nonMissing: number, ctx: Context): boolean {
  return k <= ctx.categoricalMax || (!ctx.categoricalMaxGiven && k <= 0.05 * nonMissing)
}

/** The numbers of a column: which texts read as what, and the spec they make. */
interface NumberAnalysis {
  readonly good: number
  readonly bad: DistinctText[]
  readonly nonFinite: DistinctText[]
  readonly unsafe: DistinctText[]
  readonly leadingZero: DistinctText[]
  readonly grouped: DistinctText[]
  readonly separator?: ThousandsSeparator
  readonly allInt: boolean
  readonly precision: number
}

function analyseNumbers(trimmed: readonly DistinctText[]): NumberAnalysis {
  const classes = trimmed.map((d) => classifyNumber(d.text))
  // One thousands separator for the column: the most used one (others stay problems).
  const sepCount = new Map<ThousandsSeparator, number>()
  trimmed.forEach((d, i) => {
    if (classes[i] === 'grouped') {
      const sep = groupingSeparatorOf(d.text)!
      sepCount.set(sep, (sepCount.get(sep) ?? 0) + d.count)
    }
  })
  const separator = [...sepCount].sort((a, b) => b[1] - a[1])[0]?.[0]
  let good = 0
  let allInt = true
  let precision = 0
  const bad: DistinctText[] = []
  const nonFinite: DistinctText[] = []
  const unsafe: DistinctText[] = []
  const leadingZero: DistinctText[] = []
  const grouped: DistinctText[] = []
  trimmed.forEach((d, i) => {
    let cls: NumberClass = classes[i]
    if (cls === 'grouped' && groupingSeparatorOf(d.text) !== separator) cls = 'other'
    if (cls === 'number' || cls === 'grouped' || cls === 'leading-zero') {
      good += d.count
      const s = cls === 'grouped' ? d.text.split(separator!).join('') : d.text
      if (/[.eE]/.test(s)) allInt = false
      precision = Math.max(precision, decimalsOf(s))
      if (cls === 'grouped') grouped.push(d)
      if (cls === 'leading-zero') leadingZero.push(d)
    } else if (cls === 'unsafe-integer') unsafe.push(d)
    else if (cls === 'non-finite') nonFinite.push(d)
    else bad.push(d)
  })
  return { good, bad, nonFinite, unsafe, leadingZero, grouped, separator, allInt, precision }
}

/** A numerical spec from the analysis, with the problems decoding will report for the same rows. */
function numericalResult(name: string, a: NumberAnalysis, k: number, note: string): Result {
  const problems: ColumnProblem[] = []
  if (a.grouped.length > 0) {
    problems.push(
      problem(
        'thousands-separator',
        'info',
        `${rowsOf(a.grouped)} values written with the thousands separator "${a.separator}" (e.g. ${quoteList(a.grouped)}), read as numbers`,
        a.grouped,
      ),
    )
  }
  if (a.nonFinite.length > 0) {
    problems.push(
      problem(
        'non-finite',
        'warning',
        `${rowsOf(a.nonFinite)} non-finite values (${quoteList(a.nonFinite)}) cannot be modelled: read as missing`,
        a.nonFinite,
      ),
    )
  }
  if (a.bad.length > 0) {
    problems.push(
      problem(
        'not-a-number',
        'warning',
        `${rowsOf(a.bad)} values are not numbers (${quoteList(a.bad)}): read as missing; add them to the missing values if they mean missing`,
        a.bad,
      ),
    )
  }
  if (a.unsafe.length > 0) {
    problems.push(
      problem(
        'unsafe-integer',
        'warning',
        `${rowsOf(a.unsafe)} integers beyond ±2^53 (${quoteList(a.unsafe)}) cannot be held exactly as numbers: decoding refuses them; make the column id or text`,
        a.unsafe,
      ),
    )
  }
  if (a.leadingZero.length > 0) {
    problems.push(
      problem(
        'leading-zeros',
        'info',
        `${rowsOf(a.leadingZero)} values have leading zeros (${quoteList(a.leadingZero)}), which a number drops`,
        a.leadingZero,
      ),
    )
  }
  const sep = a.separator !== undefined && a.grouped.length > 0 ? { thousandsSeparator: a.separator } : {}
  if (a.allInt)
    return {
      spec: { name, kind: 'numerical', type: 'int', ...sep },
      reason: `integers, ${k} distinct values: numerical int${note}`,
      problems,
    }
  return {
    spec: { name, kind: 'numerical', type: 'float', precision: a.precision, ...sep },
    reason: `decimal numbers with up to ${a.precision} decimals, ${k} distinct values: numerical float${note}`,
    problems,
  }
}

/** A digits-only id pattern (so new ids keep an integer's text form), or none when the keys are not all digits. */
function digitPattern(trimmed: readonly DistinctText[]): Partial<ColumnSpec> {
  if (!trimmed.every((d) => /^\d+$/.test(d.text))) return {}
  const lengths = new Set(trimmed.map((d) => d.text.length))
  // A fixed width up to 15 digits is kept (samplers zero-pad a counter to it); longer keys only promise digits.
  const width = lengths.size === 1 ? [...lengths][0] : undefined
  return { pattern: width !== undefined && width <= 15 ? `\\d{${width}}` : '\\d+' }
}

/** An id spec: unique keys, or an entity key repeated across rows (`unique: false`). */
function idResult(name: string, scan: Scan, why: string): Result {
  const k = scan.distinct.length
  const nonMissing = scan.n - scan.missing
  const unique = k === nonMissing
  const spec = { name, kind: 'id', ...digitPattern(scan.trimmed), ...(unique ? {} : { unique: false }) } as ColumnSpec
  const what = unique
    ? `${k} distinct keys`
    : `${k} keys repeated over ${nonMissing} rows (about ${(nonMissing / k).toFixed(1)} rows per key)`
  return { spec, reason: `${why}, ${what}: id${unique ? '' : ' (entity key, unique: false)'}`, problems: [] }
}

function datetimeResult(name: string, scan: Scan, formats?: readonly string[]): Result | undefined {
  const nonMissing = scan.n - scan.missing
  const d = detectDatetimeFormats(scan.trimmed, formats)
  if (!d) return undefined
  const coveredRows = d.ok + rowsOf(d.invalid)
  if (formats === undefined && (d.ok === 0 || !dominant(coveredRows, nonMissing, d.unmatched.length))) return undefined
  const [first, ...rest] = d.formats
  const spec = {
    name,
    kind: 'datetime',
    ...(first !== undefined ? { format: first } : {}),
    ...(rest.length > 0 ? { formats: rest as string[] } : {}),
  } as ColumnSpec
  const problems: ColumnProblem[] = []
  const shown = d.formats.map((f) => f ?? 'ISO 8601')
  if (d.formats.length > 1) {
    const counts = d.formats.map((f, i) => `${d.perFormat[i]} in ${f}`).join(', ')
    problems.push({
      code: 'date-formats',
      severity: 'info',
      message: `dates in ${d.formats.length} formats (${counts}); written back in ${shown[0]}`,
      count: d.ok,
      examples: [],
    })
  }
  if (d.ambiguousWith) {
    problems.push({
      code: 'ambiguous-date-format',
      severity: 'info',
      message: `every date also reads as ${d.ambiguousWith} (as other dates): ${shown[0]} was chosen; give the column's date format if that is wrong`,
      count: d.ok,
      examples: [],
    })
  }
  if (d.invalid.length > 0) {
    problems.push(
      problem(
        'invalid-date',
        'warning',
        `${rowsOf(d.invalid)} values have the shape of a date but are no real date or time (${quoteList(d.invalid)}): read as missing`,
        d.invalid,
      ),
    )
  }
  if (d.unmatched.length > 0) {
    problems.push(
      problem(
        'not-a-date',
        'warning',
        `${rowsOf(d.unmatched)} values are not dates in ${shown.join(' or ')} (${quoteList(d.unmatched)}): read as missing; add them to the missing values if they mean missing`,
        d.unmatched,
      ),
    )
  }
  if (d.leapSeconds.length > 0) {
    problems.push(
      problem(
        'leap-second',
        'info',
        `${rowsOf(d.leapSeconds)} times have a leap second (:60), read as :59.999 (epoch time has no leap seconds)`,
        d.leapSeconds,
      ),
    )
  }
  const note = scan.missing > 0 ? `; ${scan.missing} missing` : ''
  const bad = d.invalid.length + d.unmatched.length > 0 ? `; ${rowsOf(d.invalid) + rowsOf(d.unmatched)} unreadable` : ''
  return { spec, reason: `${d.ok} of ${nonMissing} values are dates in ${shown.join(' / ')}: datetime${note}${bad}`, problems }
}

function booleanPair(scan: Scan): readonly [string, string] | undefined {
  if (scan.allJsBooleans) return ['false', 'true']
  if (scan.distinct.length > 2) return undefined
  return BOOL_PAIRS.find(([f, tr]) => scan.distinct.every((d) => d.text === f || d.text === tr))
}

function inferColumn(
  name: string,
  raw: Raw,
  ctx: Context,
  forcedKind: ColumnKind | undefined,
  formats: readonly string[] | undefined,
  isMarker: (s: string) => boolean,
): { column: InferredColumn; firstValues: DistinctText[] } {
  const s = scan(raw, isMarker)
  const base = decideKind(name, s, ctx, forcedKind, formats)
  const problems: ColumnProblem[] = []
  if (s.markers.length > 0) {
    const list = s.markers.map((m) => `"${m.text}" ×${m.count}`).join(', ')
    problems.push(problem('missing-markers', 'info', `${rowsOf(s.markers)} values read as missing: ${list}`, s.markers))
  }
  problems.push(...base.problems)
  return {
    column: { name, spec: base.spec, reason: base.reason, missing: s.missing, problems },
    firstValues: s.distinct.slice(0, MAX_EXAMPLES),
  }
}

/** Adds the `not-modelled` warning to a column that ends up id, text or pii (after the user's tags and overrides). */
function withNotModelled(c: InferredColumn, firstValues: readonly DistinctText[]): InferredColumn {
  const spec = c.spec
  if (!(spec.kind === 'id' || spec.kind === 'text' || spec.sensitivity === 'pii')) return c
  const what =
    spec.kind === 'id'
      ? 'synthetic rows get new keys, never real ones'
      : spec.sensitivity === 'pii'
        ? 'tagged pii: synthetic rows get placeholders, never real values'
        : 'synthetic rows get placeholder text'
  const p = problem(
    'not-modelled',
    'warning',
    `not modelled (${spec.kind}${spec.sensitivity === 'pii' ? ', pii' : ''}): ${c.reason}; ${what}`,
    firstValues,
  )
  return { ...c, problems: [...c.problems, p] }
}

function decideKind(
  name: string,
  s: Scan,
  ctx: Context,
  forcedKind: ColumnKind | undefined,
  formats: readonly string[] | undefined,
): Result {
  const n = s.n
  const nonMissing = n - s.missing
  const k = s.distinct.length
  const note = s.missing > 0 ? `; ${s.missing} missing` : ''
  const keyNamed = ctx.idColumns.has(name) || ID_NAME.test(name)
  if (formats !== undefined || forcedKind === 'datetime') {
    const r = datetimeResult(name, s, formats ?? undefined)
    if (r) return { ...r, reason: `${r.reason}; kind given by the user` }
    const d = detectDatetimeFormats(s.trimmed, [undefined])
    return {
      spec: { name, kind: 'datetime' },
      reason: 'datetime (given by the user): no known date format reads the values',
      problems: d
        ? [problem('not-a-date', 'warning', 'values are not ISO 8601 dates: read as missing', [...d.unmatched, ...d.invalid])]
        : [],
    }
  }
  if (ctx.idColumns.has(name) || forcedKind === 'id') return idResult(name, s, 'a key (given by the user)')
  if (forcedKind === 'categorical')
    return { spec: { name, kind: 'categorical' }, reason: `categorical (given by the user), ${k} distinct values${note}`, problems: [] }
  if (forcedKind === 'text')
    return { spec: { name, kind: 'text' }, reason: `text (given by the user), ${k} distinct values${note}`, problems: [] }
  if (forcedKind === 'boolean') {
    const pair = booleanPair(s)
    const spec: ColumnSpec = pair && pair[0] !== 'false' ? { name, kind: 'boolean', labels: [pair[0], pair[1]] } : { name, kind: 'boolean' }
    return { spec, reason: 'boolean (given by the user)', problems: [] }
  }
  if (forcedKind === 'numerical') return numericalResult(name, analyseNumbers(s.trimmed), k, `; kind given by the user${note}`)

  if (nonMissing === 0)
    return { spec: { name, kind: 'categorical' }, reason: `all ${n} values are missing: kept as an empty categorical column`, problems: [] }
  if (s.allDates) {
    // Typed dates (Parquet DATE/TIMESTAMP): no format to guess; dates at midnight UTC are written as dates.
    const spec: ColumnSpec = s.allMidnight ? { name, kind: 'datetime', format: 'YYYY-MM-DD' } : { name, kind: 'datetime' }
    return { spec, reason: `${s.allMidnight ? 'dates' : 'timestamps'} stored as such in the file: datetime${note}`, problems: [] }
  }
  const pair = booleanPair(s)
  if (pair) {
    const spec: ColumnSpec = pair[0] === 'false' ? { name, kind: 'boolean' } : { name, kind: 'boolean', labels: [pair[0], pair[1]] }
    return { spec, reason: `only the values ${s.distinct.map((d) => d.text).join('/')}: boolean${note}`, problems: [] }
  }

  const a = analyseNumbers(s.trimmed)
  const numericRows = a.good + rowsOf(a.unsafe)
  let notes: ColumnProblem[] = []
  let digitCodes = false
  if (dominant(numericRows, nonMissing, a.bad.length + a.nonFinite.length)) {
    if (k <= ctx.maxNumericCategories && k < nonMissing) {
      return {
        spec: { name, kind: 'categorical' },
        reason: `numbers with only ${k} distinct values (≤ ${ctx.maxNumericCategories}): categorical${note}`,
        problems: [],
      }
    }
    const codes = a.leadingZero.length > 0 && a.allInt
    if (a.unsafe.length > 0 || codes) {
      // Exact text matters more than arithmetic here: 64-bit keys and zero-padded codes are strings.
      digitCodes = true
      notes =
        a.unsafe.length > 0
          ? [
              problem(
                'unsafe-integer',
                'info',
                `${rowsOf(a.unsafe)} integers beyond ±2^53 (${quoteList(a.unsafe)}), which a double would round: kept exact as text`,
                a.unsafe,
              ),
            ]
          : [
              problem(
                'leading-zeros',
                'info',
                `${rowsOf(a.leadingZero)} values are digits with leading zeros (${quoteList(a.leadingZero)}): codes, kept as text`,
                a.leadingZero,
              ),
            ]
    } else if (a.allInt && keyNamed) {
      if (k === nonMissing && s.missing === 0) return idResult(name, s, 'unique integers in a column named like a key')
      if (!isCategoricalCount(k, nonMissing, ctx)) return idResult(name, s, 'integers in a column named like a key')
      return {
        spec: { name, kind: 'categorical' },
        reason: `integers in a column named like a key with ${k} distinct values: categorical${note}`,
        problems: [],
      }
    } else return numericalResult(name, a, k, note)
  }

  if (!digitCodes) {
    const dt = datetimeResult(name, s)
    if (dt) return dt
  }
  const texts = s.trimmed
  const share = (re: RegExp) => rowsOf(texts.filter((d) => re.test(d.text))) / nonMissing
  if (!digitCodes && share(EMAIL) >= PII_SHARE) {
    return {
      spec: { name, kind: 'text', sensitivity: 'pii' },
      reason: 'e-mail addresses: text, tagged pii (never learned from)',
      problems: notes,
    }
  }
  if (
    !digitCodes &&
    texts.every((d) => !/^\d+$/.test(d.text)) &&
    share(PHONE) >= PII_SHARE &&
    rowsOf(texts.filter((d) => /\d{3}/.test(d.text))) >= PII_SHARE * nonMissing
  ) {
    return {
      spec: { name, kind: 'text', sensitivity: 'pii' },
      reason: 'phone numbers: text, tagged pii (never learned from)',
      problems: notes,
    }
  }
  if (ADDRESS_NAME.test(name) && !isCategoricalCount(k, nonMissing, ctx)) {
    return {
      spec: { name, kind: 'text', sensitivity: 'pii' },
      reason: `column named like personal data with ${k} distinct values: text, tagged pii`,
      problems: notes,
    }
  }
  if (PERSON_NAME.test(name)) {
    const { share: person, counterExamples } = personLikeShare(s.trimmed)
    // Full names (two words or more) are personal data at any cardinality; single capitalised words could as well
    // be categories ("Red", "North"), so those need many distinct values too.
    const multiWord = rowsOf(s.trimmed.filter((d) => /\S\s+\S/.test(d.text))) >= 0.5 * nonMissing
    if (person >= PERSON_SHARE && (multiWord || k > Math.min(ctx.categoricalMax, nonMissing / 2))) {
      return {
        spec: { name, kind: 'text', sensitivity: 'pii' },
        reason: `named like a person's name and ${Math.round(person * 100)}% of ${k} distinct values look like names (capitalised words, no digits): text, tagged pii`,
        problems: notes,
      }
    }
    if (person < PERSON_SHARE)
      notes = [
        ...notes,
        problem(
          'not-person-like',
          'info',
          `named like a person's name, but only ${Math.round(person * 100)}% of values look like one (not: ${quoteList(counterExamples)}): not tagged pii`,
          counterExamples,
        ),
      ]
  }
  // Distinct digit codes (64-bit keys, zero-padded numbers) are keys even with gaps; other text needs every row.
  const uniqueKeys = k === nonMissing && (s.missing === 0 || digitCodes)
  if (keyNamed || (uniqueKeys && nonMissing > ctx.categoricalMax)) {
    if (uniqueKeys) {
      const r = idResult(name, s, keyNamed ? 'unique values in a column named like a key' : 'all values distinct')
      return { ...r, problems: [...notes, ...r.problems] }
    }
    if (keyNamed && !isCategoricalCount(k, nonMissing, ctx)) {
      const r = idResult(name, s, 'values in a column named like a key')
      return { ...r, problems: [...notes, ...r.problems] }
    }
  }
  const partly = numericRows > 0 && !digitCodes ? ` (${numericRows} of ${nonMissing} are numbers, too few to be a numerical column)` : ''
  if (isCategoricalCount(k, nonMissing, ctx)) {
    return { spec: { name, kind: 'categorical' }, reason: `text with ${k} distinct values: categorical${partly}${note}`, problems: notes }
  }
  const singletons = s.distinct.filter((d) => d.count === 1).length
  const bound = ctx.categoricalMaxGiven ? `${ctx.categoricalMax}` : `${ctx.categoricalMax} or 5% of the rows`
  notes = [
    ...notes,
    {
      code: 'high-cardinality',
      severity: 'warning',
      message: `${k} distinct values in ${nonMissing} rows (${singletons} occur once), more than the categorical bound ${bound}: text; raise categoricalMax to model it as categorical (rare values would then be learned and may be reproduced)`,
      count: nonMissing,
      examples: examplesOf(s.distinct),
    },
  ]
  return {
    spec: { name, kind: 'text' },
    reason: `text with ${k} distinct values in ${nonMissing} rows (too many for categories)${partly}: text${note}`,
    problems: notes,
  }
}

/** Issues of options that name unknown columns or carry invalid values (beyond what the codec checks). */
function optionIssues(options: InferOptions, names: readonly string[]): Issue[] {
  const known = new Set(names)
  const issues: Issue[] = []
  const check = (path: string, cols: readonly string[]) =>
    cols.forEach((c) => {
      if (!known.has(c)) issues.push({ path: `${path}.${c}`, message: `no column "${c}" in the data (columns: ${names.join(', ')})` })
    })
  check('overrides', Object.keys(options.overrides ?? {}))
  check('idColumns', options.idColumns ?? [])
  check('dateFormats', Object.keys(options.dateFormats ?? {}))
  check('kinds', Object.keys(options.kinds ?? {}))
  check('sensitivity', Object.keys(options.sensitivity ?? {}))
  for (const [c, f] of Object.entries(options.dateFormats ?? {})) {
    const list = typeof f === 'string' ? [f] : f
    if (list.length === 0) issues.push({ path: `dateFormats.${c}`, message: 'expected at least one date format' })
    list.forEach((fmt) => {
      if (!isDatetimeFormat(fmt))
        issues.push({
          path: `dateFormats.${c}`,
          message: `the date format "${fmt}" has no date or time token (YYYY, MM, M, MMM, MMMM, DD, D, HH, H, mm, ss, SSS)`,
        })
    })
    const kind = options.kinds?.[c]
    if (kind !== undefined && kind !== 'datetime')
      issues.push({ path: `dateFormats.${c}`, message: `a date format for a column whose kind is given as ${kind}` })
  }
  for (const c of options.idColumns ?? []) {
    const kind = options.kinds?.[c]
    if (kind !== undefined && kind !== 'id') issues.push({ path: `idColumns.${c}`, message: `an id column whose kind is given as ${kind}` })
  }
  return issues
}

/**
 * Infers a table schema from data: row objects, raw columns (`{ col: values[] }`, e.g. CSV strings) or a Table.
 * Texts in `missingValues` (default: empty, NA, N/A, n/a, NaN, null, None, -, ?) are missing, and the schema
 * records them so that decoding reads the same values. A kind is taken when at least 90% of the non-missing
 * values read as it: the rest (an `Infinity`, an impossible date 2020-02-30, a stray word) are reported as
 * problems with their rows and become missing on decoding ({@link decodeColumnsWithProblems}) — they never turn
 * a column into text. Kinds: true/false → boolean; numbers → numerical int/float (thousands separators read), or
 * categorical when they take ≤ `maxNumericCategories` values; integers beyond ±2^53 and zero-padded digits are
 * kept exact as strings; dates in one or several known formats (month names too) → datetime; e-mail, phone and
 * person names (by header AND values) → text tagged pii; unique values, or keys named like ids → id (repeated
 * keys get `unique: false`); few distinct strings → categorical; otherwise text, with its reason. Every column
 * that is not modelled (id, text, pii) carries a `not-modelled` problem saying so.
 */
export function inferSchemaE(input: InferInput, options: InferOptions = {}): E.Either<SynthkitError, InferredSchema> {
  const decoded = InferOptionsCodec.decode(options)
  if (E.isLeft(decoded)) return E.left(new SynthkitError('OPTIONS_INVALID', 'Invalid inference options', ioTsIssues(decoded.left)))
  const { names, get } = toColumns(input)
  if (names.length === 0) return E.left(new SynthkitError('EMPTY_TABLE', 'Cannot infer a schema from data without columns'))
  const issues = optionIssues(options, names)
  if (issues.length > 0) {
    const unknown = issues.every((i) => i.message.startsWith('no column'))
    return E.left(
      new SynthkitError(
        unknown ? 'UNKNOWN_COLUMN' : 'OPTIONS_INVALID',
        unknown ? 'Options name unknown columns' : 'Invalid inference options',
        issues,
      ),
    )
  }
  const categoricalMax = options.categoricalMax ?? options.maxTextCategories
  const ctx: Context = {
    maxNumericCategories: options.maxNumericCategories ?? 10,
    categoricalMax: categoricalMax ?? 50,
    categoricalMaxGiven: categoricalMax !== undefined,
    idColumns: new Set(options.idColumns ?? []),
  }
  const missingValues = [...(options.missingValues ?? DEFAULT_MISSING_VALUES)]
  const isMarker = missingMarkerTest(missingValues)
  const columns = names.map((name) => {
    const f = options.dateFormats?.[name]
    const formats = f === undefined ? undefined : typeof f === 'string' ? [f] : [...f]
    const { column: inferred, firstValues } = inferColumn(name, get(name), ctx, options.kinds?.[name], formats, isMarker)
    const tag = options.sensitivity?.[name]
    const tagged: InferredColumn =
      tag === undefined
        ? inferred
        : { ...inferred, spec: { ...inferred.spec, sensitivity: tag }, reason: `${inferred.reason}; tagged ${tag} by the user` }
    const override = options.overrides?.[name]
    if (!override) return withNotModelled(tagged, firstValues)
    // A changed kind starts from a clean spec so that fields of the old kind (e.g. precision) do not leak in.
    const base = override.kind && override.kind !== tagged.spec.kind ? { name } : tagged.spec
    return withNotModelled(
      { ...tagged, spec: { ...base, ...override, name } as ColumnSpec, reason: `${tagged.reason}; overridden by the user` },
      firstValues,
    )
  })
  const schema: TableSchema = { ...(options.name ? { name: options.name } : {}), columns: columns.map((c) => c.spec), missingValues }
  return E.pipe(
    decodeTableSchema(schema),
    E.map((s: TableSchema) => ({ schema: s, columns })),
  )
}

/** Throwing form of {@link inferSchemaE}. */
export function inferSchema(input: InferInput, options: InferOptions = {}): InferredSchema {
  const r = inferSchemaE(input, options)
  if (E.isLeft(r)) throw r.left
  return r.right
}
