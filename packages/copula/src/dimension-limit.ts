import { SynthkitError } from '@synthkit/core'

/**
 * Most copula dimensions (one per learned column, plus one per missing-value indicator) a fit accepts. The
 * correlation repair needs eigen decompositions of the d × d matrix (≈ d³ operations each, up to 100 of them, and
 * always all 100 when a table has fewer rows than dimensions). Measured on a loaded 2-core machine: one takes 0.5 s
 * at d = 200, 1.7 s at d = 400 and 12 s at d = 800; 40 rows × 340 dimensions took 230 s in all. At 250 the worst
 * case stays near a minute and a cancelled fit stops within one decomposition (< 1 s); d = 10,000 would take days
 * and gigabytes. Wider tables are refused (up front when the learned columns alone exceed the limit).
 */
export const MAX_COPULA_DIMENSIONS = 250

/** Refuses a fit of more than {@link MAX_COPULA_DIMENSIONS} dimensions, saying how many were asked for and why. */
export function checkDimensions(count: number, what = 'dimensions'): void {
  if (count <= MAX_COPULA_DIMENSIONS) return
  throw new SynthkitError(
    'UNSUPPORTED',
    `The copula fits at most ${MAX_COPULA_DIMENSIONS} dimensions (one per learned column and per missing-value indicator); ` +
      `this table has ${count} ${what}`,
    [
      {
        path: 'columns',
        message: `${count} ${what} > ${MAX_COPULA_DIMENSIONS}: fit a subset of the columns, or declare some as id or text in the schema so they are generated, not learned`,
      },
    ],
  )
}
