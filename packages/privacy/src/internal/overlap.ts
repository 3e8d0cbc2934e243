import { SynthkitError } from '@synthkit/core'
import type { MixedPoints } from './mixed-tree'
import { countShared, distinctRows } from './row-hash'

/**
 * Rejects a holdout/control set that overlaps the training rows, found by exact row hashing. Tables with natural
 * duplicates (diamonds has 146 repeated rows) share some rows even when split cleanly, about as many as the training
 * set repeats within itself; so the shared share may be at most `maxShare` (default: twice the training set's own
 * duplicate share plus 0.1 %). Returns the number of shared rows.
 */
export function checkDisjoint(train: MixedPoints, other: MixedPoints, name: string, maxShare?: number): number {
  const shared = countShared(train, other)
  const trainDuplicates = train.n - distinctRows(train).length
  const allowed = maxShare ?? (2 * trainDuplicates) / train.n + 0.001
  if (shared / other.n > allowed) {
    throw new SynthkitError('DATA_INVALID', `The ${name} overlaps the training rows`, [
      {
        path: name,
        message:
          `${shared} of ${other.n} ${name} rows (${((100 * shared) / other.n).toFixed(2)} %) equal a training row; ` +
          `at most ${(100 * allowed).toFixed(2)} % expected from duplicates (maxSharedRowShare)`,
      },
    ])
  }
  return shared
}
