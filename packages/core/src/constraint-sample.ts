import { type Constraint } from './constraint'
import { type ConstraintContext, MISSING_KEY, constraintMask, constraintName, rowKeys } from './constraint-check'
import { repairWithChanges } from './constraint-relations'
import { assertSatisfiable } from './constraint-transform'
import { SynthkitError } from './errors'
import { type Table, concat, slice, take } from './table'

/** Options of {@link sampleWithRejection}. */
export interface RejectionOptions {
  /** Tables that foreign-key constraints reference. */
  readonly context?: ConstraintContext
  /** Give up after this many draws of a batch (default 50). */
  readonly maxRounds?: number
  /**
   * Give up as soon as the observed acceptance rate, after at least `minDraws` candidate rows, is below this
   * (default 1e-3: more than 1,000 candidates per kept row means the model and the constraints disagree).
   */
  readonly minAcceptance?: number
  /** Candidates drawn before the acceptance rate is judged (default 2,000). */
  readonly minDraws?: number
  /**
   * Keys accepted by earlier calls (see {@link createRejectionState}): pass the same state to every call of a
   * stream so that unique constraints hold across all of its chunks, not only within one call.
   */
  readonly state?: RejectionState
  /**
   * Columns the draw fixed by conditions (`--where`): a candidate whose relational repair (see
   * {@link sampleWithRejection}) would change one of them is rejected instead, so conditions keep holding.
   */
  readonly fixedColumns?: readonly string[]
}

/** Unique keys accepted so far, one set per constraint index (only unique constraints use theirs). */
export interface RejectionState {
  readonly seen: ReadonlyMap<number, Set<string>>
}

/** Empty state for {@link RejectionOptions.state}: one key set per unique constraint of `constraints`. */
export function createRejectionState(constraints: readonly Constraint[]): RejectionState {
  const seen = new Map<number, Set<string>>()
  constraints.forEach((c, i) => {
    if (c.type === 'unique') seen.set(i, new Set())
  })
  return { seen }
}

/** What {@link sampleWithRejection} did, for reports. */
export interface RejectionStats {
  readonly drawn: number
  readonly accepted: number
  readonly rounds: number
  /** Per constraint: share of candidate rows that satisfied it. */
  readonly validRates: readonly number[]
}

/**
 * Draws candidate rows from `draw` until `n` satisfy every constraint, keeping them in draw order. Each batch is
 * first mapped into the relational constraints by construction ({@link repairConstraints}: dependents from their
 * mapping, conditional zeros, columns missing together); then every constraint is checked. Unique
 * constraints are enforced across batches (a candidate repeating an accepted key is rejected).
 * Bounded: throws CONSTRAINT_UNSATISFIABLE naming the constraint that rejects most candidates and the achieved
 * acceptance rate when it falls below `minAcceptance` or `maxRounds` batches were not enough.
 */
export function sampleWithRejection(
  draw: (n: number) => Table,
  n: number,
  constraints: readonly Constraint[],
  options: RejectionOptions = {},
): Table {
  return sampleWithRejectionStats(draw, n, constraints, options).table
}

/** {@link sampleWithRejection} that also returns how many candidates it drew. */
export function sampleWithRejectionStats(
  draw: (n: number) => Table,
  n: number,
  constraints: readonly Constraint[],
  options: RejectionOptions = {},
): { table: Table; stats: RejectionStats } {
  if (!Number.isInteger(n) || n < 0)
    throw new SynthkitError('OPTIONS_INVALID', `Row count must be a non-negative integer, got ${n}`, [
      { path: 'n', message: 'not a non-negative integer' },
    ])
  const maxRounds = options.maxRounds ?? 50
  const minAcceptance = options.minAcceptance ?? 1e-3
  const minDraws = options.minDraws ?? 2000
  assertSatisfiable(constraints)
  const uniques = constraints.map((c, i) => ({ c, i })).filter((u) => u.c.type === 'unique')
  const state = options.state ?? createRejectionState(constraints)
  const seen = uniques.map((u) => {
    const set = state.seen.get(u.i)
    if (set === undefined)
      throw new SynthkitError('OPTIONS_INVALID', 'Rejection state does not match the constraints', [
        { path: 'state', message: `no key set for unique constraint ${u.i}` },
      ])
    return set
  })
  const passed = new Float64Array(constraints.length)
  const parts: Table[] = []
  let accepted = 0
  let drawn = 0
  let rounds = 0
  while (accepted < n) {
    if (rounds >= maxRounds) break
    rounds++
    const need = n - accepted
    const rate = drawn === 0 ? 1 : Math.max(accepted / drawn, minAcceptance)
    const size = Math.min(Math.ceil((need / rate) * 1.1) + 16, Math.max(need * 1000, 16))
    const raw = draw(size)
    if (raw.nRows !== size)
      throw new SynthkitError('OPTIONS_INVALID', `draw(${size}) returned ${raw.nRows} rows`, [
        { path: 'draw', message: 'must return exactly the rows asked for' },
      ])
    // Relational constraints (functional dependencies, conditional zeros, missing together) by construction first.
    const { table: batch, changed } = repairWithChanges(raw, constraints)
    drawn += size
    const keep = new Uint8Array(size).fill(1)
    for (const name of options.fixedColumns ?? []) {
      const m = changed.get(name)
      if (m) for (let i = 0; i < size; i++) if (m[i]) keep[i] = 0
    }
    constraints.forEach((con, index) => {
      if (con.type === 'unique') return
      const mask = constraintMask(batch, con, index, options.context)
      let ok = 0
      for (let i = 0; i < size; i++) {
        ok += mask[i]!
        keep[i]! &= mask[i]!
      }
      passed[index]! += ok
    })
    // Unique constraints, row by row in draw order, against every key accepted so far (also within this batch).
    const keys = uniques.map((u) => rowKeys(batch, (u.c as Extract<Constraint, { type: 'unique' }>).columns, u.i, u.c))
    const indices: number[] = []
    for (let i = 0; i < size; i++) {
      let unique = true
      for (let k = 0; k < uniques.length; k++) {
        const key = keys[k]![i]!
        if (!key.includes(MISSING_KEY) && seen[k]!.has(key)) unique = false
        else passed[uniques[k]!.i]! += 1
      }
      if (!keep[i] || !unique || accepted + indices.length >= n) continue
      for (let k = 0; k < uniques.length; k++) if (!keys[k]![i]!.includes(MISSING_KEY)) seen[k]!.add(keys[k]![i]!)
      indices.push(i)
    }
    if (indices.length > 0) parts.push(indices.length === size ? batch : take(batch, indices))
    accepted += indices.length
    if (accepted < n && drawn >= minDraws && accepted / drawn < minAcceptance) break
  }
  const validRates = Array.from(passed, (p) => (drawn === 0 ? 1 : p / drawn))
  if (accepted < n) {
    let worst = 0
    validRates.forEach((r, i) => {
      if (r < validRates[worst]!) worst = i
    })
    const rate = drawn === 0 ? 0 : accepted / drawn
    throw new SynthkitError(
      'CONSTRAINT_UNSATISFIABLE',
      `Could not sample ${n} rows satisfying the constraints: acceptance rate ${(rate * 100).toPrecision(3)}% after ${drawn} candidates in ${rounds} rounds; ` +
        `constraint ${worst} ${constraintName(constraints[worst]!)} rejects the most (valid in ${(validRates[worst]! * 100).toPrecision(3)}% of candidates)`,
      constraints.map((c, i) => ({
        path: `constraints.${i}`,
        message: `${constraintName(c)}: valid in ${(validRates[i]! * 100).toPrecision(3)}% of candidates`,
      })),
    )
  }
  const table = parts.length === 0 ? slice(draw(0), 0, 0) : parts.length === 1 ? parts[0]! : concat(parts)
  return { table, stats: { drawn, accepted, rounds, validRates } }
}
