import { createHash } from 'node:crypto'
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import { type Table, SynthkitError, isSynthkitError } from '@synthkit/core'
import { type ScenarioOutput, toJsonLines } from '../src/index'

/** SHA-256 of every table's JSON Lines, in table order (the byte-identical check). */
export function hashOutput(out: ScenarioOutput): string {
  const h = createHash('sha256')
  for (const [name, iterable] of Object.entries(out.tables)) {
    h.update(`#${name}\n`)
    for (const chunk of iterable) h.update(toJsonLines(chunk))
  }
  return h.digest('hex')
}

/** All rows of one table as JSON Lines text. */
export function jsonl(tables: Iterable<Table>): string {
  let s = ''
  for (const t of tables) s += toJsonLines(t)
  return s
}

/** Pearson chi-square goodness of fit: p-value of observed counts against expected counts (same total). */
export function chiSquareP(observed: readonly number[], expected: readonly number[], fittedParameters = 0): number {
  let stat = 0
  for (let i = 0; i < observed.length; i++) stat += (observed[i]! - expected[i]!) ** 2 / expected[i]!
  return 1 - chisquareCdf(stat, observed.length - 1 - fittedParameters)
}

/** Poisson pmf 0..k-1 and the tail ≥ k as the last cell, scaled to n. */
export function poissonExpected(lambda: number, k: number, n: number): number[] {
  const out: number[] = []
  let p = Math.exp(-lambda)
  let acc = 0
  for (let i = 0; i < k; i++) {
    out.push(p * n)
    acc += p
    p *= lambda / (i + 1)
  }
  out.push((1 - acc) * n)
  return out
}

/** Counts of integer values 0..k-1 and ≥ k. */
export function histogram(values: ArrayLike<number>, k: number): number[] {
  const out = new Array(k + 1).fill(0)
  for (let i = 0; i < values.length; i++) out[Math.min(k, values[i]!)]++
  return out
}

/** Runs `f`, expecting a SynthkitError; returns it. */
export function synthkitErrorOf(f: () => unknown): SynthkitError {
  try {
    f()
  } catch (e) {
    if (isSynthkitError(e)) return e
    throw e
  }
  throw new Error('expected a SynthkitError, nothing was thrown')
}

/** The 99.9 % normal-approximation interval of a binomial count. */
export function binomialInterval(n: number, p: number): [number, number] {
  const sd = Math.sqrt(n * p * (1 - p))
  return [n * p - 3.29 * sd, n * p + 3.29 * sd]
}
