import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import { type ColumnProblem, type ColumnSpec, type InferOptions, decodeColumnsWithProblems, inferSchemaE } from '../src/index'

// Messy and malformed columns as real tables have them. Each case states the kind inference must pick and the
// problems it must report; then the same raw column is decoded against the inferred schema, and decoding must
// flag exactly the rows inference reported as unreadable (nothing else lost, nothing lost silently).

const N = 200
const col = (f: (i: number) => unknown, n = N): unknown[] => Array.from({ length: n }, (_, i) => f(i))
const num = (i: number) => String(((i * 7919) % 1000) / 10 + 3)
const int = (i: number) => String((i * 7919) % 100000)
const iso = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86400000).toISOString().slice(0, 10)
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const FULL = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const FIRST = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Gus', 'Hana', 'Ivo', 'Jun']
const LAST = [
  'Lopez',
  'Okafor',
  'Smith',
  'Tanaka',
  'Novak',
  'Ruiz',
  'Berg',
  'Moreau',
  'Singh',
  'Kim',
  "O'Neil",
  'van Dijk',
  'Zoë Li',
  'Ng',
  'Diaz',
  'Ito',
  'Abebe',
  'Costa',
  'Haas',
  'Nowak',
]
const BIG = (i: number) => (9007199254740993n + BigInt(i) * 2n).toString()

interface Case {
  readonly what: string
  readonly values: unknown[]
  readonly name?: string
  readonly options?: InferOptions
  /** kind, or kind:type for numbers */
  readonly kind?: string
  /** problem codes, sorted */
  readonly problems?: readonly ColumnProblem['code'][]
  readonly spec?: Partial<ColumnSpec>
  readonly count?: Partial<Record<ColumnProblem['code'], number>>
  readonly error?: string
  /** ISO 8601 read without a token format */
  readonly noFormat?: boolean
}

const cases: Case[] = [
  // numbers
  {
    what: 'a float column with 10% NaN',
    values: col((i) => (i % 10 === 0 ? 'NaN' : num(i))),
    kind: 'numerical:float',
    problems: ['missing-markers'],
    count: { 'missing-markers': 20 },
  },
  {
    what: 'an int column with 5% n/a',
    values: col((i) => (i % 20 === 0 ? 'n/a' : int(i))),
    kind: 'numerical:int',
    problems: ['missing-markers'],
    count: { 'missing-markers': 10 },
  },
  {
    what: 'every default marker',
    values: col((i) => (i < 9 ? ['NA', 'N/A', 'n/a', 'NaN', 'null', 'None', '-', '?', ''][i] : num(i))),
    kind: 'numerical:float',
    problems: ['missing-markers'],
    count: { 'missing-markers': 8 },
  },
  {
    what: 'markers with spaces around them',
    values: col((i) => (i % 9 === 0 ? ' NA ' : num(i))),
    kind: 'numerical:float',
    problems: ['missing-markers'],
  },
  {
    what: 'one "Infinity"',
    values: col((i) => (i === 17 ? 'Infinity' : num(i))),
    kind: 'numerical:float',
    problems: ['non-finite'],
    count: { 'non-finite': 1 },
  },
  { what: 'one "-inf"', values: col((i) => (i === 3 ? '-inf' : num(i))), kind: 'numerical:float', problems: ['non-finite'] },
  { what: 'one "∞"', values: col((i) => (i === 3 ? '∞' : int(i))), kind: 'numerical:int', problems: ['non-finite'] },
  {
    what: 'JS numbers with NaN and Infinity',
    values: col((i) => (i === 5 ? Infinity : i % 7 === 0 ? Number.NaN : i * 1.5)),
    kind: 'numerical:float',
    problems: ['non-finite'],
    count: { 'non-finite': 1 },
  },
  {
    what: 'one quoted "123,456"',
    values: col((i) => (i === 4 ? '123,456' : int(i))),
    kind: 'numerical:int',
    problems: ['thousands-separator'],
    spec: { thousandsSeparator: ',' },
  },
  {
    what: 'all values with thousands separators and decimals',
    values: col((i) => `${1 + (i % 9)},${String(100 + i).padStart(3, '0')}.25`),
    kind: 'numerical:float',
    problems: ['thousands-separator'],
    spec: { precision: 2, thousandsSeparator: ',' },
  },
  {
    what: 'apostrophe thousands separators (Swiss)',
    values: col((i) => (i % 2 ? `1'${String(i).padStart(3, '0')}` : String(i))),
    kind: 'numerical:int',
    problems: ['thousands-separator'],
    spec: { thousandsSeparator: "'" },
  },
  {
    what: 'two separators: the rarer one is a problem',
    values: col((i) => (i === 0 ? '1 234' : i % 3 ? `2,${String(i).padStart(3, '0')}` : int(i))),
    kind: 'numerical:int',
    problems: ['not-a-number', 'thousands-separator'],
    count: { 'not-a-number': 1 },
  },
  {
    what: 'one stray word',
    values: col((i) => (i === 42 ? 'abc' : num(i))),
    kind: 'numerical:float',
    problems: ['not-a-number'],
    count: { 'not-a-number': 1 },
  },
  {
    what: '8% of several stray words',
    values: col((i) => (i % 25 === 0 ? `junk${i % 3}` : i % 25 === 1 ? 'unknown' : num(i))),
    kind: 'numerical:float',
    problems: ['not-a-number'],
    count: { 'not-a-number': 16 },
  },
  {
    what: '25% "unknown" / "n.a." (codes for missing not in the list): numerical, reported',
    values: col((i) => (i % 8 === 0 ? 'unknown' : i % 8 === 1 ? 'n.a.' : num(i))),
    kind: 'numerical:float',
    problems: ['not-a-number'],
    count: { 'not-a-number': 50 },
  },
  {
    what: '40% "pending" in a date column: datetime, reported',
    values: col((i) => (i % 5 < 2 ? 'pending' : iso(i))),
    kind: 'datetime',
    problems: ['not-a-date'],
    count: { 'not-a-date': 80 },
  },
  {
    what: '30% words: not a numerical column (and says so)',
    values: col((i) => (i % 10 < 3 ? `w${i % 7}` : num(i))),
    kind: 'text',
    problems: ['high-cardinality', 'not-modelled'],
  },
  { what: 'whitespace around numbers', values: col((i) => ` ${int(i)} `), kind: 'numerical:int', problems: [] },
  { what: 'scientific notation', values: col((i) => (i % 2 ? `${i}e3` : `${i}.5E-2`)), kind: 'numerical:float', problems: [] },
  { what: 'signed integers', values: col((i) => (i % 3 === 0 ? `+${i}` : `-${i * 3}`)), kind: 'numerical:int', problems: [] },
  {
    what: 'the largest exact integer 2^53',
    values: col((i) => (i === 0 ? '9007199254740992' : int(i))),
    kind: 'numerical:int',
    problems: [],
  },
  { what: 'few distinct numbers', values: col((i) => String(i % 5)), kind: 'categorical', problems: [] },
  { what: 'few distinct numbers and a word', values: col((i) => (i === 9 ? 'x' : String(i % 4))), kind: 'categorical', problems: [] },
  { what: 'safe bigints (from Parquet INT64)', values: col((i) => BigInt(i * 1000 + 7)), kind: 'numerical:int', problems: [] },
  { what: 'only missing markers', values: col((i) => (i % 2 ? 'NA' : '')), kind: 'categorical', problems: ['missing-markers'] },
  {
    what: 'a custom marker -999',
    values: col((i) => (i % 10 === 0 ? '-999' : num(i))),
    options: { missingValues: ['', '-999'] },
    kind: 'numerical:float',
    problems: ['missing-markers'],
    count: { 'missing-markers': 20 },
  },
  {
    what: 'custom markers replace the default ones',
    values: col((i) => (i === 0 ? 'NA' : i % 10 === 0 ? '-999' : num(i))),
    options: { missingValues: ['-999'] },
    kind: 'numerical:float',
    problems: ['missing-markers', 'not-a-number'],
    count: { 'not-a-number': 1 },
  },
  {
    what: 'None in a categorical column is missing',
    values: col((i) => (i % 5 === 0 ? 'None' : ['red', 'green'][i % 2])),
    kind: 'categorical',
    problems: ['missing-markers'],
    count: { 'missing-markers': 40 },
  },
  {
    what: 'a forced numerical column with words',
    values: col((i) => (i % 4 === 0 ? 'many' : int(i))),
    options: { kinds: { x: 'numerical' } },
    kind: 'numerical:int',
    problems: ['not-a-number'],
    count: { 'not-a-number': 50 },
  },
  {
    what: 'a forced numerical column with 64-bit integers',
    values: col((i) => (i === 1 ? BIG(1) : int(i))),
    options: { kinds: { x: 'numerical' } },
    kind: 'numerical:int',
    problems: ['unsafe-integer'],
    count: { 'unsafe-integer': 1 },
  },
  {
    what: 'a forced categorical column of numbers',
    values: col(int),
    options: { kinds: { x: 'categorical' } },
    kind: 'categorical',
    problems: [],
  },
  // codes and keys
  {
    what: 'zero-padded zip codes',
    values: col((i) => String(i * 37).padStart(5, '0')),
    name: 'zip',
    kind: 'id',
    problems: ['leading-zeros', 'not-modelled'],
    spec: { pattern: '\\d{5}' },
  },
  {
    what: 'zero-padded codes repeated: categorical',
    values: col((i) => `0${i % 30}`),
    name: 'code',
    kind: 'categorical',
    problems: ['leading-zeros'],
  },
  {
    what: 'unique 64-bit keys named like an id',
    values: col(BIG),
    name: 'account_id',
    kind: 'id',
    problems: ['not-modelled', 'unsafe-integer'],
    spec: { pattern: '\\d+' },
  },
  {
    what: 'unique 64-bit hashes not named like an id',
    values: col(BIG),
    name: 'hash',
    kind: 'id',
    problems: ['not-modelled', 'unsafe-integer'],
  },
  {
    what: 'repeated 64-bit keys',
    values: col((i) => BIG(i >> 1)),
    name: 'user_id',
    kind: 'id',
    problems: ['not-modelled', 'unsafe-integer'],
    spec: { unique: false },
  },
  {
    what: 'many 64-bit measurements',
    values: col((i) => BIG(i % 150)),
    name: 'ticks',
    kind: 'text',
    problems: ['high-cardinality', 'not-modelled', 'unsafe-integer'],
  },
  {
    what: 'unique integers named id keep a digit pattern',
    values: col((i) => String(i + 1)),
    name: 'id',
    kind: 'id',
    problems: ['not-modelled'],
    spec: { pattern: '\\d+' },
  },
  {
    what: 'two rows per patient: an entity key',
    values: col((i) => String(1000 + (i >> 1))),
    name: 'patient_id',
    kind: 'id',
    problems: ['not-modelled'],
    spec: { unique: false, pattern: '\\d{4}' },
  },
  {
    what: 'a key column with few values is categorical',
    values: col((i) => String(i % 20)),
    name: 'store_id',
    kind: 'categorical',
    problems: [],
  },
  {
    what: 'an id column given by the user',
    values: col((i) => String(i % 150)),
    name: 'member',
    options: { idColumns: ['x'] },
    kind: 'id',
    problems: ['not-modelled'],
    spec: { unique: false },
  },
  { what: 'unique strings', values: col((i) => `K${i}x`), kind: 'id', problems: ['not-modelled'] },
  {
    what: 'uuid-like strings',
    values: col((i) => `${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-4e1f-9a2b-${String(i).padStart(12, '0')}`),
    name: 'uuid',
    kind: 'id',
    problems: ['not-modelled'],
  },
  {
    what: 'unique integers not named like a key stay numbers',
    values: col((i) => String(i * 3 + 1)),
    name: 'count',
    kind: 'numerical:int',
    problems: [],
  },
  // dates
  { what: 'ISO dates', values: col(iso), kind: 'datetime', problems: [], spec: { format: 'YYYY-MM-DD' } },
  {
    what: 'one impossible date 2020-02-30',
    values: col((i) => (i === 11 ? '2020-02-30' : iso(i))),
    kind: 'datetime',
    problems: ['invalid-date'],
    count: { 'invalid-date': 1 },
  },
  {
    what: 'an impossible hour',
    values: col((i) => (i === 2 ? '2020-01-01 25:00:00' : `${iso(i)} 10:${String(i % 60).padStart(2, '0')}:00`)),
    kind: 'datetime',
    problems: ['invalid-date'],
    spec: { format: 'YYYY-MM-DD HH:mm:ss' },
  },
  {
    what: 'a leap second',
    values: col((i) => (i === 0 ? '2016-12-31T23:59:60Z' : `${iso(i)}T12:00:00Z`)),
    kind: 'datetime',
    problems: ['leap-second'],
  },
  {
    what: 'month abbreviations (Jun 12 1998)',
    values: col((i) => `${MONTHS[i % 12]} ${1 + (i % 28)} 1998`),
    kind: 'datetime',
    problems: [],
    spec: { format: 'MMM D YYYY' },
  },
  {
    what: 'full month names (June 12, 1998)',
    values: col((i) => `${FULL[i % 12]} ${1 + (i % 28)}, 1998`),
    kind: 'datetime',
    problems: [],
    spec: { format: 'MMMM D, YYYY' },
  },
  {
    what: 'day-month-abbreviation (12-Jun-1998)',
    values: col((i) => `${String(1 + (i % 28)).padStart(2, '0')}-${MONTHS[i % 12]}-1998`),
    kind: 'datetime',
    problems: [],
    spec: { format: 'DD-MMM-YYYY' },
  },
  {
    what: 'lower-case month names',
    values: col((i) => `${MONTHS[i % 12].toLowerCase()} ${1 + (i % 28)} 2001`),
    kind: 'datetime',
    problems: [],
  },
  {
    what: 'two formats in one column',
    values: col((i) => (i % 3 ? iso(i) : `${MONTHS[i % 12]} ${1 + (i % 28)} 2020`)),
    kind: 'datetime',
    problems: ['date-formats'],
    spec: { format: 'YYYY-MM-DD', formats: ['MMM D YYYY'] },
  },
  {
    what: 'month-first dates (a day above 12 settles it)',
    values: col((i) => `${String(1 + (i % 12)).padStart(2, '0')}/${String(1 + (i % 28)).padStart(2, '0')}/2019`),
    kind: 'datetime',
    problems: [],
    spec: { format: 'MM/DD/YYYY' },
  },
  {
    what: 'day-first dates',
    values: col((i) => `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + (i % 12)).padStart(2, '0')}/2019`),
    kind: 'datetime',
    problems: [],
    spec: { format: 'DD/MM/YYYY' },
  },
  {
    what: 'dates that read both ways',
    values: col((i) => `${String(1 + (i % 12)).padStart(2, '0')}/${String(1 + (i % 11)).padStart(2, '0')}/2019`),
    kind: 'datetime',
    problems: ['ambiguous-date-format'],
  },
  {
    what: 'dates with 5% "unknown"',
    values: col((i) => (i % 20 === 0 ? 'unknown' : iso(i))),
    kind: 'datetime',
    problems: ['not-a-date'],
    count: { 'not-a-date': 10 },
  },
  { what: 'dates with markers', values: col((i) => (i % 10 === 0 ? 'NA' : iso(i))), kind: 'datetime', problems: ['missing-markers'] },
  {
    what: 'timestamps with offsets',
    values: col((i) => `${iso(i)}T0${i % 10}:30:00+02:00`),
    kind: 'datetime',
    problems: [],
    noFormat: true,
  },
  {
    what: 'JS Dates at midnight (a Parquet DATE column)',
    values: col((i) => (i % 9 === 0 ? null : new Date(Date.UTC(2020, 0, 1 + i)))),
    kind: 'datetime',
    problems: [],
    spec: { format: 'YYYY-MM-DD' },
  },
  {
    what: 'JS Dates with times (a Parquet TIMESTAMP column)',
    values: col((i) => new Date(Date.UTC(2020, 0, 1) + i * 3_600_017)),
    kind: 'datetime',
    problems: [],
    noFormat: true,
  },
  {
    what: 'a user date format',
    values: col((i) => `${String(1 + (i % 28)).padStart(2, '0')}.${String(1 + (i % 12)).padStart(2, '0')}.2020`),
    options: { dateFormats: { x: 'DD.MM.YYYY' } },
    kind: 'datetime',
    problems: [],
    spec: { format: 'DD.MM.YYYY' },
  },
  {
    what: 'a user date format the values do not all have',
    values: col((i) => (i === 0 ? '2020-01-01' : `${1 + (i % 12)}/1/2020`)),
    options: { dateFormats: { x: 'M/D/YYYY' } },
    kind: 'datetime',
    problems: ['not-a-date'],
    count: { 'not-a-date': 1 },
  },
  { what: 'a date format without tokens', values: col(iso), options: { dateFormats: { x: 'date' } }, error: 'OPTIONS_INVALID' },
  // text and pii
  {
    what: 'e-mail addresses',
    values: col((i) => `user${i}@example.org`),
    name: 'contact',
    kind: 'text',
    problems: ['not-modelled'],
    spec: { sensitivity: 'pii' },
  },
  {
    what: 'e-mail addresses with one stray value',
    values: col((i) => (i === 0 ? 'unknown' : `user${i}@example.org`)),
    name: 'contact',
    kind: 'text',
    spec: { sensitivity: 'pii' },
  },
  {
    what: 'phone numbers',
    values: col((i) => `+1 555 010 ${String(i).padStart(4, '0')}`),
    name: 'tel',
    kind: 'text',
    problems: ['not-modelled'],
    spec: { sensitivity: 'pii' },
  },
  {
    what: 'car models in a "name" column are not pii',
    values: col(
      (i) => `${['chevrolet', 'ford', 'amc', 'plymouth'][i % 4]} ${['chevelle', 'f250', 'hornet', 'fury', 'torino'][i % 5]} ${i}`,
    ),
    name: 'name',
    kind: 'id',
    problems: ['not-modelled', 'not-person-like'],
  },
  {
    what: 'person names in a "name" column are pii',
    values: col((i) => `${FIRST[i % 10]} ${LAST[Math.floor(i / 10)]}`),
    name: 'name',
    kind: 'text',
    problems: ['not-modelled'],
    spec: { sensitivity: 'pii' },
  },
  {
    what: 'surname-first names with titles',
    values: col((i) => `${LAST[i % 20]}, Mr. ${FIRST[Math.floor(i / 20)]} ${FIRST[(i * 3) % 10]}`),
    name: 'Name',
    kind: 'text',
    spec: { sensitivity: 'pii' },
  },
  {
    what: 'a few full names repeated (doctors) are still pii',
    values: col((i) => `${FIRST[i % 4]} ${LAST[i % 3]}`),
    name: 'doctor_name',
    kind: 'text',
    spec: { sensitivity: 'pii' },
  },
  {
    what: 'single capitalised words in a "name" column with few values are categories',
    values: col((i) => ['North', 'South', 'East'][i % 3]),
    name: 'region_name',
    kind: 'categorical',
    problems: [],
  },
  {
    what: 'person names without a name-like header are not tagged by values alone',
    values: col((i) => `${FIRST[i % 10]} ${LAST[Math.floor(i / 10)]}`),
    name: 'passenger',
    kind: 'id',
    problems: ['not-modelled'],
  },
  {
    what: 'many distinct categories become text, reported',
    values: col((i) => `cat${i % 150}`),
    kind: 'text',
    problems: ['high-cardinality', 'not-modelled'],
  },
  {
    what: 'categoricalMax raises the bound',
    values: col((i) => `cat${i % 150}`),
    options: { categoricalMax: 200 },
    kind: 'categorical',
    problems: [],
  },
  {
    what: 'categoricalMax given lowers the bound exactly',
    values: col((i) => `cat${i % 8}`),
    options: { categoricalMax: 5 },
    kind: 'text',
    problems: ['high-cardinality', 'not-modelled'],
  },
  {
    what: 'an address column',
    values: col((i) => `${i} Main Street`),
    name: 'street_address',
    kind: 'text',
    problems: ['not-modelled'],
    spec: { sensitivity: 'pii' },
  },
  {
    what: 'true/false with NA',
    values: col((i) => (i % 10 === 0 ? 'NA' : i % 2 ? 'true' : 'false')),
    kind: 'boolean',
    problems: ['missing-markers'],
  },
  { what: 'Yes/No stays categorical', values: col((i) => (i % 2 ? 'Yes' : 'No')), kind: 'categorical', problems: [] },
  {
    what: 'a sensitivity given by the user',
    values: col(num),
    options: { sensitivity: { x: 'sensitive' } },
    kind: 'numerical:float',
    problems: [],
    spec: { sensitivity: 'sensitive' },
  },
  {
    what: 'a pii tag given by the user makes the column not modelled, and says so',
    values: col(num),
    options: { sensitivity: { x: 'pii' } },
    kind: 'numerical:float',
    problems: ['not-modelled'],
    spec: { sensitivity: 'pii' },
  },
  { what: 'an option naming an unknown column', values: col(num), options: { kinds: { y: 'text' } }, error: 'UNKNOWN_COLUMN' },
  { what: 'a categoricalMax of 0', values: col(num), options: { categoricalMax: 0 }, error: 'OPTIONS_INVALID' },
  { what: 'an unknown kind', values: col(num), options: { kinds: { x: 'decimal' as never } }, error: 'OPTIONS_INVALID' },
  {
    what: 'a date format on a column given another kind',
    values: col(iso),
    options: { kinds: { x: 'text' }, dateFormats: { x: 'YYYY-MM-DD' } },
    error: 'OPTIONS_INVALID',
  },
]

/** Problems whose rows decoding reports (the cell cannot be read as the column's kind). */
const CELL_CODES = new Set(['not-a-number', 'non-finite', 'invalid-date', 'not-a-date'])

describe('inference on messy columns: kind, reported problems, and decoding that agrees', () => {
  it('has at least 60 cases', () => expect(cases.length).toBeGreaterThanOrEqual(60))
  for (const c of cases) {
    it(c.what, () => {
      const name = c.name ?? 'x'
      const options = c.options && c.name ? JSON.parse(JSON.stringify(c.options).replaceAll('"x"', JSON.stringify(name))) : c.options
      const r = inferSchemaE({ [name]: c.values }, options)
      if (c.error) {
        expect(E.isLeft(r) && r.left.code).toBe(c.error)
        return
      }
      if (E.isLeft(r)) throw r.left
      const { schema, columns } = r.right
      const inferred = columns[0]
      const spec = inferred.spec
      expect(spec.kind === 'numerical' ? `numerical:${spec.type}` : spec.kind, inferred.reason).toBe(c.kind)
      if (c.problems) expect(inferred.problems.map((p) => p.code).sort(), JSON.stringify(inferred.problems)).toEqual([...c.problems].sort())
      if (c.spec) expect(spec).toMatchObject(c.spec)
      if (c.noFormat) expect(spec).not.toHaveProperty('format')
      for (const [code, count] of Object.entries(c.count ?? {})) expect(inferred.problems.find((p) => p.code === code)?.count).toBe(count)
      for (const p of inferred.problems) {
        expect(p.message.length).toBeGreaterThan(10)
        expect(p.examples.length).toBeLessThanOrEqual(5)
      }
      if (spec.kind === 'id' || spec.kind === 'text' || spec.sensitivity === 'pii')
        expect(inferred.problems.some((p) => p.code === 'not-modelled')).toBe(true)

      // Decoding the same raw column with the inferred schema flags exactly the rows inference reported.
      const decoded = decodeColumnsWithProblems({ [name]: c.values }, schema)
      if (E.isLeft(decoded)) throw decoded.left
      const cellProblems = inferred.problems.filter(
        (p) => CELL_CODES.has(p.code) || (p.code === 'unsafe-integer' && spec.kind === 'numerical'),
      )
      const expected = cellProblems.reduce((s, p) => s + p.count, 0)
      expect(decoded.right.problemCount).toBe(expected)
      const rows = new Set(decoded.right.problems.map((i) => i.row))
      for (const p of cellProblems) for (const e of p.examples) expect(rows.has(e.row)).toBe(true)
      // Markers and empty cells are missing; everything else that decoded is present.
      const data = decoded.right.table.columns[name]
      const missingRows =
        data.type === 'numeric'
          ? data.values.filter((v) => Number.isNaN(v)).length
          : data.type === 'coded'
            ? data.codes.filter((v) => v < 0).length
            : data.values.filter((v) => v === null).length
      expect(missingRows).toBe(inferred.missing + expected)
    })
  }
})
