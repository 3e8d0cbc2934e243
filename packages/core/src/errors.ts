import * as E from './internal/either'
import type * as t from 'io-ts'

/**
 * What went wrong, as a stable machine-readable code: one list for every synthkit package (@synthkit/dp, which
 * does not depend on core, uses the same codes and the same error marker).
 */
export type ErrorCode =
  | 'SCHEMA_INVALID'
  | 'DATA_INVALID'
  | 'EMPTY_TABLE'
  | 'UNKNOWN_COLUMN'
  | 'CONSTRAINT_INVALID'
  | 'CONSTRAINT_UNSATISFIABLE'
  | 'EXPRESSION_INVALID'
  | 'OPTIONS_INVALID'
  | 'MODEL_INVALID'
  | 'CONDITION_INVALID'
  | 'PRIVACY_BUDGET_EXCEEDED'
  | 'PARAMETER_INVALID'
  | 'BOUNDS_REQUIRED'
  | 'CANCELLED'
  | 'UNSUPPORTED'

/** One problem, located by a dotted path (`columns.3.kind`) and, for data, by row and column. */
export interface Issue {
  readonly path: string
  readonly message: string
  readonly row?: number
  readonly column?: string
  readonly value?: unknown
}

const BRAND = Symbol.for('synthkit.error')

/**
 * The one error type every synthkit package throws or returns in a `Left`.
 * `issues` lists every problem found (not only the first), each with its path.
 */
export class SynthkitError extends Error {
  readonly code: ErrorCode
  readonly issues: readonly Issue[]
  readonly [BRAND] = true

  constructor(code: ErrorCode, message: string, issues: readonly Issue[] = []) {
    super(issues.length > 0 ? `${message}\n${formatIssues(issues)}` : message)
    this.name = 'SynthkitError'
    this.code = code
    this.issues = issues
  }
}

/** True for a {@link SynthkitError}, also across duplicated copies of the package (ESM and CJS builds). */
export function isSynthkitError(e: unknown): e is SynthkitError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true
}

/** Builds an error, for the Either form of an API. */
export function synthkitError(code: ErrorCode, message: string, issues: readonly Issue[] = []): SynthkitError {
  return new SynthkitError(code, message, issues)
}

const MAX_LISTED = 20

/** Lists issues one per line, at most 20 then a count of the rest. */
export function formatIssues(issues: readonly Issue[]): string {
  const lines = issues.slice(0, MAX_LISTED).map((i) => {
    const where = i.row !== undefined ? `row ${i.row}, ${i.column ?? i.path}` : i.path || '(root)'
    return `  - ${where}: ${i.message}`
  })
  if (issues.length > MAX_LISTED) lines.push(`  … and ${issues.length - MAX_LISTED} more`)
  return lines.join('\n')
}

/** Throwing convenience form: the value of a Right, or throws the SynthkitError of a Left. */
export function orThrow<A>(result: E.Either<SynthkitError, A>): A {
  if (E.isLeft(result)) throw result.left
  return result.right
}

/** Wraps a throwing function into the Either form; non-synthkit errors are rethrown (they are bugs). */
export function tryCatchSynthkit<A>(f: () => A): E.Either<SynthkitError, A> {
  try {
    return E.right(f())
  } catch (e) {
    if (isSynthkitError(e)) return E.left(e)
    throw e
  }
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)
  if (v === undefined) return 'undefined'
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v)
  if (Array.isArray(v)) return 'an array'
  return typeof v
}

/**
 * Turns io-ts validation errors into issues with readable paths: `columns.0.name: expected string, got 3`.
 * Union branches are collapsed to the deepest path so that the message names the field, not the union.
 */
export function ioTsIssues(errors: t.Errors): Issue[] {
  const seen = new Set<string>()
  const out: Issue[] = []
  for (const err of errors) {
    const keys: string[] = []
    err.context.forEach((c, i) => {
      if (i === 0 || c.key === '' || isMemberIndex(err.context, i)) return
      keys.push(c.key)
    })
    const path = keys.join('.')
    const last = err.context[err.context.length - 1]
    const keys0 = last?.type as { _tag?: string; keys?: Record<string, unknown> } | undefined
    const wanted =
      keys0?._tag === 'KeyofType' && keys0.keys
        ? `one of ${Object.keys(keys0.keys)
            .map((k) => JSON.stringify(k))
            .join(' | ')}`
        : (last?.type.name ?? 'value')
    const expected = err.message ?? `expected ${wanted}, got ${describeValue(err.value)}`
    const key = `${path}|${expected}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ path, message: expected, value: err.value })
  }
  return out
}

/**
 * io-ts puts the index of the union or intersection member tried into the context; it is not a data path.
 * A numeric key is a real path step only when the value one level up is an array.
 */
function isMemberIndex(context: t.Context, i: number): boolean {
  const tag = (context[i - 1]?.type as { _tag?: string } | undefined)?._tag
  if (tag === 'UnionType' || tag === 'IntersectionType') return true
  return /^\d+$/.test(context[i].key) && !Array.isArray(context[i - 1]?.actual)
}
