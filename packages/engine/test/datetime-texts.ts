// Datetime texts for the engines' reading tests: ISO 8601 and core's formats, with fields within and beyond their
// ranges (impossible dates, hour 24, leap seconds, offsets beyond ±23:59), month names in any case.
import fc from 'fast-check'

const pad = (n: number, w: number) => String(n).padStart(w, '0')
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Date fields, within and beyond their ranges (month 0–13, day 0–32, hour 0–25, minute 0–60, second 0–61). */
export const fields = fc.record({
  y: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1900, 2000, 2023, 2024, 2100)),
  mo: fc.integer({ min: 0, max: 13 }),
  d: fc.oneof(fc.integer({ min: 0, max: 32 }), fc.constantFrom(28, 29, 30, 31)),
  h: fc.integer({ min: 0, max: 25 }),
  mi: fc.integer({ min: 0, max: 60 }),
  s: fc.oneof(fc.integer({ min: 0, max: 61 }), fc.constant(60)),
  frac: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
  zone: fc.option(fc.constantFrom('Z', '+02:00', '-0530', '+24:00', '-03:60', '+00:00'), { nil: undefined }),
  shape: fc.integer({ min: 0, max: 3 }),
})

export type Fields = typeof fields extends fc.Arbitrary<infer T> ? T : never

/** An ISO-shaped text of the fields: date only, with minutes, with seconds, with a fraction; an optional zone. */
export function isoText(f: Fields): string {
  const date = `${pad(f.y, 4)}-${pad(f.mo, 2)}-${pad(f.d, 2)}`
  if (f.shape === 0) return date
  const sep = f.shape === 1 ? 'T' : ' '
  const time = `${pad(f.h, 2)}:${pad(f.mi, 2)}${f.shape >= 2 ? `:${pad(f.s, 2)}${f.shape === 3 && f.frac ? `.${f.frac}` : ''}` : ''}`
  return `${date}${sep}${time}${f.zone ?? ''}`
}

/** Texts of core's date formats, month names in any case, fields within and beyond their ranges. */
export const FORMATS: readonly (readonly (string | undefined)[])[] = [
  ['DD/MM/YYYY HH:mm'],
  ['D MMM YYYY'],
  ['MMMM D, YYYY H:mm:ss.SSS'],
  ['YYYYMMDD', undefined],
  ['MM/DD/YYYY', 'DD.MM.YYYY'],
]
export function formatText(f: Fields, k: number): string {
  const name = MONTHS[(f.mo + 11) % 12]
  const cased = f.shape === 0 ? name.toUpperCase() : f.shape === 1 ? name.toLowerCase() : name
  switch (k) {
    case 0:
      return `${pad(f.d, 2)}/${pad(f.mo, 2)}/${pad(f.y, 4)} ${pad(f.h, 2)}:${pad(f.mi, 2)}`
    case 1:
      return `${f.d} ${cased.slice(0, 3)} ${pad(f.y, 4)}`
    case 2:
      return `${cased} ${f.d}, ${pad(f.y, 4)} ${f.h}:${pad(f.mi, 2)}:${pad(f.s, 2)}.${pad(f.mo * 71, 3)}`
    case 3:
      return f.shape < 2 ? `${pad(f.y, 4)}${pad(f.mo, 2)}${pad(f.d, 2)}` : isoText(f)
    default:
      return f.shape < 2 ? `${pad(f.mo, 2)}/${pad(f.d, 2)}/${pad(f.y, 4)}` : `${pad(f.d, 2)}.${pad(f.mo, 2)}.${pad(f.y, 4)}`
  }
}
