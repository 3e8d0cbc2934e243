import type { Constraint } from './constraint'
import { type ConstraintContext } from './constraint-check'
import { createRejectionState, sampleWithRejection } from './constraint-sample'
import { SynthkitError } from './errors'
import { type GeneratedKind, type ValueGenerator, generateColumn } from './generated-columns'
import type { Rng } from './rng'
import { columnSpec } from './schema'
import { type CancellationSignal, DEFAULT_CHUNK_ROWS } from './synthesizer'
import { type Table, columnRecord, concat, slice } from './table'

/**
 * Rows drawn per block. Part of the reproducibility contract: block b always draws from the b-th substream split off
 * the caller's generator, so the rows of a stream depend on the seed and the model only — not on the chunk size, and
 * not on whether the caller streams or samples in one call. Changing it changes every sampled row.
 */
export const STREAM_BLOCK_ROWS = 4096

/** A column the driver fills itself after acceptance: ids numbered by global row, pii and text from a generator. */
export interface GeneratedColumn {
  readonly name: string
  readonly kind: GeneratedKind
  /** Share of missing values (pii and text only). */
  readonly missingRate: number
}

/** What {@link streamRows} needs besides the sampler's draw function. */
export interface StreamRowsOptions {
  readonly rows: number
  readonly rng: Rng
  readonly chunkRows?: number
  /** Constraints every row satisfies, by bounded rejection per block; unique constraints hold across the stream. */
  readonly constraints?: readonly Constraint[]
  readonly constraintContext?: ConstraintContext
  /** Bounded rejection: batches per block before giving up (default 50). */
  readonly maxRounds?: number
  /** Columns fixed by the sampler's conditions: rows whose constraint repair would change them are rejected. */
  readonly fixedColumns?: readonly string[]
  readonly generated?: readonly GeneratedColumn[]
  readonly values?: ValueGenerator
  readonly signal?: CancellationSignal
}

function checkCount(value: number, path: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new SynthkitError('OPTIONS_INVALID', `${path} must be an integer ≥ ${min}, got ${String(value)}`, [
      { path, message: `expected an integer ≥ ${min}` },
    ])
  }
}

/**
 * The chunked stream every sampler shares. `draw(n, rng)` returns n candidate rows in the model's schema (generated
 * columns may hold anything: they are overwritten). The driver draws fixed blocks of {@link STREAM_BLOCK_ROWS} rows,
 * each from its own substream (`rng.split()`, in order), applies constraints by bounded rejection within the block
 * with uniqueness kept across the whole stream, fills generated columns with their global row numbers, and yields
 * chunks of at most `chunkRows` rows. Memory stays flat (one block and one chunk at a time), except for the keys of
 * unique constraints, which must be remembered to stay unique.
 */
export function* streamRows(draw: (n: number, rng: Rng) => Table, options: StreamRowsOptions): Generator<Table, void, undefined> {
  const { rows, rng } = options
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS
  checkCount(rows, 'rows', 0)
  checkCount(chunkRows, 'chunkRows', 1)
  const constraints = options.constraints ?? []
  const state = createRejectionState(constraints)
  const generated = options.generated ?? []
  let drawnRows = 0 // rows drawn in whole blocks so far (global row number of the next block's first row)
  let emitted = 0
  let buffer: Table | null = null
  const nextBlock = (): Table => {
    if (options.signal?.aborted) throw new SynthkitError('CANCELLED', `Sampling was cancelled after ${drawnRows} rows`)
    // The last block is only as long as needed: samplers that stratify within a block keep that benefit for small
    // samples (a sample of n rows is one stratified block when n ≤ 4,096).
    const n = Math.min(STREAM_BLOCK_ROWS, rows - drawnRows)
    const blockRng = rng.split()
    let block =
      constraints.length === 0
        ? draw(n, blockRng)
        : sampleWithRejection((k) => draw(k, blockRng), n, constraints, {
            maxRounds: options.maxRounds,
            context: options.constraintContext,
            state,
            fixedColumns: options.fixedColumns,
          })
    if (block.nRows !== n)
      throw new SynthkitError('OPTIONS_INVALID', `draw(${n}) returned ${block.nRows} rows`, [
        { path: 'draw', message: 'must return exactly the rows asked for' },
      ])
    if (generated.length > 0) block = fillGenerated(block, generated, drawnRows, blockRng, options.values)
    drawnRows += n
    return block
  }
  while (emitted < rows) {
    const want = Math.min(chunkRows, rows - emitted)
    const parts: Table[] = []
    let have = 0
    while (have < want) {
      if (buffer === null || buffer.nRows === 0) buffer = nextBlock()
      const take = Math.min(want - have, buffer.nRows)
      parts.push(take === buffer.nRows ? buffer : slice(buffer, 0, take))
      buffer = take === buffer.nRows ? null : slice(buffer, take)
      have += take
    }
    emitted += want
    yield parts.length === 1 ? parts[0] : concat(parts)
  }
}

/** All rows of {@link streamRows} in one table (the same rows as streaming them, for any chunk size). */
export function sampleRows(draw: (n: number, rng: Rng) => Table, options: StreamRowsOptions): Table {
  const parts = [...streamRows(draw, { ...options, chunkRows: Math.max(1, options.rows) })]
  if (parts.length === 1) return parts[0]
  if (parts.length === 0) return slice(draw(0, options.rng.split()), 0, 0)
  return concat(parts)
}

function fillGenerated(
  block: Table,
  generated: readonly GeneratedColumn[],
  firstRow: number,
  rng: Rng,
  values: ValueGenerator | undefined,
): Table {
  const columns = Object.assign(columnRecord(), block.columns)
  for (const g of generated) {
    const spec = columnSpec(block.schema, g.name)
    columns[g.name] = generateColumn(spec, g.kind, block.nRows, firstRow, rng, g.missingRate, values)
  }
  return { schema: block.schema, nRows: block.nRows, columns }
}
