import * as t from 'io-ts'
import { either as E } from 'fp-ts'
import { type Issue, type Rng, type Table, SynthkitError, ioTsIssues, strictObject } from '@synthkit/core'
import { type AlignedLayout, alignLayout, toPoints } from './aligned'
import type { MixedPoints } from './mixed-tree'
import { checkDisjoint } from './overlap'

/** Train (the rows the generator saw), synthetic and control (real rows it never saw) laid out together. */
export interface AttackInput {
  readonly layout: AlignedLayout
  /** Column names in point order: numerical columns, then categorical. */
  readonly names: readonly string[]
  readonly train: MixedPoints
  readonly synthetic: MixedPoints
  readonly control: MixedPoints
}

/** Lays out the three tables over the attack columns, with one SCHEMA_INVALID error listing every mismatch. */
export function attackInput(
  train: Table,
  synthetic: Table,
  control: Table,
  columns?: readonly string[],
  maxSharedRowShare?: number,
): AttackInput {
  const empty: Issue[] = []
  for (const [name, table] of [
    ['train', train],
    ['synthetic', synthetic],
    ['control', control],
  ] as const) {
    if (table.nRows === 0) empty.push({ path: name, message: `the ${name} table has no rows` })
  }
  if (empty.length > 0) throw new SynthkitError('EMPTY_TABLE', 'An attack needs rows in every table', empty)
  const layout = alignLayout(
    [
      { name: 'train', table: train },
      { name: 'synthetic', table: synthetic },
      { name: 'control', table: control },
    ],
    columns,
  )
  const points = { train: toPoints(layout, train), synthetic: toPoints(layout, synthetic), control: toPoints(layout, control) }
  checkDisjoint(points.train, points.control, 'control', maxSharedRowShare)
  return { layout, names: [...layout.numerical, ...layout.categorical], ...points }
}

/** Decodes the JSON part of an options object with `codec` (rng and clock are passed through untouched). */
export function decodeOptions<A>(codec: t.Decoder<unknown, A>, input: object): A {
  const { rng: _rng, clock: _clock, ...rest } = input as Record<string, unknown>
  const decoded = codec.decode(rest)
  if (E.isLeft(decoded)) throw new SynthkitError('OPTIONS_INVALID', 'Invalid attack options', ioTsIssues(decoded.left))
  return decoded.right
}

/** A strict options codec: unknown keys are typos and rejected. */
export const optionsCodec = strictObject

/** The seeded generator every attack needs, checked. */
export function requireRng(rng: Rng | undefined): Rng {
  if (!rng || typeof rng.next !== 'function') {
    throw new SynthkitError('OPTIONS_INVALID', 'An attack draws at random: pass `rng` (createRng(seed) from @synthkit/core)', [
      { path: 'rng', message: 'missing' },
    ])
  }
  return rng
}

/** Positive integer codec. */
export const PositiveInt = new t.Type<number, number, unknown>(
  'PositiveInt',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u > 0,
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u > 0
      ? t.success(u)
      : t.failure(u, c, `expected a positive integer, got ${JSON.stringify(u)}`),
  t.identity,
)

/** A probability strictly between 0 and 1. */
export const OpenUnit = new t.Type<number, number, unknown>(
  'OpenUnit',
  (u): u is number => typeof u === 'number' && u > 0 && u < 1,
  (u, c) =>
    typeof u === 'number' && u > 0 && u < 1 ? t.success(u) : t.failure(u, c, `expected a number in (0, 1), got ${JSON.stringify(u)}`),
  t.identity,
)

/** Draws `k` distinct integers of [0, n) (partial Fisher–Yates over an index array). */
export function sampleWithoutReplacement(rng: Rng, n: number, k: number): Int32Array {
  const idx = new Int32Array(n)
  for (let i = 0; i < n; i++) idx[i] = i
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i))
    const tmp = idx[i]
    idx[i] = idx[j]
    idx[j] = tmp
  }
  return idx.slice(0, k)
}

/** Fails with DATA_INVALID when a table has fewer rows than an attack draws from it. */
export function requireRows(counts: readonly { readonly name: string; readonly rows: number; readonly needed: number }[]): void {
  const issues: Issue[] = counts
    .filter((c) => c.rows < c.needed)
    .map((c) => ({ path: c.name, message: `${c.rows} rows, but the attack needs at least ${c.needed}` }))
  if (issues.length > 0) throw new SynthkitError('DATA_INVALID', 'Too few rows for the requested attacks', issues)
}
