import {
  type Constraint,
  type ConstraintProposal,
  type DiscoveryResult,
  type Synthesizer,
  type Table,
  constraintColumns,
  checkConstraints,
  constraintName,
  createRng,
  isSynthkitError,
  discoverConstraints,
  learnConstraints,
  take,
} from '@synthkit/core'
import { CliError } from '../terminal/cli-error'
import type { ConstraintRecord, ModelConstraints } from './model-constraints'

/**
 * Which discovered relations `fit` enforces by default: multi-column relations that hold on every training row and
 * that samplers can honour without stalling — orders (transforms or rejection), functional dependencies, conditional
 * zeros and missing-together (by construction), fixed combinations (rejection). Exact linear relations and ratios
 * are reported but not enforced: rejection cannot hit an exact equality of continuous values, and no sampler
 * reparametrises them yet. Keys and single-column rules are reported; the sampler's value ranges already keep signs.
 */
const ENFORCED_KINDS = new Set<ConstraintProposal['kind']>([
  'order',
  'functionalDependency',
  'conditional',
  'missingTogether',
  'fixedCombinations',
])

/** Why a proposal is not enforced by default, or null when it is. */
export function notEnforcedReason(p: ConstraintProposal): string | null {
  if (p.constraint === null) return 'no constraint can state it (e.g. a mapping longer than maxCombinations)'
  if (p.holds === 'almost')
    return `${p.violations} training row${p.violations === 1 ? '' : 's'} break${p.violations === 1 ? 's' : ''} it: add it to --constraints to enforce it (those rows are then left out of the fit)`
  if (p.kind === 'linear' || p.kind === 'ratio')
    return 'an exact equation of continuous values: checked, not enforced (no sampler reparametrises it yet; rejection would stall)'
  if (p.kind === 'unique') return 'a key: synthetic values may repeat; declare it with --constraints to enforce it'
  if (p.singleColumn) return 'a single-column rule: reported, not enforced by default (declare it with --constraints)'
  if (!ENFORCED_KINDS.has(p.kind)) return 'not enforced by default'
  return null
}

/** The constraints a default `fit` would enforce from a discovery: those {@link notEnforcedReason} accepts. */
export function defaultEnforced(result: DiscoveryResult): Constraint[] {
  return result.proposals.flatMap((p) => (notEnforcedReason(p) === null && p.constraint ? [p.constraint] : []))
}

/** A constraint's identity for overriding: its type and the columns it reads (in order). */
function identity(c: Constraint): string {
  return `${c.type}\u0000${c.type === 'expression' ? c.expression : constraintColumns(c).join('\u0000')}`
}

/** A functional dependency on an id column: samplers generate ids afresh, so a mapping from real ids means nothing. */
function generatedDeterminant(table: Table, c: Constraint): boolean {
  if (c.type !== 'functionalDependency') return false
  return c.determinant.some((name) => table.schema.columns.find((s) => s.name === name)?.kind === 'id')
}

export interface FitConstraintsRequest {
  readonly table: Table
  /** Discover constraints (default on; `--no-discover` turns it off). */
  readonly discover: boolean
  /** Constraints from `--constraints` (they add to the schema's own, and override a discovered one of the same identity). */
  readonly user: readonly Constraint[]
  readonly synthesizer: Synthesizer
  /** A differentially private fit: discovery would read the data without noise, so it is skipped. */
  readonly differentiallyPrivate: boolean
}

export interface FitConstraints {
  /** The rows to fit on (violators of enforced constraints left out), with the enforced constraints in its schema. */
  readonly training: Table
  readonly section: ModelConstraints
  readonly discoverySeconds: number
}

const ROWS_LISTED = 5

/** Widest table whose constraints fit discovers (it compares every pair of columns). */
export const MAX_DISCOVERY_COLUMNS = 200

/**
 * Chooses the constraints of a fit: the schema's and `--constraints`' (declared: always enforced) plus what
 * discovery finds (enforced when {@link notEnforcedReason} allows and no declared constraint overrides it).
 * Training rows that violate an enforced constraint are left out of the fit, and counted for the first constraint
 * they break. Fixed combinations and functional dependencies without a list learn it from the kept rows.
 */
export function fitConstraints(request: FitConstraintsRequest): FitConstraints {
  const { table, synthesizer } = request
  const declared = [...(table.schema.constraints ?? []), ...request.user]
  const capable = synthesizer.capabilities.constraints
  if (!capable && request.user.length > 0)
    throw new CliError(
      `${synthesizer.method} cannot enforce constraints: --constraints needs a method whose synthesizer declares the constraints capability`,
    )
  if (request.differentiallyPrivate) {
    // Discovery, learning combinations and counting violators all read the data without noise: a DP fit gets the
    // declared constraints as they are (enforced in sampling), and no counts are recorded.
    return {
      training: { ...table, schema: { ...table.schema, constraints: declared } },
      section: {
        discovery: 'skipped: a differentially private fit (discovery reads the data without noise; declare rules with --constraints)',
        records: declared.map((constraint) => ({ constraint, source: 'user', description: constraintName(constraint), enforced: true })),
      },
      discoverySeconds: 0,
    }
  }
  let discovery = 'on'
  const columns = table.schema.columns.length
  if (!request.discover) discovery = 'off (--no-discover)'
  else if (!capable) discovery = `skipped: ${synthesizer.method} does not enforce constraints`
  else if (columns > MAX_DISCOVERY_COLUMNS)
    // discovery compares every pair of columns (and runs before the cooperative fit, so it could not be interrupted)
    discovery = `skipped: ${columns} columns, over the ${MAX_DISCOVERY_COLUMNS} discovery compares pairwise; declare rules with --constraints`
  const t0 = performance.now()
  const result = discovery === 'on' ? discoverConstraints(table) : null
  const discoverySeconds = (performance.now() - t0) / 1000
  const overridden = new Set(declared.map(identity))
  const learned = learnConstraints(table, declared)
  const records: ConstraintRecord[] = []
  const masks: (Uint8Array | null)[] = []
  const checked = checkConstraints(table, learned).constraints
  learned.forEach((constraint, index) => {
    const failing = checked[index]!.failingRows
    const mask = new Uint8Array(table.nRows).fill(1)
    for (const row of failing) mask[row] = 0
    const count = failing.length
    const rows = Array.from(failing.subarray(0, ROWS_LISTED), (row) => row + 1)
    masks.push(mask)
    records.push({
      constraint,
      source: 'user',
      description: constraintName(constraint),
      enforced: true,
      violations: count,
      excludedRows: 0,
      ...(count > 0 ? { violatingRows: rows } : {}),
    })
  })
  for (const p of result?.proposals ?? []) {
    if (p.constraint === null) continue
    const reason = overridden.has(identity(p.constraint))
      ? 'overridden by a declared constraint'
      : generatedDeterminant(table, p.constraint)
        ? 'its determinant is an id column, which samplers generate afresh (synthetic ids have no real counterpart)'
        : notEnforcedReason(p)
    masks.push(null)
    records.push({
      constraint: p.constraint,
      source: 'discovered',
      description: p.description,
      enforced: reason === null,
      violations: p.violations,
      excludedRows: 0,
      ...(reason === null ? {} : { reason }),
      support: p.support,
      score: Number.isFinite(p.score) ? p.score : Number.MAX_VALUE,
      ...(p.violatingRows.length > 0 ? { violatingRows: p.violatingRows.map((r) => r + 1) } : {}),
    })
  }
  // Leave out the rows that break an enforced (declared) constraint; discovered enforced ones hold on every row.
  const keep: number[] = []
  const excludedBy = new Array<number>(records.length).fill(0)
  for (let i = 0; i < table.nRows; i++) {
    const first = masks.findIndex((m) => m !== null && m[i] === 0)
    if (first < 0) keep.push(i)
    else excludedBy[first]!++
  }
  if (keep.length === 0) throw new CliError('every training row violates a declared constraint: check --constraints and the schema')
  const excluded = table.nRows - keep.length
  const enforced = capable ? records.filter((r) => r.enforced).map((r) => r.constraint) : []
  const kept = excluded > 0 ? take(table, keep) : table
  return {
    training: { ...kept, schema: { ...kept.schema, constraints: enforced } },
    section: {
      discovery,
      excludedRows: excluded,
      records: records.map((r, i) => ({ ...r, excludedRows: excludedBy[i]!, ...(capable ? {} : { enforced: false }) })),
    },
    discoverySeconds,
  }
}

/** Drops discovered constraints from enforcement (after sampling could not satisfy them together). */
export function withoutDiscovered(f: FitConstraints, why: string): FitConstraints {
  const records = f.section.records.map((r) => (r.source === 'discovered' && r.enforced ? { ...r, enforced: false, reason: why } : r))
  const enforced = records.filter((r) => r.enforced).map((r) => r.constraint)
  return { ...f, training: { ...f.training, schema: { ...f.training.schema, constraints: enforced } }, section: { ...f.section, records } }
}

/**
 * The lines `fit` prints on stderr: what was found and declared, what is enforced, and the rows left out. Nothing
 * when discovery did not run and nothing was declared (a fit the user asked to keep quiet, or a method without
 * constraints).
 */
export function constraintSummaryLines(section: ModelConstraints, seconds: number): string[] {
  const r = section.records
  if (r.length === 0 && section.discovery !== 'on')
    // a table too wide to search is said so; --no-discover and methods without constraints stay quiet
    return section.discovery.includes('discovery compares pairwise') ? [`constraints: discovery ${section.discovery}`] : []
  const discovered = r.filter((x) => x.source === 'discovered')
  const excluded = section.excludedRows ?? 0
  const user = r.filter((x) => x.source === 'user')
  const enforced = r.filter((x) => x.enforced)
  const lines = [
    `constraints: ${discovered.length} discovered${section.discovery === 'on' ? ` in ${seconds.toFixed(2)} s` : ` (discovery ${section.discovery})`}, ` +
      `${user.length} declared; ${enforced.length} enforced in sampling${excluded > 0 ? `; ${excluded} training rows left out for violating one` : ''}`,
  ]
  const shown = r.filter((x) => x.enforced || x.source === 'user' || (x.violations ?? 0) > 0)
  for (const x of shown) {
    const rows =
      x.violatingRows && x.violatingRows.length > 0
        ? ` [violating rows ${x.violatingRows.join(', ')}${(x.violations ?? 0) > x.violatingRows.length ? ', …' : ''}]`
        : ''
    lines.push(
      `  ${x.enforced ? 'enforced' : 'skipped '}  ${x.source === 'user' ? 'declared  ' : 'discovered'}  ${x.description}${rows}${x.reason ? ` — ${x.reason}` : ''}`,
    )
  }
  const quiet = r.length - shown.length
  if (quiet > 0)
    lines.push(
      `  … and ${quiet} more reported, not enforced (single-column rules, keys, exact equations): see the model file or synthkit constraints discover`,
    )
  return lines
}

/**
 * Draws a few thousand rows from a fitted model with a fixed seed: the error sampling would give (e.g. constraints
 * that together reject nearly every candidate), or null when it samples fine. Fit runs it so that a model that
 * cannot be sampled is never written.
 */
export function trialSample(synthesizer: Synthesizer, model: unknown, rows: number): Error | null {
  try {
    for (const _ of synthesizer.stream(model, { rows: Math.max(1, Math.min(rows, 4096)), rng: createRng(0) })) {
      // drain
    }
    return null
  } catch (e) {
    if (isSynthkitError(e) && e.code === 'CONSTRAINT_UNSATISFIABLE') return e
    throw e
  }
}
