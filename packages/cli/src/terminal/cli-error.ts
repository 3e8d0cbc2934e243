import { isSynthkitError } from '@synthkit/core'
import { EXIT, type ExitCode } from './exit-codes'

/**
 * An error the user can act on: bad usage, a missing file, unreadable data, or a failed gate.
 * Its message is one line that names the file, line or option at fault.
 */
export class CliError extends Error {
  readonly exitCode: ExitCode
  /** Further lines shown under the message (e.g. every failing threshold of a gate). */
  readonly details: readonly string[]

  constructor(message: string, exitCode: ExitCode = EXIT.input, details: readonly string[] = []) {
    super(message)
    this.name = 'CliError'
    this.exitCode = exitCode
    this.details = details
  }
}

/** True for a {@link CliError}. */
export function isCliError(e: unknown): e is CliError {
  return e instanceof CliError
}

/** Node's file-system errors carry a code such as ENOENT; they are input errors, not bugs. */
const FS_MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EEXIST: 'already exists',
}

function fsError(e: unknown): { code: string; path?: string } | undefined {
  if (typeof e !== 'object' || e === null) return undefined
  const { code, path } = e as { code?: unknown; path?: unknown }
  if (typeof code !== 'string' || !(code in FS_MESSAGES)) return undefined
  return { code, path: typeof path === 'string' ? path : undefined }
}

/** How an error is shown: one line on stderr, more only with `--verbose`. */
export interface ErrorReport {
  readonly exitCode: ExitCode
  readonly lines: readonly string[]
}

function issueText(i: { path: string; message: string; row?: number; column?: string }): string {
  // Issue rows are 0-based data rows; users count data rows from 1 (the header is line 1 of a CSV).
  const where = i.row !== undefined ? `row ${i.row + 1}, column ${i.column ?? i.path}` : i.path || '(root)'
  return `${where}: ${i.message}`
}

/**
 * Turns any thrown value into what the CLI prints on stderr and its exit code. Every error is ONE line
 * (`synthkit: <what went wrong>`), naming the first problem; `verbose` adds every issue and the stack trace.
 * Errors that are neither CliError, SynthkitError nor file-system errors are bugs: exit code 3.
 */
export function reportError(e: unknown, verbose: boolean): ErrorReport {
  const stack = verbose && e instanceof Error && e.stack ? [e.stack] : []
  if (isCliError(e))
    return { exitCode: e.exitCode, lines: [`synthkit: ${e.message}`, ...(verbose ? e.details.map((d) => `  ${d}`) : []), ...stack] }
  if (isSynthkitError(e)) {
    const head = e.message.split('\n')[0]
    const first = e.issues[0]
    const more = e.issues.length > 1 ? ` (+${e.issues.length - 1} more${verbose ? '' : '; --verbose lists them'})` : ''
    const line = `synthkit: ${head}${first ? `: ${issueText(first)}` : ''}${more} [${e.code}]`
    const all = verbose ? e.issues.map((i) => `  ${issueText(i)}`) : []
    return { exitCode: EXIT.input, lines: [line, ...all, ...stack] }
  }
  const fs = fsError(e)
  if (fs) return { exitCode: EXIT.input, lines: [`synthkit: ${fs.path ?? 'file'}: ${FS_MESSAGES[fs.code]} (${fs.code})`, ...stack] }
  const message = e instanceof Error ? e.message : String(e)
  return {
    exitCode: EXIT.internal,
    lines: [
      `synthkit: internal error: ${message.split('\n')[0]}${verbose ? '' : ' (run again with --verbose for the stack trace, and please report it)'}`,
      ...stack,
    ],
  }
}
