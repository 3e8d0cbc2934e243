import { DpError } from './errors'
import { describe, requireArrayLike } from './validate'

/** Declared bounds of a column. DP aggregates require them: sensitivity comes from the bounds, never from the data. */
export interface Bounds {
  readonly lower: number
  readonly upper: number
}

/** Checks that bounds were declared and are finite with lower < upper (BOUNDS_REQUIRED / PARAMETER_INVALID). */
export function requireBounds(bounds: unknown): Bounds {
  if (bounds === undefined || bounds === null || typeof bounds !== 'object') {
    throw new DpError('BOUNDS_REQUIRED', 'declared bounds are required: DP aggregates take their sensitivity from them', [
      { path: 'bounds', message: 'pass { lower, upper } chosen without looking at the data' },
    ])
  }
  const b = bounds as { lower?: unknown; upper?: unknown }
  const issues = []
  if (typeof b.lower !== 'number' || !Number.isFinite(b.lower)) {
    issues.push({ path: 'bounds.lower', message: `expected a finite number, got ${describe(b.lower)}` })
  }
  if (typeof b.upper !== 'number' || !Number.isFinite(b.upper)) {
    issues.push({ path: 'bounds.upper', message: `expected a finite number, got ${describe(b.upper)}` })
  }
  if (issues.length === 0 && !((b.lower as number) < (b.upper as number))) {
    issues.push({ path: 'bounds', message: `lower (${b.lower as number}) must be < upper (${b.upper as number})` })
  }
  if (issues.length > 0) {
    throw new DpError(issues.some((i) => i.path === 'bounds') ? 'PARAMETER_INVALID' : 'BOUNDS_REQUIRED', 'invalid bounds', issues)
  }
  return { lower: b.lower as number, upper: b.upper as number }
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
 * Clamps x into [lower, upper]. This is the explicit, documented clamping of DP aggregates: a value outside the
 * declared bounds counts as the nearest bound. (The number of clamped values is NOT reported: it depends on the data.)
 */
export function clamp(x: number, b: Bounds): number {
  return x < b.lower ? b.lower : x > b.upper ? b.upper : x
}
