import { either as E } from 'fp-ts'

/** What went wrong, as a stable machine-readable code. */
export type DpErrorCode = 'PARAMETER_INVALID' | 'PRIVACY_BUDGET_EXCEEDED' | 'BOUNDS_REQUIRED' | 'DATA_INVALID'

/** One problem, located by a dotted path into the caller's options (`epsilon`, `bounds.max`). */
export interface DpIssue {
  readonly path: string
  readonly message: string
}

const BRAND = Symbol.for('synthkit.dp.error')
// The brand every synthkit package's errors carry: `isSynthkitError` of @synthkit/core checks it (structurally, so
// this package needs no dependency on core), and the CLI reports `code` and `issues` of any error that has it.
const SYNTHKIT_BRAND = Symbol.for('synthkit.error')

/**
 * The one error type @synthkit/dp throws or returns in a `Left`. `issues` lists every problem found, each with the
 * path of the parameter it concerns. A mechanism that fails with a DpError has released nothing and charged nothing.
 * It carries both the dp brand ({@link isDpError}) and the shared synthkit brand (`isSynthkitError` of
 * @synthkit/core); its codes are part of the shared synthkit code list.
 */
export class DpError extends Error {
  readonly code: DpErrorCode
  readonly issues: readonly DpIssue[]
  readonly [BRAND] = true
  readonly [SYNTHKIT_BRAND] = true

  constructor(code: DpErrorCode, message: string, issues: readonly DpIssue[] = []) {
    super(issues.length > 0 ? `${message}\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}` : message)
    this.name = 'DpError'
    this.code = code
    this.issues = issues
  }
}

/** True for a {@link DpError}, also across duplicated copies of the package (ESM and CJS builds). */
export function isDpError(e: unknown): e is DpError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true
}

/** Wraps a throwing call into the Either form; errors other than DpError are rethrown (they are bugs). */
export function tryDp<A>(f: () => A): E.Either<DpError, A> {
  if (typeof f !== 'function') {
    return E.left(new DpError('PARAMETER_INVALID', 'tryDp needs a function', [{ path: 'f', message: `got ${typeof f}` }]))
  }
  try {
    return E.right(f())
  } catch (e) {
    if (isDpError(e)) return E.left(e)
    throw e
  }
}

/** Throws a PARAMETER_INVALID error for one parameter. */
export function invalidParameter(path: string, message: string): never {
  throw new DpError('PARAMETER_INVALID', `invalid parameter ${path}`, [{ path, message }])
}
