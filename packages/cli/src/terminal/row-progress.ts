/** What a multi-table progress line knows about each table before it starts: the rows it expects. */
export type ExpectedRows = Readonly<Record<string, { readonly rows: number; readonly exact: boolean }>>

/** Progress of several tables' rows: `advance` after each chunk, `stop` once (clears the line). */
export interface TableRowsProgress {
  readonly advance: (table: string, rows: number) => void
  readonly stop: () => void
}

/** Options of {@link tableRowsProgress}. */
export interface TableRowsProgressOptions {
  /** The rows each table expects (see @synthkit/rules' `expectedRows`); estimates are shown with a `~`. */
  readonly expected: ExpectedRows
  /** Draw only when stderr is a terminal (Io.interactive): pipes and CI logs stay clean. */
  readonly interactive: boolean
  /** --quiet: draw nothing. */
  readonly quiet?: boolean
  /** Where the line goes (default: stderr). */
  readonly write?: (text: string) => void
  /** Milliseconds (default: performance.now). */
  readonly clock?: () => number
  /** Terminal width, to cut the line short of a wrap (default: stderr's columns, else 120). */
  readonly columns?: number
  /** Least milliseconds between redraws (default 100). */
  readonly intervalMs?: number
  readonly label?: string
}

const CLEAR_LINE = '\r\x1b[2K'

/** Seconds as `42s`, `3m 05s` or `1h 02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

/**
 * The progress line itself: rows done per table (`done/expected`, `~` for estimated totals), the share of all expected
 * rows done, rows per second and the ETA = elapsed × (1 − share) / share. Without rows yet, no rate and no ETA.
 */
export function progressLine(label: string, expected: ExpectedRows, done: ReadonlyMap<string, number>, elapsedMs: number): string {
  let total = 0
  let sum = 0
  const parts: string[] = []
  for (const [table, e] of Object.entries(expected)) {
    const d = done.get(table) ?? 0
    total += e.rows
    sum += d
    parts.push(`${table} ${fmt(d)}/${e.exact ? '' : '~'}${fmt(e.rows)}`)
  }
  // estimated totals can be passed: the share stays below 1 until the stream ends
  const share = total > 0 ? Math.min(0.999, sum / total) : 0
  const seconds = elapsedMs / 1000
  const tail =
    sum > 0 && seconds > 0
      ? ` · ${Math.floor(share * 100)}% · ${fmt(sum / seconds)} rows/s · ETA ${formatDuration((seconds * (1 - share)) / share)}`
      : ''
  return `${label} ${parts.join(' · ')}${tail}`
}

/**
 * A one-line progress display for a multi-table stream on stderr, redrawn in place (at most every `intervalMs`)
 * when stderr is a terminal and not `quiet`; otherwise it does nothing, so piped and CI output has no progress noise.
 */
export function tableRowsProgress(options: TableRowsProgressOptions): TableRowsProgress {
  if (options.quiet || !options.interactive) return { advance: () => {}, stop: () => {} }
  const write = options.write ?? ((text: string) => process.stderr.write(text))
  const clock = options.clock ?? (() => performance.now())
  const columns = options.columns ?? (process.stderr.columns || 120)
  const interval = options.intervalMs ?? 100
  const label = options.label ?? 'generating'
  const started = clock()
  const done = new Map<string, number>()
  let drawn = -Infinity
  let visible = false
  const draw = (now: number) => {
    const line = progressLine(label, options.expected, done, now - started)
    write(`${CLEAR_LINE}${line.length >= columns ? `${line.slice(0, Math.max(0, columns - 2))}…` : line}`)
    drawn = now
    visible = true
  }
  return {
    advance: (table, rows) => {
      done.set(table, (done.get(table) ?? 0) + rows)
      const now = clock()
      if (now - drawn >= interval) draw(now)
    },
    stop: () => {
      if (visible) write(CLEAR_LINE)
      visible = false
    },
  }
}
