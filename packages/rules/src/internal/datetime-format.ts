import { formatDatetime } from '@synthkit/core'

const DAY = 86_400_000
const P2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))
const P3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))

interface Civil {
  readonly yyyy: string
  readonly mm: string
  readonly dd: string
  /** `YYYY-MM-DD`. */
  readonly iso: string
}

/** Days since 1970-01-01 to a civil date, Hinnant's civil_from_days; null outside years 0–9999. */
function civil(days: number): Civil | null {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  if (y < 0 || y > 9999) return null
  const yyyy = String(y).padStart(4, '0')
  return { yyyy, mm: P2[m]!, dd: P2[d]!, iso: `${yyyy}-${P2[m]}-${P2[d]}` }
}

/**
 * A formatter of epoch milliseconds with core's tokens (YYYY MM DD HH mm ss SSS, UTC; ISO 8601 without a format),
 * compiled once per column and computed with integer arithmetic — days to civil dates by Hinnant's algorithm
 * ("chrono-compatible low-level date algorithms"), cached per day — instead of a Date object per cell. Gives exactly
 * core's `formatDatetime` (a property test checks it); years outside 0–9999 and fractional instants go through core.
 */
export function compileDatetimeFormat(format?: string): (ms: number) => string {
  const parts = format === undefined ? null : format.split(/(YYYY|SSS|MM|DD|HH|mm|ss)/).filter((p) => p !== '')
  const days = new Map<number, Civil | null>()
  return (ms) => {
    const day = Math.floor(ms / DAY)
    let c = days.get(day)
    if (c === undefined) {
      if (days.size >= 100_000) days.clear()
      c = civil(day)
      days.set(day, c)
    }
    if (c === null || !Number.isInteger(ms)) return formatDatetime(ms, format)
    let rest = ms - day * DAY
    const h = Math.floor(rest / 3_600_000)
    rest -= h * 3_600_000
    const mi = Math.floor(rest / 60_000)
    rest -= mi * 60_000
    const s = Math.floor(rest / 1000)
    const milli = rest - s * 1000
    if (parts === null) return `${c.iso}T${P2[h]}:${P2[mi]}:${P2[s]}.${P3[milli]}Z`
    let out = ''
    for (const p of parts) {
      out +=
        p === 'YYYY'
          ? c.yyyy
          : p === 'MM'
            ? c.mm
            : p === 'DD'
              ? c.dd
              : p === 'HH'
                ? P2[h]
                : p === 'mm'
                  ? P2[mi]
                  : p === 'ss'
                    ? P2[s]
                    : p === 'SSS'
                      ? P3[milli]
                      : p
    }
    return out
  }
}
