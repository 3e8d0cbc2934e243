import { SynthkitError } from '@synthkit/core'

/**
 * Most learned columns a Bayesian network fit accepts. The structure search scores every (child, parent set)
 * candidate at each of the d − 1 steps, so time and the score cache grow with d² (measured on a loaded 2-core
 * machine with 20 rows: 100 columns 0.4 s, 300 columns 3.3 s; 1,000 columns is about a minute, 10,000 would be days).
 * Wider tables are refused up front rather than left to run.
 */
export const MAX_BAYESNET_COLUMNS = 1000

/** Refuses a fit of more than {@link MAX_BAYESNET_COLUMNS} learned columns, saying how many and what to do. */
export function checkColumnCount(count: number): void {
  if (count <= MAX_BAYESNET_COLUMNS) return
  throw new SynthkitError(
    'UNSUPPORTED',
    `A Bayesian network fits at most ${MAX_BAYESNET_COLUMNS} learned columns; this table has ${count}`,
    [
      {
        path: 'columns',
        message: `${count} learned columns > ${MAX_BAYESNET_COLUMNS}: fit a subset of the columns, or declare some as id or text in the schema so they are generated, not learned`,
      },
    ],
  )
}
