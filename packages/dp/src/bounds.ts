import { DpError } from './errors'

/** Declared bounds of a column. DP aggregates require them: sensitivity comes from the bounds, never from the data. */
export interface Bounds {
  readonly lower: number
  readonly upper: number
}

/** Checks that bounds were declared and are finite with lower < upper (BOUNDS_REQUIRED / PARAMETER_INVALID). */
export function requireBounds(bounds: Bounds | undefined): Bounds {
  if (bounds === undefined || bounds === null || typeof bounds !== 'object') {
    throw new DpError('BOUNDS_REQUIRED', 'declared bounds are required: DP aggregates take their sensitivity from them', [
      { path: 'bounds', message: 'pass { lower, upper } chosen without looking at the data' },
    ])
  }
  const issues = []
  if (typeof bounds.lower !== 'number' || !Number.isFinite(bounds.lower)) issues.push({ path: 'bounds.lower', message: `expected a finite number, got ${bounds.lower}` })
  if (typeof bounds.upper !== 'number' || !Number.isFinite(bounds.upper)) issues.push({ path: 'bounds.upper', message: `expected a finite number, got ${bounds.upper}` })
  if (issues.length === 0 && !(bounds.lower < bounds.upper)) issues.push({ path: 'bounds', message: `lower (${bounds.lower}) must be < upper (${bounds.upper})` })
  if (issues.length > 0) throw new DpError(issues.some((i) => i.path === 'bounds') ? 'PARAMETER_INVALID' : 'BOUNDS_REQUIRED', 'invalid bounds', issues)
  return bounds
}

/** Rejects NaN/±∞ values (listing the first 20 positions): nothing is silently dropped. */
export function requireFiniteValues(values: ArrayLike<number>, path = 'values'): void {
  const issues = []
  for (let i = 0; i < values.length && issues.length < 20; i++) {
    if (!Number.isFinite(values[i])) issues.push({ path: `${path}.${i}`, message: `expected a finite number, got ${values[i]}` })
  }
  if (issues.length > 0) {
    throw new DpError('DATA_INVALID', `${path} holds missing or non-finite values: filter or impute them first (their count is not private)`, issues)
  }
}

/**
 * Clamps x into [lower, upper]. This is the explicit, documented clamping of DP aggregates: a value outside the
 * declared bounds counts as the nearest bound. (The number of clamped values is NOT reported: it depends on the data.)
 */
export function clamp(x: number, b: Bounds): number {
  return x < b.lower ? b.lower : x > b.upper ? b.upper : x
}
