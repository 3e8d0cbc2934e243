import { releaseIntegers, type AggregatePrivacy } from './aggregates'
import { DpError } from './errors'
import { requireBudget, type MechanismOptions, type Release } from './release'
import { describe, optionalString, requireArrayLike } from './validate'

/** A DP contingency table: noisy joint counts in row-major order over the declared cardinalities. */
export interface DpContingencyTable {
  /** Cardinality of each column, as declared. */
  readonly shape: readonly number[]
  /** Noisy counts, length ∏ shape; cell (c_0, …, c_{k−1}) at index Σ c_i·∏_{j>i} shape_j. */
  readonly counts: Float64Array
}

/**
 * DP joint counts of k coded columns (e.g. a variable and its parents in a Bayesian network, as in PrivBayes,
 * Zhang et al., SIGMOD 2014): exact counts plus independent discrete Laplace noise of scale 1/ε per cell (ε-DP,
 * L1 sensitivity 1 under adding/removing one record) or discrete Gaussian noise (ρ-zCDP, L2 sensitivity 1).
 * Codes must lie in [0, cardinality): missing codes (−1) are an error — encode "missing" as a category first.
 */
export function dpContingencyTable(
  columns: readonly ArrayLike<number>[],
  cardinalities: readonly number[],
  options: MechanismOptions & AggregatePrivacy,
): Release<DpContingencyTable> {
  requireBudget(options)
  const what = optionalString('what', options.what) ?? 'contingency table'
  if (!Array.isArray(columns)) {
    throw new DpError('DATA_INVALID', 'columns must be an array of columns', [{ path: 'columns', message: `got ${describe(columns)}` }])
  }
  if (!Array.isArray(cardinalities)) {
    throw new DpError('PARAMETER_INVALID', 'cardinalities must be an array', [
      { path: 'cardinalities', message: `got ${describe(cardinalities)}` },
    ])
  }
  columns.forEach((c, j) => requireArrayLike(`columns.${j}`, c))
  if (columns.length === 0 || columns.length !== cardinalities.length) {
    throw new DpError('PARAMETER_INVALID', 'one cardinality per column is required', [
      { path: 'cardinalities', message: `${columns.length} columns, ${cardinalities.length} cardinalities` },
    ])
  }
  let cells = 1
  cardinalities.forEach((c, i) => {
    if (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 1) {
      throw new DpError('PARAMETER_INVALID', 'invalid cardinality', [
        { path: `cardinalities.${i}`, message: `expected an integer ≥ 1, got ${describe(c)}` },
      ])
    }
    cells = Math.min(cells * c, 2 ** 53)
  })
  if (cells > 2 ** 26) {
    throw new DpError('PARAMETER_INVALID', 'contingency table too large', [
      { path: 'cardinalities', message: `${cells} cells (at most 2^26)` },
    ])
  }
  const n = columns[0].length
  const issues = []
  for (let j = 1; j < columns.length; j++) {
    if (columns[j].length !== n) issues.push({ path: `columns.${j}`, message: `length ${columns[j].length}, expected ${n}` })
  }
  if (issues.length > 0) throw new DpError('DATA_INVALID', 'columns differ in length', issues)
  const counts = new Float64Array(cells)
  for (let r = 0; r < n; r++) {
    let index = 0
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j][r]
      if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= cardinalities[j]) {
        if (issues.length < 20) {
          issues.push({ path: `columns.${j}.${r}`, message: `expected a code in [0, ${cardinalities[j]}), got ${describe(c)}` })
        }
        index = -1
        break
      }
      index = index * cardinalities[j] + c
    }
    if (index >= 0) counts[index]++
  }
  if (issues.length > 0) throw new DpError('DATA_INVALID', 'codes outside the declared cardinalities', issues)
  const r = releaseIntegers(counts, 1, 1, options, what)
  return { ...r, mechanism: `contingency table (${r.mechanism})`, value: { shape: [...cardinalities], counts: r.value } }
}
