import type { RandomSource as CoreRandomSource, Table } from '@synthkit/core'
import type { PrivacyBudget } from '@synthkit/dp'
import { codeColumn, encodingStates } from './internal/code-column'
import { jointCounts } from './internal/joint-counts'
import { createPrivateRelease, familyUtility } from './internal/private-release'

/** How a column is coded into states; built from public information only (schema, DP-estimated bounds). */
export type PrivateEncoding =
  | { readonly type: 'labels'; readonly labels: readonly (string | null)[] }
  | { readonly type: 'bins'; readonly edges: readonly number[]; readonly missing: boolean }
  | { readonly type: 'values'; readonly values: readonly (number | null)[] }

/** A candidate of the structure search: a child and its parents (variable indices). */
export interface Family {
  readonly child: number
  readonly parents: readonly number[]
}

/**
 * A view of a private table through which a differentially private fit reads its data: every method is a DP
 * mechanism that charges `budget` before it releases, so an uncharged read is impossible by construction (the rows
 * are held in this closure and never handed out). The neighbouring relation is replace-one-row: neighbours have the
 * same row count, so `rows` (n) is public, as in PrivBayes, where n calibrates the score's sensitivity.
 */
export interface PrivateTable {
  /** The number of rows (identical for replace-one-row neighbours). */
  readonly rows: number
  /**
   * Codes a column into states (a pure function of public inputs; nothing is released): categories and booleans by
   * label, numbers into bins (values beyond the outer edges go to the outer bins) or exact values; missing values go
   * to the `null` state (always the last). Returns the variable index.
   */
  defineVariable(column: string, encoding: PrivateEncoding): number
  /** Noisy joint counts of variables (first most significant): discrete Laplace, L1 sensitivity 2. ε-DP. */
  noisyCounts(variables: readonly number[], epsilon: number, what: string): Float64Array
  /**
   * The exponential mechanism over families, utility I(child; parents)/Δ with Δ from PrivBayes' Lemma 4.1 for each
   * family (so every utility has sensitivity 1). ε-DP. Returns the index of the chosen family.
   */
  selectFamily(candidates: readonly Family[], epsilon: number, what: string): number
}

/** Options of {@link createPrivateTable}. */
export interface PrivateTableOptions {
  readonly budget: PrivacyBudget
  readonly noise: CoreRandomSource
  /**
   * DELIBERATELY BROKEN when ≠ 1 (privacy-audit tests only): noise is drawn for ε·divisor while the budget is charged ε.
   */
  readonly unsafeNoiseDivisor?: number
}

/**
 * The data's only door in a PrivBayes fit; see {@link PrivateTable}. The coding, the counting and the releases are
 * the ones the PrivBayes fit uses (one code path with its count-request build, `buildPrivBayes`).
 */
export function createPrivateTable(table: Table, options: PrivateTableOptions): PrivateTable {
  const release = createPrivateRelease(options)
  const n = table.nRows
  const codes: Int32Array[] = []
  const states: number[] = []
  // scores already computed (inside the view, never released: only the mechanism's choice leaves it)
  const scores = new Map<string, number>()
  const counts = (variables: readonly number[]) =>
    jointCounts(
      variables.map((v) => codes[v]),
      variables.map((v) => states[v]),
      n,
    )
  return {
    rows: n,
    defineVariable(name, encoding) {
      codes.push(codeColumn(table, name, encoding))
      states.push(encodingStates(encoding))
      return codes.length - 1
    },
    noisyCounts: (variables, epsilon, what) => release.noisyCounts(counts(variables), epsilon, what),
    selectFamily(candidates, epsilon, what) {
      const utilities = new Float64Array(candidates.length)
      candidates.forEach((f, i) => {
        if (f.parents.length === 0) return
        const key = `${f.child}|${f.parents.join(',')}`
        let u = scores.get(key)
        if (u === undefined) {
          u = familyUtility(
            counts([...f.parents, f.child]),
            states[f.child],
            f.parents.map((p) => states[p]),
            n,
          )
          scores.set(key, u)
        }
        utilities[i] = u
      })
      return release.select(utilities, epsilon, what)
    },
  }
}
