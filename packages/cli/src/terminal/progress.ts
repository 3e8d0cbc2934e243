import { SingleBar } from 'cli-progress'
import type { Io } from './io'

/** Reports progress in rows; a no-op unless stderr is a terminal (so CI logs and pipes stay clean). */
export interface Progress {
  readonly advance: (rows: number) => void
  readonly stop: () => void
}

/** A progress bar of `total` rows on stderr when `io.interactive`, otherwise silent. */
export function rowProgress(io: Io, total: number, label: string): Progress {
  if (!io.interactive) return { advance: () => {}, stop: () => {} }
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
    barsize: 30,
    etaBuffer: 20,
  })
  bar.start(total, 0)
  let done = 0
  return {
    advance: (rows) => {
      done += rows
      bar.update(done)
    },
    stop: () => bar.stop(),
  }
}
