import type { Constraint } from './constraint'
import { type ConstraintContext } from './constraint-check'
import { type RejectionState, createRejectionState, sampleWithRejection } from './constraint-sample'
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
  /**
   * Draw only blocks [firstBlock, endBlock) of the stream, for a worker of a parallel run (see {@link streamShard}):
   * one chunk per block, each block's unique keys reported through `shard.accepted` before the block is yielded.
   */
  readonly shard?: StreamShard
  /**
   * Blocks drawn ahead by shards (workers): the stream takes block b from here when its unique keys do not repeat a
   * key of an earlier block, and draws b itself otherwise, so the rows are those of the serial stream (see
   * {@link BlockSource}).
   */
  readonly blocks?: BlockSource
}

/** A contiguous range of blocks one worker draws: blocks [firstBlock, endBlock) of {@link STREAM_BLOCK_ROWS} rows. */
export interface StreamShard {
  readonly firstBlock: number
  readonly endBlock: number
  /**
   * Told each block's unique keys (one list per unique constraint, in constraint order) just before the sampler
   * yields the block's rows, so that a coordinator can check them against the blocks before (see {@link ShardBlock}).
   */
  readonly accepted?: (block: number, keys: readonly (readonly string[])[]) => void
}

/** One block drawn by a shard: its rows (generated columns filled) and the unique keys they hold. */
export interface ShardBlock {
  readonly block: number
  readonly rows: Table
  /** Per unique constraint, in constraint order, the keys of the block's rows (missing keys left out). */
  readonly keys: readonly (readonly string[])[]
}

/**
 * Blocks drawn ahead (by workers) that a serial stream may use instead of drawing them. Whatever a source holds,
 * the stream's rows stay those of the plain serial stream: a block is used only when none of its unique keys
 * repeats a key of an earlier block (then the serial rejection would have accepted exactly its rows), and drawn by
 * the stream itself otherwise (or when the source has none).
 */
export interface BlockSource {
  /** Block b if it was drawn (the stream asks once per block, in order); undefined: the stream draws it. */
  take(block: number): ShardBlock | undefined
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
  if (options.shard !== undefined) {
    const accepted = options.shard.accepted
    for (const b of streamShard(draw, options)) {
      accepted?.(b.block, b.keys)
      yield b.rows
    }
    return
  }
  const constraints = options.constraints ?? []
  const state = createRejectionState(constraints)
  const source = options.blocks
  let blockIndex = 0
  let emitted = 0
  let buffer: Table | null = null
  const nextBlock = (): Table => {
    const b = blockIndex++
    checkCancelled(options, b)
    // The split is drawn whether or not the block comes from the source: the stream's generator stays in step.
    const blockRng = rng.split()
    const ahead = source?.take(b)
    if (ahead !== undefined && ahead.rows.nRows === blockLength(rows, b) && takeKeys(state, ahead.keys)) return ahead.rows
    return drawBlock(draw, options, b, blockRng, state)
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

/** Blocks in a stream of `rows` rows. */
export function streamBlockCount(rows: number): number {
  return Math.ceil(rows / STREAM_BLOCK_ROWS)
}

// The last block is only as long as needed: samplers that stratify within a block keep that benefit for small
// samples (a sample of n rows is one stratified block when n ≤ 4,096).
function blockLength(rows: number, block: number): number {
  return Math.min(STREAM_BLOCK_ROWS, rows - block * STREAM_BLOCK_ROWS)
}

function checkCancelled(options: StreamRowsOptions, block: number): void {
  if (options.signal?.aborted)
    throw new SynthkitError('CANCELLED', `Sampling was cancelled after ${Math.min(options.rows, block * STREAM_BLOCK_ROWS)} rows`)
}

/** Block b from its substream: rejection for the constraints against `state` (the unique keys so far), then ids. */
function drawBlock(
  draw: (n: number, rng: Rng) => Table,
  options: StreamRowsOptions,
  b: number,
  blockRng: Rng,
  state: RejectionState,
): Table {
  const constraints = options.constraints ?? []
  const generated = options.generated ?? []
  const n = blockLength(options.rows, b)
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
  if (generated.length > 0) block = fillGenerated(block, generated, b * STREAM_BLOCK_ROWS, blockRng, options.values)
  return block
}

/**
 * Accepts a block drawn ahead when none of its keys was taken by an earlier block, and then remembers its keys.
 * Why this reproduces the serial stream: the shard drew the block with an empty key set, a subset of the serial
 * stream's (earlier blocks' keys plus the block's own). Both rejections decide alike on every candidate until the
 * first one whose key only an earlier block holds; the shard accepted that candidate, so its key is among the
 * block's keys. If no key of the block is an earlier block's, no candidate was decided differently: same rows.
 */
function takeKeys(state: RejectionState, keys: readonly (readonly string[])[]): boolean {
  const sets = [...state.seen.values()] // one per unique constraint, in constraint order (createRejectionState)
  if (keys.length !== sets.length) return false
  for (let k = 0; k < sets.length; k++) for (const key of keys[k]!) if (sets[k]!.has(key)) return false
  for (let k = 0; k < sets.length; k++) for (const key of keys[k]!) sets[k]!.add(key)
  return true
}

/**
 * The pure primitive of parallel sampling: blocks [firstBlock, endBlock) (`options.shard`) of the stream
 * {@link streamRows} would draw from `options.rng` (the caller's generator at the start of the stream; the shard
 * skips the substreams of earlier blocks — one cheap `split()` each). Each block is drawn with its own empty key set
 * and reports the keys it accepted; feeding the blocks of any split of [0, blocks) into {@link streamRows} as its
 * `blocks` source gives exactly the serial rows. Without unique constraints, the shards' rows concatenated in
 * block order are the serial rows themselves.
 */
export function* streamShard(draw: (n: number, rng: Rng) => Table, options: StreamRowsOptions): Generator<ShardBlock, void, undefined> {
  const shard = options.shard
  if (shard === undefined)
    throw new SynthkitError('OPTIONS_INVALID', 'streamShard needs options.shard', [{ path: 'shard', message: 'missing' }])
  checkCount(options.rows, 'rows', 0)
  const blocks = streamBlockCount(options.rows)
  checkCount(shard.firstBlock, 'shard.firstBlock', 0)
  checkCount(shard.endBlock, 'shard.endBlock', shard.firstBlock)
  if (shard.endBlock > blocks)
    throw new SynthkitError('OPTIONS_INVALID', `shard.endBlock ${shard.endBlock} is past the stream's ${blocks} blocks`, [
      { path: 'shard.endBlock', message: `expected at most ${blocks}` },
    ])
  const constraints = options.constraints ?? []
  for (let b = 0; b < shard.firstBlock; b++) options.rng.split()
  for (let b = shard.firstBlock; b < shard.endBlock; b++) {
    checkCancelled(options, b)
    const blockRng = options.rng.split()
    const state = createRejectionState(constraints)
    const rows = drawBlock(draw, options, b, blockRng, state)
    yield { block: b, rows, keys: [...state.seen.values()].map((set) => [...set]) }
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
