import { DpError } from './errors'
import { describe, requireArrayLike } from './validate'

/** Declared bounds of a column. DP aggregates require them: sensitivity comes from the bounds, never from the data. */
export interface Bounds {
  readonly min: number
  readonly max: number
}

/**
 * Checks that bounds were declared and are finite with min < max (BOUNDS_REQUIRED / PARAMETER_INVALID). Bounds are
 * `{ min, max }` as everywhere in synthkit; the `{ lower, upper }` of earlier versions is named in the error.
 */
export function requireBounds(bounds: unknown): Bounds {
  if (bounds === undefined || bounds === null || typeof bounds !== 'object') {
    throw new DpError('BOUNDS_REQUIRED', 'declared bounds are required: DP aggregates take their sensitivity from them', [
      { path: 'bounds', message: 'pass { min, max } chosen without looking at the data' },
    ])
  }
  const b = bounds as { min?: unknown; max?: unknown; lower?: unknown; upper?: unknown }
  const issues = []
  for (const [key, old] of [
    ['min', 'lower'],
    ['max', 'upper'],
  ] as const) {
    if (typeof b[key] === 'number' && Number.isFinite(b[key])) continue
    const renamed = b[key] === undefined && b[old] !== undefined ? ` (bounds are { min, max }: rename ${old} to ${key})` : ''
    issues.push({ path: `bounds.${key}`, message: `expected a finite number, got ${describe(b[key])}${renamed}` })
  }
  if (issues.length === 0 && !((b.min as number) < (b.max as number))) {
    issues.push({ path: 'bounds', message: `min (${b.min as number}) must be < max (${b.max as number})` })
  }
  if (issues.length > 0) {
    throw new DpError(issues.some((i) => i.path === 'bounds') ? 'PARAMETER_INVALID' : 'BOUNDS_REQUIRED', 'invalid bounds', issues)
  }
  return { min: b.min as number, max: b.max as number }
}

/** Rejects NaN/±∞ values (listing the first 20 positions): nothing is silently dropped. */
export function requireFiniteValues(input: unknown, path = 'values'): ArrayLike<number> {
  const values = requireArrayLike<number>(path, input)
  const issues = []
  for (let i = 0; i < values.length && issues.length < 20; i++) {
    const v = values[i]
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.push({ path: `${path}.${i}`, message: `expected a finite number, got ${describe(v)}` })
    }
  }
  if (issues.length > 0) {
    throw new DpError(
      'DATA_INVALID',
      `${path} holds missing or non-finite values: filter or impute them first (their count is not private)`,
      issues,
    )
  }
  return values
}

/**
 * Clamps x into [min, max]. This is the explicit, documented clamping of DP aggregates: a value outside the
 * declared bounds counts as the nearest bound. (The number of clamped values is NOT reported: it depends on the data.)
 */
export function clamp(x: number, b: Bounds): number {
  return x < b.min ? b.min : x > b.max ? b.max : x
}
