// The sufficient statistics of a Gaussian copula fit, in three passes over the data. Every field is a count, a sum,
// an extreme or a quantile summary, so shards' statistics merge (see merge-statistics.ts) and an engine that runs
// SQL where the data lives can compute them (see @synthkit/engine).
import type { OutputRule } from '@synthkit/core'
import type { NumericSummary } from './numeric-summary'

/** Pass 1, a numerical or datetime column. */
export interface NumericColumnStatistics {
  readonly kind: 'numeric'
  readonly name: string
  readonly rows: number
  readonly missing: number
  /** Observed minimum and maximum of the stored values (epoch ms for datetimes); null when every value is missing. */
  readonly min: number | null
  readonly max: number | null
  /**
   * Decimal digits the values need (core's `learnPrecision`: the least d ≤ 15 with round(x·10^d)/10^d = x for all x;
   * null when none). Merges as the maximum, null winning. Ignored for datetimes.
   */
  readonly precision: number | null
  /** Datetimes: the origin (earliest value) and unit (ms) of core's datetime transform; null for numbers. */
  readonly time: { readonly origin: number; readonly unit: number } | null
  /** Quantile summary of the observed values, datetimes in units since the origin; null when all are missing. */
  readonly summary: NumericSummary | null
  /** The output rule of the original column, when the copula sees a constraint transform of it (in-memory only). */
  readonly restore?: OutputRule
}

/** Pass 1, a categorical or boolean column: the count of each code, and of missing values last. */
export interface CategoryColumnStatistics {
  readonly kind: 'category'
  readonly name: string
  readonly dictionary: readonly string[]
  /** `counts[c]` rows with code c; `counts[dictionary.length]` missing rows. */
  readonly counts: readonly number[]
}

/** Pass 1, a column that is not learned (id, pii, text): only how often it is missing. */
export interface GeneratedColumnStatistics {
  readonly kind: 'generated'
  readonly name: string
  readonly rows: number
  readonly missing: number
}

/** Pass 1 statistics of one column. */
export type ColumnStatistics = NumericColumnStatistics | CategoryColumnStatistics | GeneratedColumnStatistics

/** Pass 1: per-column marginal statistics, and which numeric columns are missing on the same rows. */
export interface MarginalStatistics {
  readonly rows: number
  /** In the order of the schema the copula is fitted in (after constraint transforms). */
  readonly columns: readonly ColumnStatistics[]
  /**
   * The numeric columns with some but not all values missing, and for each pair (i > j) the rows where exactly one
   * of the two is missing (0: the columns share one missing indicator).
   */
  readonly missingPairs: { readonly columns: readonly string[]; readonly disagree: readonly (readonly number[])[] }
}

/**
 * Pass 2 (only for unordered categorical columns with more than two present slots and at least one numerical
 * coordinate): per slot s (codes, missing last) and numerical coordinate j (the `reference` of the plan), the sum of
 * the normal scores and the count of rows where the score exists.
 */
export interface LayoutStatistics {
  readonly column: string
  readonly sums: readonly (readonly number[])[]
  readonly seen: readonly (readonly number[])[]
}

/**
 * Pass 3: for each pair of copula coordinates (i > j, row-major lower triangle: (1,0), (2,0), (2,1), …) the rows where
 * both scores exist and the sums Σx, Σy, Σx², Σy², Σxy over them (x the score of i, y of j).
 */
export interface CorrelationStatistics {
  readonly dimensions: number
  readonly n: readonly number[]
  readonly sx: readonly number[]
  readonly sy: readonly number[]
  readonly sxx: readonly number[]
  readonly syy: readonly number[]
  readonly sxy: readonly number[]
}

/** Index of pair (i, j), i > j, in {@link CorrelationStatistics}. */
export function pairIndex(i: number, j: number): number {
  return (i * (i - 1)) / 2 + j
}

/** Pearson's r from the pair sums, as the in-memory pairwise-complete correlation computes it (0 without variance). */
export function correlationFromStatistics(s: CorrelationStatistics): number[][] {
  const d = s.dimensions
  const r: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)))
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const k = pairIndex(i, j)
      const n = s.n[k]
      let c = 0
      if (n >= 2) {
        const vx = s.sxx[k] - (s.sx[k] * s.sx[k]) / n
        const vy = s.syy[k] - (s.sy[k] * s.sy[k]) / n
        if (vx > 1e-12 * n && vy > 1e-12 * n) c = (s.sxy[k] - (s.sx[k] * s.sy[k]) / n) / Math.sqrt(vx * vy)
      }
      c = Math.max(-1, Math.min(1, c))
      r[i][j] = c
      r[j][i] = c
    }
  }
  return r
}
