import { type RandomSource as CoreRandomSource, SynthkitError, type Table } from '@synthkit/core'
import {
  type PrivacyBudget,
  type RandomSource as DpRandomSource,
  createPrivacyBudget,
  discreteLaplaceVectorMechanism,
  exponentialMechanism,
} from '@synthkit/dp'
import { combineCodes, mutualInformation } from './mutual-information'
import { mutualInformationSensitivity } from './privbayes-calibration'

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

/** The data's only door in a PrivBayes fit; see {@link PrivateTable}. */
export function createPrivateTable(table: Table, options: PrivateTableOptions): PrivateTable {
  const { budget } = options
  const noise = options.noise
  // @synthkit/dp's releases are fit for release only from a source of kind 'secure'.
  const rng: DpRandomSource = { nextUint32: () => noise.nextUint32(), kind: noise.kind }
  const divisor = options.unsafeNoiseDivisor ?? 1
  const n = table.nRows
  const codes: Int32Array[] = []
  const states: number[] = []
  // scores already computed (inside the view, never released: only the mechanism's choice leaves it)
  const scores = new Map<string, number>()

  /** Runs a mechanism: honestly on the budget, or (broken variant) with ε·divisor on a throwaway budget. */
  const run = <T>(epsilon: number, what: string, mechanism: string, release: (b: PrivacyBudget, e: number) => T): T => {
    if (divisor === 1) return release(budget, epsilon)
    budget.charge({
      what,
      mechanism: `${mechanism} (BROKEN: noise for ε × ${divisor})`,
      parameters: { epsilon, divisor },
      cost: { epsilon, delta: 0 },
    })
    return release(createPrivacyBudget({ epsilon: epsilon * divisor }), epsilon * divisor)
  }

  const column = (name: string) => {
    const col = table.columns[name]
    if (!col) throw new SynthkitError('UNKNOWN_COLUMN', `Unknown column "${name}"`, [{ path: name, message: 'not in the table' }])
    return col
  }

  return {
    rows: n,
    defineVariable(name, encoding) {
      const col = column(name)
      const out = new Int32Array(n)
      if (encoding.type === 'labels') {
        if (col.type !== 'coded')
          throw new SynthkitError('DATA_INVALID', `Column "${name}" is not coded`, [
            { path: name, message: `expected a categorical or boolean column, got ${col.type}` },
          ])
        const index = new Map<string, number>()
        encoding.labels.forEach((l, i) => l !== null && index.set(l, i))
        const missing = encoding.labels.indexOf(null)
        const map = col.dictionary.map((l) => index.get(l) ?? -1)
        const unknown = col.dictionary.filter((_, i) => map[i] < 0)
        let bad = 0
        for (let i = 0; i < n; i++) {
          const c = col.codes[i]
          const s = c < 0 ? missing : map[c]
          if (s < 0) bad++
          out[i] = s
        }
        if (bad > 0) {
          // Data-dependent error, raised before anything is released (see the README: validate against the schema first).
          throw new SynthkitError('DATA_INVALID', `Column "${name}" holds values outside its declared categories`, [
            {
              path: name,
              column: name,
              message:
                `${bad} rows hold values outside the schema's categories` +
                (unknown.length > 0 ? '' : ' or are missing without a missing state'),
            },
          ])
        }
      } else {
        if (col.type !== 'numeric')
          throw new SynthkitError('DATA_INVALID', `Column "${name}" is not numeric`, [
            { path: name, message: `expected a numerical or datetime column, got ${col.type}` },
          ])
        const v = col.values
        if (encoding.type === 'bins') {
          const e = encoding.edges
          const bins = e.length - 1
          for (let i = 0; i < n; i++) {
            const x = v[i]
            if (x !== x) {
              out[i] = encoding.missing ? bins : -1
              continue
            }
            let lo = 0
            let hi = bins - 1
            while (lo < hi) {
              const mid = (lo + hi + 1) >> 1
              if (e[mid] <= x) lo = mid
              else hi = mid - 1
            }
            out[i] = lo
          }
        } else {
          const vals = encoding.values
          const missing = vals.indexOf(null)
          const finite = vals.map((x, i) => [x, i] as const).filter(([x]) => x !== null) as [number, number][]
          for (let i = 0; i < n; i++) {
            const x = v[i]
            if (x !== x) {
              out[i] = missing
              continue
            }
            // nearest declared value (values off the grid are moved to it, as bins clamp)
            let best = finite[0][1]
            let gap = Infinity
            for (const [y, j] of finite) if (Math.abs(y - x) < gap) (gap = Math.abs(y - x)), (best = j)
            out[i] = best
          }
        }
      }
      const s =
        encoding.type === 'labels'
          ? encoding.labels.length
          : encoding.type === 'values'
            ? encoding.values.length
            : encoding.edges.length - (encoding.missing ? 0 : 1)
      if (encoding.type !== 'labels') {
        let bad = 0
        for (let i = 0; i < n; i++) if (out[i] < 0) bad++
        if (bad > 0)
          throw new SynthkitError('DATA_INVALID', `Column "${name}" holds missing values but has no missing state`, [
            { path: name, column: name, message: `${bad} missing values: list the column in options.nullable` },
          ])
      }
      codes.push(out)
      states.push(s)
      return codes.length - 1
    },
    noisyCounts(variables, epsilon, what) {
      const { codes: joint, configs } = combineCodes(
        variables.map((v) => codes[v]),
        variables.map((v) => states[v]),
        n,
      )
      const counts = new Float64Array(configs)
      for (let i = 0; i < n; i++) counts[joint[i]]++
      // replacing one row moves one unit between two cells: L1 sensitivity 2
      return run(
        epsilon,
        what,
        'discrete Laplace',
        (b, e) => discreteLaplaceVectorMechanism(counts, { budget: b, rng, epsilon: e, sensitivity: 2, what }).value,
      )
    },
    selectFamily(candidates, epsilon, what) {
      const utilities = new Float64Array(candidates.length)
      candidates.forEach((f, i) => {
        if (f.parents.length === 0) return
        const key = `${f.child}|${f.parents.join(',')}`
        const hit = scores.get(key)
        if (hit !== undefined) {
          utilities[i] = hit
          return
        }
        const p = combineCodes(
          f.parents.map((v) => codes[v]),
          f.parents.map((v) => states[v]),
          n,
        )
        const binary = states[f.child] === 2 || (f.parents.length === 1 && states[f.parents[0]] === 2)
        utilities[i] = mutualInformation(codes[f.child], states[f.child], p.codes, p.configs) / mutualInformationSensitivity(n, binary)
        scores.set(key, utilities[i])
      })
      return run(
        epsilon,
        what,
        'exponential',
        (b, e) => exponentialMechanism(utilities, { budget: b, rng, epsilon: e, sensitivity: 1, what }).value,
      )
    },
  }
}
