import { type Rng, shuffleInPlace } from '@synthkit/core'

/**
 * Stratified k-fold assignment: the rows of each class are shuffled with the injected Rng and dealt round-robin
 * into k folds, so every fold keeps the class balance. Returns the fold (0…k−1) of every row.
 */
export function stratifiedFolds(labels: Uint8Array, k: number, rng: Rng): Int32Array {
  const fold = new Int32Array(labels.length)
  for (const cls of [0, 1]) {
    const idx: number[] = []
    for (let i = 0; i < labels.length; i++) if (labels[i] === cls) idx.push(i)
    shuffleInPlace(rng, idx)
    idx.forEach((row, j) => {
      fold[row] = j % k
    })
  }
  return fold
}

/** k indices drawn without replacement from 0…n−1 (partial Fisher–Yates), in increasing order. */
export function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  if (k >= n) return identityIndex(n)
  const a = identityIndex(n)
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i))
    const t = a[i]
    a[i] = a[j]
    a[j] = t
  }
  return a.slice(0, k).sort()
}

/** 0, 1, …, n − 1. */
export function identityIndex(n: number): Int32Array {
  const a = new Int32Array(n)
  for (let i = 0; i < n; i++) a[i] = i
  return a
}
