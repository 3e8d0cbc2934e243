import { type Conditions, type Synthesizer, type Table, createRng } from '@synthkit/core'
import { csvRowsBytes } from '../io/csv-write'
import { CliError } from '../terminal/cli-error'

/** Above this many rows `sample` needs `--force` (it prints the estimate either way). */
export const FORCE_ROWS = 100_000_000
/** Above this estimated CSV size `sample` needs `--force`. */
export const FORCE_BYTES = 10 * 1024 ** 3
/** From this many rows on, `sample` prints its size and time estimate before starting. */
export const ESTIMATE_ROWS = 10_000_000
/** Rows drawn to measure the size and the speed (from a fixed seed: the real sample is not affected). */
const PROBE_ROWS = 2000

/** What a sample of `rows` rows would cost, measured on a small probe. */
export interface SampleEstimate {
  readonly rows: number
  /** Bytes as CSV (Parquet is usually smaller). */
  readonly bytes: number
  /** Seconds of drawing and encoding at the probe's rate (disk writes come on top). */
  readonly seconds: number
}

/**
 * Draws a probe of {@link PROBE_ROWS} rows (seed 0, apart from the user's stream) and scales its CSV size and its
 * time to `rows`. The probe runs before JIT warm-up, so the time is an over-estimate rather than an under-estimate.
 */
export function estimateSample(
  synthesizer: Synthesizer,
  model: unknown,
  rows: number,
  conditions: Conditions | undefined,
  now: () => number = () => performance.now(),
): SampleEstimate {
  const n = Math.min(rows, PROBE_ROWS)
  const t0 = now()
  let bytes = 0
  let drawn = 0
  for (const chunk of synthesizer.stream(model, { rows: n, rng: createRng(0), conditions })) {
    const table: Table = chunk.rows
    bytes += csvRowsBytes(table).byteLength
    drawn += table.nRows
  }
  const seconds = (now() - t0) / 1000
  const perRow = drawn > 0 ? 1 / drawn : 0
  return { rows, bytes: bytes * perRow * rows, seconds: seconds * perRow * rows }
}

/** Bytes as B, kB, MB, GB, TB, PB (powers of 1024, one decimal). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB']
  let v = bytes
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`
}

/** Seconds as s, min, h, days or years. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`
  if (seconds < 5400) return `${(seconds / 60).toFixed(0)} min`
  if (seconds < 2 * 86_400) return `${(seconds / 3600).toFixed(1)} h`
  if (seconds < 2 * 365 * 86_400) return `${(seconds / 86_400).toFixed(0)} days`
  return `${(seconds / (365 * 86_400)).toFixed(0)} years`
}

/** One line: "50,000,000 rows ≈ 6.1 GB as CSV, ≈ 3 min to draw and encode". */
export function describeEstimate(e: SampleEstimate): string {
  return `${e.rows.toLocaleString('en-US')} rows ≈ ${formatBytes(e.bytes)} as CSV, ≈ ${formatDuration(e.seconds)} to draw and encode`
}

/** Refuses, with the estimate, a sample past {@link FORCE_ROWS} rows or {@link FORCE_BYTES} unless `force`. */
export function checkSampleSize(e: SampleEstimate, force: boolean): void {
  if (force || (e.rows <= FORCE_ROWS && e.bytes <= FORCE_BYTES)) return
  const why = e.rows > FORCE_ROWS ? `more than ${FORCE_ROWS.toLocaleString('en-US')} rows` : `more than ${formatBytes(FORCE_BYTES)}`
  throw new CliError(`--rows ${e.rows}: ${describeEstimate(e)} (${why}); pass --force to sample that much anyway`)
}
