import type { CancellationSignal } from '@synthkit/core'
import { installInterruptHandlers, interruptSignal } from './interrupt'

/** Where a command prints: stdout for results, stderr for progress and errors. Injected so tests can capture. */
export interface Io {
  /** A line of results (stdout). */
  readonly out: (line: string) => void
  /** A line of diagnostics (stderr). */
  readonly err: (line: string) => void
  /** True when stderr is a terminal: only then is a progress bar drawn. */
  readonly interactive: boolean
  /** Where progress bars are drawn when `interactive` (default: process.stderr); tests pass a fake terminal. */
  readonly progressStream?: NodeJS.WritableStream
  /** Wall clock for the card's timestamps (the CLI may read the clock; libraries may not). */
  readonly now: () => Date
  /** Aborted when the user asks to stop (Ctrl-C, SIGTERM): long fits and samples check it and stop cleanly. */
  readonly signal?: CancellationSignal
}

/** The process's own stdout and stderr. */
export function processIo(): Io {
  installInterruptHandlers()
  return {
    signal: interruptSignal(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stderr.isTTY) && process.env.CI === undefined,
    now: () => new Date(),
  }
}
