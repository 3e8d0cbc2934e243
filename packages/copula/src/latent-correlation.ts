import { type WorkSteps, runWorkSteps } from '@synthkit/core'
import { checkDimensions } from './dimension-limit'
import { discretisationFactor, nearestCorrelationSteps, pairwiseCorrelationSteps } from './correlation'
import type { Fitted } from './fit-columns'
import type { ColumnModel, CopulaModel } from './model'
import { phiInverse } from './special'

/** Corrected latent correlations are kept within ±0.999 (the repair then makes the matrix positive definite). */
const MAX_LATENT_CORRELATION = 0.999

/**
 * Assigns copula coordinates to the fitted columns (value, then missing indicator, in column order; columns missing on
 * the same rows share one indicator) and estimates the latent correlation of their normal scores: pairwise Pearson,
 * corrected for discretisation, value–own-indicator pairs imputed through a third coordinate, repaired to the nearest
 * positive-definite correlation matrix.
 */
export function* latentCorrelation(fitted: readonly Fitted[]): WorkSteps<{
  columns: ColumnModel[]
  dimensions: CopulaModel['dimensions']
  correlation: number[][]
}> {
  // Assign copula coordinates in column order: value, then missing indicator.
  const dimensions: CopulaModel['dimensions'] = []
  const scores: Float64Array[] = []
  const indicatorByMask = new Map<string, number[]>()
  const columns: ColumnModel[] = fitted.map(({ model, scores: s }) => {
    if (model.kind === 'generated') return model
    if (model.kind === 'category') {
      if (!s.value) return model
      dimensions.push({ column: model.name, role: 'value' })
      scores.push(s.value)
      return { ...model, dimension: dimensions.length - 1 }
    }
    let value: number | null = null
    let missing: number | null = null
    if (s.value) {
      dimensions.push({ column: model.name, role: 'value' })
      scores.push(s.value)
      value = dimensions.length - 1
    }
    if (s.missing) {
      // Columns missing on exactly the same rows share one indicator (e.g. a whole measurement missing at once):
      // identical coordinates would make the correlation matrix singular.
      const key = maskKey(s.missing)
      const shared = indicatorByMask.get(key)?.find((dim) => sameScores(scores[dim], s.missing!))
      if (shared !== undefined) missing = shared
      else {
        dimensions.push({ column: model.name, role: 'missing' })
        scores.push(s.missing)
        missing = dimensions.length - 1
        indicatorByMask.set(key, [...(indicatorByMask.get(key) ?? []), missing])
      }
    }
    return { ...model, value, missing }
  })
  checkDimensions(dimensions.length)
  const observed = yield* pairwiseCorrelationSteps(scores)
  return { columns, dimensions, correlation: yield* latentFromObservedSteps(columns, dimensions, observed) }
}

/**
 * The latent correlation from the observed (pairwise Pearson) correlation of the coordinates' normal scores: the
 * discretisation correction, the value–own-indicator imputation and the positive-definite repair. `observed` is
 * modified.
 */
export function latentFromObserved(
  columns: readonly ColumnModel[],
  dimensions: CopulaModel['dimensions'],
  observed: number[][],
): number[][] {
  return runWorkSteps(latentFromObservedSteps(columns, dimensions, observed))
}

/** {@link latentFromObserved} as steps (those of the positive-definite repair), for a cooperative fit. */
function* latentFromObservedSteps(
  columns: readonly ColumnModel[],
  dimensions: CopulaModel['dimensions'],
  observed: number[][],
): WorkSteps<number[][]> {
  // Latent correlations from observed ones: undo the attenuation that discretisation (categories, missing
  // indicators) causes, for each discretised side of a pair, then bound away from ±1 before the PD repair.
  const factors = dimensions.map((dim) => {
    const c = columns.find((x) => x.name === dim.column)!
    if (c.kind === 'category') return discretisationFactor(c.frequencies, phiInverse)
    if (c.kind === 'numeric' && dim.role === 'missing') return discretisationFactor([1 - c.missingRate, c.missingRate], phiInverse)
    return 1
  })
  for (let i = 0; i < observed.length; i++) {
    for (let j = 0; j < i; j++) {
      const r = Math.max(-MAX_LATENT_CORRELATION, Math.min(MAX_LATENT_CORRELATION, observed[i][j] * factors[i] * factors[j]))
      observed[i][j] = r
      observed[j][i] = r
    }
  }
  // A column's value and its own missing indicator are never observed together, so their correlation is not
  // identified (pairwise deletion would say 0, which contradicts both being correlated with a third column).
  // Use the correlation implied through the most informative coordinate k observed with both:
  // r(v, m) = r(v, k)·r(k, m) (v and m conditionally independent given k).
  const valuesOf = new Map<number, Set<number>>()
  for (const c of columns) {
    if (c.kind === 'numeric' && c.value !== null && c.missing !== null)
      valuesOf.set(c.missing, (valuesOf.get(c.missing) ?? new Set()).add(c.value))
  }
  for (const [m, group] of valuesOf) {
    for (const v of group) {
      let best = 0
      for (let k = 0; k < observed.length; k++) {
        if (k === m || group.has(k)) continue
        const r = observed[v][k] * observed[k][m]
        if (Math.abs(r) > Math.abs(best)) best = r
      }
      observed[v][m] = best
      observed[m][v] = best
    }
  }
  const { matrix } = yield* nearestCorrelationSteps(observed)
  return matrix
}

/** A cheap key of a missing-indicator score column (count and hash of the positions of its larger value). */
function maskKey(z: Float64Array): string {
  let h = 0x811c9dc5
  let count = 0
  const hi = Math.max(z[0], ...z.subarray(0, Math.min(z.length, 64)))
  for (let i = 0; i < z.length; i++) {
    if (z[i] === hi) {
      count++
      h = Math.imul(h ^ i, 0x01000193)
    }
  }
  return `${count}:${h >>> 0}`
}

function sameScores(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
