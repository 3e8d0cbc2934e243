import { invalidParameter } from './errors'

// Parameter checks shared by every mechanism: each names the parameter in the error it throws.

function describe(x: unknown): string {
  return typeof x === 'number' ? String(x) : `${typeof x} ${JSON.stringify(x)}`
}

/** A finite number > 0 (ε, scales, sensitivities). Rejects NaN, ±∞, 0, negatives and non-numbers. */
export function requirePositive(path: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || !(x > 0)) {
    invalidParameter(path, `expected a finite number > 0, got ${describe(x)}`)
  }
  return x
}

/** A finite number ≥ 0. */
export function requireNonNegative(path: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || !(x >= 0)) {
    invalidParameter(path, `expected a finite number ≥ 0, got ${describe(x)}`)
  }
  return x
}

/** δ ∈ (0, 1), or [0, 1) when `allowZero`. */
export function requireDelta(path: string, x: unknown, allowZero = false): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || !(allowZero ? x >= 0 : x > 0) || !(x < 1)) {
    invalidParameter(path, `expected a number in ${allowZero ? '[0' : '(0'}, 1), got ${describe(x)}`)
  }
  return x
}

/** A finite number. */
export function requireFinite(path: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) invalidParameter(path, `expected a finite number, got ${describe(x)}`)
  return x
}

/** An integer ≥ min. */
export function requireInteger(path: string, x: unknown, min: number): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) {
    invalidParameter(path, `expected an integer ≥ ${min}, got ${describe(x)}`)
  }
  return x
}
