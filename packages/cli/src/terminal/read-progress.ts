import { basename } from 'node:path'
import type { ReadProgressEvent } from '../io/read-progress'
import { type LoadOptions, type LoadedTable, loadTable } from '../io/table-io'
import type { Io } from './io'
import { phaseProgress } from './phase-progress'

/** A progress bar of one file's read: `update` with the reader's events, `stop` once (it also stops at 100 %). */
export interface ReadProgressBar {
  readonly update: (event: ReadProgressEvent) => void
  readonly stop: () => void
}

const MIB = 2 ** 20
// tenths of a MiB: bytes are shown as `12.3/63.7` MiB; the last event shows the total exactly
const mib = (bytes: number) => Math.round((bytes / MIB) * 10) / 10

/**
 * The read of `path` as a bar with an ETA on stderr (the phase bar of fits: {@link phaseProgress}), in MiB of the
 * file (compressed MiB of a .gz) or Parquet row groups; silent unless `io.interactive` (a terminal, not CI, no
 * --quiet). The bar is cleared when the read reaches its total, before the data is decoded.
 */
export function readProgressBar(io: Io, path: string): ReadProgressBar {
  const bar = phaseProgress(io, `reading ${path === '-' ? 'standard input' : basename(path)}`)
  let stopped = false
  const stop = () => {
    if (!stopped) bar.stop()
    stopped = true
  }
  return {
    update: (e) => {
      if (stopped) return
      const total = e.unit === 'bytes' ? mib(e.total) : e.total
      const done = e.done >= e.total ? total : Math.min(total, e.unit === 'bytes' ? mib(e.done) : e.done)
      bar.update({ phase: e.unit === 'bytes' ? 'MiB' : 'row groups', done, total })
      if (e.done >= e.total) stop()
    },
    stop,
  }
}

/** {@link loadTable} with the read shown by {@link readProgressBar}. */
export async function loadTableWithProgress(io: Io, path: string, options: LoadOptions = {}): Promise<LoadedTable> {
  const bar = readProgressBar(io, path)
  try {
    return await loadTable(path, { ...options, onProgress: bar.update })
  } finally {
    bar.stop()
  }
}
