/**
 * Timings from an injected clock. The library never reads a clock itself (reports must be reproducible and run
 * anywhere); a caller that wants timings passes `clock`, its own millisecond clock.
 * Without a clock every reading is undefined, and the reports omit their timing fields.
 */
export interface Timer {
  /** Milliseconds since the timer started; undefined without a clock. */
  readonly elapsed: () => number | undefined
}

/** Starts a timer on `clock`; a no-op timer when there is none (a malformed one is reported by the option check). */
export function startTimer(clock: (() => number) | undefined): Timer {
  if (typeof clock !== 'function') return { elapsed: () => undefined }
  const t0 = clock()
  return { elapsed: () => clock() - t0 }
}

/** `{ timingMs }` when the timer has a clock, else `{}` (so JSON output has no timing key at all). */
export function timingField(timer: Timer): { readonly timingMs?: number } {
  const ms = timer.elapsed()
  return ms === undefined ? {} : { timingMs: ms }
}
