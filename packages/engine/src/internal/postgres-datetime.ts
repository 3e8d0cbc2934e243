// Datetime text read in PostgreSQL exactly as @synthkit/core's matchDatetime reads it, without a cast or
// to_timestamp that raises on a text of the right shape that is no date (2021-02-30, 25:00): the fields are
// captured by a regular expression (core's token patterns), checked as core checks them (month 1–12, the day within
// its month, hour ≤ 23, minute ≤ 59, second ≤ 60) and turned into epoch milliseconds by integer arithmetic. An
// impossible date is NULL, which the fit reports as a typed data problem of its column.
import { type Field, datetimePattern } from './datetime-pattern'
import { literal } from './sql-text'

/**
 * core's ISO 8601 (its ISO pattern): date, optional `T`/space time with optional seconds and a fraction of 1–9
 * digits, optional `Z` or `±HH[:]mm` offset. Groups: 1 year … 6 second, 7 fraction, 8 offset.
 */
const ISO =
  String.raw`^([0-9]{4})-([0-9]{2})-([0-9]{2})` +
  String.raw`(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?)?(Z|[-+][0-9]{2}:?[0-9]{2})?$`

/** SQL: days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil; integer arithmetic only). */
function daysFromCivil(y: string, m: string, d: string): string {
  // the year from March (January and February count with the year before), shifted by 400 years so that the
  // integer divisions are of non-negative numbers (year 0000 is core's too), minus those 146,097 days
  const ym = `(${y} - CASE WHEN ${m} <= 2 THEN 1 ELSE 0 END + 400)`
  const era = `(${ym} / 400)`
  const yoe = `(${ym} - ${era} * 400)`
  const doy = `((153 * (${m} + CASE WHEN ${m} > 2 THEN -3 ELSE 9 END) + 2) / 5 + ${d} - 1)`
  const doe = `(${yoe} * 365 + ${yoe} / 4 - ${yoe} / 100 + ${doy})`
  return `(CAST(${era} AS bigint) * 146097 + ${doe} - 719468 - 146097)`
}

/** SQL: the days of month m of year y. */
function daysInMonth(y: string, m: string): string {
  const leap = `((${y} % 4 = 0 AND ${y} % 100 <> 0) OR ${y} % 400 = 0)`
  return `CASE WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`
}

const MONTHS = `ARRAY['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']`

/**
 * SQL: a pattern's epoch milliseconds from the text `s`, NULL when the text does not match or is no date. A scalar
 * subquery: the regular expression runs once per row (OFFSET 0 keeps PostgreSQL from inlining it per field).
 */
function parseSql(s: string, regex: string, fields: Record<Field | 'fraction' | 'offset', string | null>, flags: 'i' | '' = 'i'): string {
  const n = (f: Field, fallback: number) => (fields[f] === null ? String(fallback) : `coalesce(CAST(${fields[f]} AS integer), ${fallback})`)
  const month = fields.monthName !== null ? `coalesce(array_position(${MONTHS}, lower(left(${fields.monthName}, 3))), 0)` : n('month', 1)
  const ms = fields.fraction !== null ? `coalesce(CAST(rpad(left(${fields.fraction}, 3), 3, '0') AS integer), 0)` : n('ms', 0)
  const parts =
    `SELECT ${n('year', 1970)} AS y, ${month} AS mo, ${n('day', 1)} AS d, ${n('hour', 0)} AS h, ` +
    `${n('minute', 0)} AS mi, ${n('second', 0)} AS sec, ${ms} AS ms`
  // a leap second (60) is the minute's last millisecond, as core reads it
  let epoch =
    `${daysFromCivil('y', 'mo', 'd')} * 86400000 + h * 3600000 + mi * 60000 + ` + 'CASE WHEN sec = 60 THEN 59999 ELSE sec * 1000 + ms END'
  let valid = `mo BETWEEN 1 AND 12 AND d BETWEEN 1 AND ${daysInMonth('y', 'mo')} AND h <= 23 AND mi <= 59 AND sec <= 60`
  let offset = ''
  if (fields.offset !== null) {
    // `Z`, or ±HH[:]mm: hours ≤ 23 and minutes ≤ 59, subtracted from the local time
    offset = `, ${fields.offset} AS o`
    const digits = `replace(substr(o, 2), ':', '')`
    const oh = `CAST(left(${digits}, 2) AS integer)`
    const om = `CAST(substr(${digits}, 3) AS integer)`
    // CASE: the casts of the offset's digits run only for an offset that has them
    valid += ` AND CASE WHEN o IS NULL OR o = 'Z' THEN true ELSE ${oh} <= 23 AND ${om} <= 59 END`
    const sign = `CASE WHEN left(o, 1) = '-' THEN -1 ELSE 1 END`
    epoch += ` - CASE WHEN o IS NULL OR o = 'Z' THEN 0 ELSE ${sign} * (${oh} * 60 + ${om}) * 60000 END`
  }
  return (
    `(SELECT CASE WHEN ${valid} THEN CAST(${epoch} AS double precision) END FROM ` +
    `(${parts}${offset} FROM (SELECT regexp_match(${s}, ${literal(regex)}, ${literal(flags)}) AS g OFFSET 0) r WHERE g IS NOT NULL) p)`
  )
}

/** The fields of {@link ISO}'s groups. */
const ISO_FIELDS = {
  year: 'g[1]',
  month: 'g[2]',
  monthName: null,
  day: 'g[3]',
  hour: 'g[4]',
  minute: 'g[5]',
  second: 'g[6]',
  ms: null,
  fraction: 'g[7]',
  offset: 'g[8]',
} as const

/**
 * SQL: epoch milliseconds of the trimmed text `s` read by core's rules — the first of the formats (in order;
 * `undefined` is ISO 8601) that reads it, as core's matchDatetimeFormats — or NULL when none does.
 */
export function postgresDatetimeSql(s: string, formats: readonly (string | undefined)[]): string {
  const parsed = formats.map((f) => {
    // ISO 8601 is case-sensitive in core (`T`, `Z`); month names in formats are not
    if (f === undefined) return parseSql(s, ISO, ISO_FIELDS, '')
    const { regex, groups } = datetimePattern(f)
    const at = (field: Field) => (groups[field] === undefined ? null : `g[${groups[field]}]`)
    return parseSql(s, regex, {
      year: at('year'),
      month: at('month'),
      monthName: at('monthName'),
      day: at('day'),
      hour: at('hour'),
      minute: at('minute'),
      second: at('second'),
      ms: at('ms'),
      fraction: null,
      offset: null,
    })
  })
  return parsed.length === 1 ? parsed[0] : `coalesce(${parsed.join(', ')})`
}
