import type { ProgressEvent } from '@synthkit/core'
import { SingleBar } from 'cli-progress'
import type { Io } from './io'

/** Progress of a computation in phases (a fit: columns, correlation, structure …). */
export interface PhaseProgress {
  readonly update: (event: ProgressEvent) => void
  readonly stop: () => void
}

/**
 * A progress bar with an ETA on stderr for `label` (e.g. "fitting <method>"), restarted at each new phase, when
 * `io.interactive` (a terminal, not CI, no --quiet); otherwise silent, so logs and pipes stay clean. cli-progress
 * throttles redrawing itself, so calling `update` at every step costs little.
 */
export function phaseProgress(io: Io, label: string): PhaseProgress {
  if (!io.interactive) return { update: () => {}, stop: () => {} }
  let bar: SingleBar | undefined
  let phase: string | undefined
  return {
    update: (event) => {
      if (event.phase !== phase || bar === undefined) {
        bar?.stop()
        phase = event.phase
        bar = new SingleBar({
          format: `${label}: ${event.phase} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
          stream: io.progressStream ?? process.stderr,
          hideCursor: true,
          clearOnComplete: true,
          barsize: 30,
          etaBuffer: 20,
        })
        bar.start(event.total, 0)
      }
      bar.update(event.done)
    },
    stop: () => bar?.stop(),
  }
}
