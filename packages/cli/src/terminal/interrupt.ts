import { rmSync } from 'node:fs'
import { type CancellationSignal, SynthkitError, isSynthkitError } from '@synthkit/core'
import { EXIT } from './exit-codes'

/** The signals the CLI stops on, with the exit code a shell reports for each (128 + signal number). */
const SIGNALS = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const
type StopSignal = keyof typeof SIGNALS

/**
 * After the first Ctrl-C/SIGTERM, how long the command may take to stop by itself (cooperative fits check the
 * signal every few tens of ms) before the process is ended anyway, temp files removed.
 */
export const STOP_GRACE_MS = 2000

/** Temp files being written now: removed when the process stops on a signal, so no half-written file is left. */
const pending = new Set<string>()
const controller = new AbortController()
let received: StopSignal | undefined
let installed = false

function removePending(): void {
  for (const p of pending) rmSync(p, { force: true })
  pending.clear()
}

function stopNow(signal: StopSignal): never {
  removePending()
  process.exit(SIGNALS[signal])
}

/**
 * Installs the SIGINT/SIGTERM handlers once. The first signal aborts {@link interruptSignal} (long work stops at its
 * next check, atomic writes are not renamed into place) and gives the command {@link STOP_GRACE_MS} to stop by
 * itself; a second signal, or the end of the grace period, removes the temp files and exits at once.
 */
export function installInterruptHandlers(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  if (installed) return
  installed = true
  for (const signal of Object.keys(SIGNALS) as StopSignal[]) {
    process.on(signal, () => {
      if (received !== undefined) stopNow(received)
      received = signal
      controller.abort()
      log(
        `synthkit: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}, stopping (nothing half-written is kept; Ctrl-C again to quit at once)`,
      )
      setTimeout(() => stopNow(signal), STOP_GRACE_MS).unref()
    })
  }
}

/** The process-wide cancellation signal: aborted by the first SIGINT/SIGTERM once the handlers are installed. */
export function interruptSignal(): CancellationSignal {
  return controller.signal
}

/** Registers a temp file to remove if the process stops on a signal (see atomic-write). */
export function trackTempFile(path: string): void {
  pending.add(path)
}

/** The temp file was renamed or removed: nothing to clean up any more. */
export function untrackTempFile(path: string): void {
  pending.delete(path)
}

/** The signal received so far, if any. */
export function receivedSignal(): StopSignal | undefined {
  return received
}

/**
 * The exit code and message of a command that stopped because it was cancelled (a `CANCELLED` error, or any error
 * after a signal arrived): 130 for SIGINT, 143 for SIGTERM, as shells report them. Undefined otherwise.
 */
export function cancelledExit(e: unknown, signal: CancellationSignal | undefined): { exitCode: number; line: string } | undefined {
  const cancelled = isSynthkitError(e) && e.code === 'CANCELLED'
  if (!cancelled && !signal?.aborted) return undefined
  const code = received === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted
  const what = isSynthkitError(e) && e.code === 'CANCELLED' ? e.message.split('\n')[0] : 'stopped'
  return { exitCode: code, line: `synthkit: ${what}; no output file was left half-written [CANCELLED]` }
}

/** Stops with a `CANCELLED` error when `signal` is aborted (between phases of a command: after reading, before writing). */
export function throwIfCancelled(signal: CancellationSignal | undefined, what: string): void {
  if (signal?.aborted) throw new SynthkitError('CANCELLED', `${what} was cancelled`)
}
