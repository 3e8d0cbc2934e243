/**
 * Datetime ↔ number: epoch ms become a count of the learned unit (day, hour, minute, second or ms) since the
 * earliest value, and back, rounded to the unit. Exactly invertible for values on the unit grid.
 */
export interface DatetimeTransform {
  readonly kind: 'datetime'
  readonly origin: number
  /** Milliseconds per unit. */
  readonly unit: number
  readonly unitName: 'day' | 'hour' | 'minute' | 'second' | 'millisecond'
}

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
  ['millisecond', 1],
] as const

/** Learns the coarsest unit on which every value lies, and the origin (earliest value, 0 when all missing). */
export function fitDatetimeTransform(values: Float64Array): DatetimeTransform {
  let origin = Infinity
  for (let i = 0; i < values.length; i++) if (values[i] < origin) origin = values[i]
  if (origin === Infinity) origin = 0
  for (const [unitName, unit] of UNITS) {
    let ok = true
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (!Number.isNaN(v) && ((v % unit) + unit) % unit !== 0) {
        ok = false
        break
      }
    }
    if (ok) return { kind: 'datetime', origin, unit, unitName }
  }
  return { kind: 'datetime', origin, unit: 1, unitName: 'millisecond' }
}

export function forwardDatetime(transform: DatetimeTransform, values: Float64Array): Float64Array {
  const out = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - transform.origin) / transform.unit
  return out
}

export function inverseDatetime(transform: DatetimeTransform, values: Float64Array): Float64Array {
  const out = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i]) * transform.unit + transform.origin
  return out
}
