import { SynthkitError } from './errors'
import type { CancellationSignal, ProgressEvent } from './synthesizer'

/**
 * One unit of a long computation written as a generator: the phase it belongs to, how far that phase is, and
 * roughly how much work (cells, multiply-adds …) was done since the previous step. Yielding a step costs nothing;
 * the driver decides when to hand the event loop back.
 */
export interface WorkStep extends ProgressEvent {
  readonly work: number
}

/** A long computation that yields {@link WorkStep}s and returns its result. */
export type WorkSteps<T> = Generator<WorkStep, T, undefined>

/** Runs a computation to the end in one go (the synchronous form: no yielding, no cancellation). */
export function runWorkSteps<T>(steps: WorkSteps<T>): T {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

/** How {@link runWorkStepsAsync} cooperates with its caller. */
export interface CooperativeOptions {
  /** Checked at every step; once `aborted`, the computation stops with a `CANCELLED` error. */
  readonly signal?: CancellationSignal
  /** Told of every step's phase and position (a progress bar throttles it itself). */
  readonly progress?: (event: ProgressEvent) => void
  /**
   * Work units between two hand-backs of the event loop (default 2^20 ≈ a million cells, a few tens of ms). A
   * hand-back costs about a millisecond (a timer), so fewer of them keep the overhead small on wide tables.
   */
  readonly workPerYield?: number
  /** What the computation is, for the cancellation message (e.g. "the copula fit"). */
  readonly what?: string
}

/** Hands the event loop back for one turn: a macrotask, so timers, I/O and signal handlers run (a microtask would not). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * Runs a computation cooperatively: between steps it reports progress, checks the signal, and every
 * `workPerYield` units hands the event loop back, so that a Ctrl-C handler (which only runs when the loop is free)
 * can set the signal. Works in browsers and Node (it needs only `setTimeout`). The result is the same as
 * {@link runWorkSteps}'s.
 */
export async function runWorkStepsAsync<T>(steps: WorkSteps<T>, options: CooperativeOptions = {}): Promise<T> {
  const perYield = options.workPerYield ?? 1 << 20
  let sinceYield = 0
  const stopIfAborted = (event?: ProgressEvent) => {
    if (options.signal?.aborted) {
      steps.return(undefined as T)
      const where = event ? ` in phase "${event.phase}" (${event.done} of ${event.total})` : ''
      throw new SynthkitError('CANCELLED', `${options.what ?? 'The computation'} was cancelled${where}`, [
        { path: 'signal', message: 'aborted by the caller' },
      ])
    }
  }
  stopIfAborted()
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
    const step = next.value
    options.progress?.({ phase: step.phase, done: step.done, total: step.total })
    sinceYield += step.work
    if (sinceYield >= perYield) {
      sinceYield = 0
      await nextTurn()
    }
    stopIfAborted(step)
  }
}
