import { DpError, invalidParameter } from './errors'

// Parameter checks shared by every mechanism: each names the parameter in the error it throws.

/**
 * A short description of any JavaScript value for an error message. Never throws (BigInt, symbols, cycles,
 * null-prototype objects and throwing getters included): a bad input must give a DpError, not a TypeError.
 */
export function describe(x: unknown): string {
  switch (typeof x) {
    case 'number':
      return String(x)
    case 'bigint':
      return `bigint ${x.toString()}n`
    case 'string':
      return `string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`
    case 'symbol':
      return 'a symbol'
    case 'function':
      return 'a function'
    case 'undefined':
      return 'undefined'
    case 'boolean':
      return String(x)
    default:
      if (x === null) return 'null'
      try {
        const json = JSON.stringify(x)
        if (typeof json === 'string') return `object ${json.length > 60 ? `${json.slice(0, 60)}…` : json}`
      } catch {
        // BigInt inside, a cycle, or a throwing toJSON: fall through.
      }
      return Array.isArray(x) ? `an array of length ${x.length}` : 'an object'
  }
}

/** A non-null object; PARAMETER_INVALID otherwise. */
export function requireObject(path: string, x: unknown): Record<string, unknown> {
  if (typeof x !== 'object' || x === null) invalidParameter(path, `expected an options object, got ${describe(x)}`)
  return x as Record<string, unknown>
}

/** An array or typed array of values (a column); DATA_INVALID otherwise. */
export function requireArrayLike<T = unknown>(path: string, x: unknown): ArrayLike<T> {
  const ok = Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))
  if (!ok) {
    throw new DpError('DATA_INVALID', `${path} must be an array`, [
      { path, message: `expected an array or typed array, got ${describe(x)}` },
    ])
  }
  return x as unknown as ArrayLike<T>
}

/** An optional string (the ledger's `what`); PARAMETER_INVALID for anything else. */
export function optionalString(path: string, x: unknown): string | undefined {
  if (x !== undefined && typeof x !== 'string') invalidParameter(path, `expected a string, got ${describe(x)}`)
  return x as string | undefined
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
