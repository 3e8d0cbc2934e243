import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type BlockSource,
  type Constraint,
  type Rng,
  STREAM_BLOCK_ROWS,
  type ShardBlock,
  type StreamRowsOptions,
  type Table,
  type TableSchema,
  checkConstraints,
  columnRecord,
  concat,
  createRng,
  streamBlockCount,
  streamRows,
  streamShard,
} from '../src/index'

// A toy sampler: an integer key from a key space of `keySpace` values (small spaces make keys collide across
// blocks), a category, a float the range constraint rejects below 0.1, and an id column the driver fills.
const schema: TableSchema = {
  columns: [
    { name: 'key', kind: 'numerical', type: 'int' },
    { name: 'group', kind: 'categorical' },
    { name: 'value', kind: 'numerical', type: 'float' },
    { name: 'id', kind: 'id', pattern: 'R-[0-9]{7}' },
  ],
}
const drawFor =
  (keySpace: number) =>
  (n: number, rng: Rng): Table => {
    const key = new Float64Array(n)
    const codes = new Int32Array(n)
    const value = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      key[i] = Math.floor(rng.next() * keySpace)
      codes[i] = rng.nextUint32() % 3
      value[i] = rng.next()
    }
    const columns = columnRecord()
    columns.key = { type: 'numeric', values: key }
    columns.group = { type: 'coded', codes, dictionary: ['a', 'b', 'c'] }
    columns.value = { type: 'numeric', values: value }
    columns.id = { type: 'string', values: new Array<string | null>(n).fill(null) }
    return { schema, nRows: n, columns }
  }
const constraints: Constraint[] = [
  { type: 'unique', columns: ['key'] },
  { type: 'range', column: 'value', min: 0.1 },
]

function options(rows: number, seed: number, withUnique: boolean): StreamRowsOptions {
  return {
    rows,
    rng: createRng(seed),
    chunkRows: Math.max(1, rows),
    constraints: withUnique ? constraints : constraints.slice(1),
    generated: [{ name: 'id', kind: 'id', missingRate: 0 }],
  }
}

const serial = (draw: ReturnType<typeof drawFor>, o: StreamRowsOptions): Table => concat([...streamRows(draw, o)])

/** Shards [cuts[i], cuts[i+1]) drawn each from a fresh root generator (as a worker does), keyed by block. */
function drawShards(draw: ReturnType<typeof drawFor>, o: () => StreamRowsOptions, cuts: readonly number[]): Map<number, ShardBlock> {
  const byBlock = new Map<number, ShardBlock>()
  for (let i = 0; i + 1 < cuts.length; i++)
    for (const b of streamShard(draw, { ...o(), shard: { firstBlock: cuts[i]!, endBlock: cuts[i + 1]! } })) byBlock.set(b.block, b)
  return byBlock
}

function merged(
  draw: ReturnType<typeof drawFor>,
  o: StreamRowsOptions,
  byBlock: Map<number, ShardBlock>,
): { table: Table; offered: number; used: number } {
  let offered = 0
  let used = 0
  const source: BlockSource = {
    take(b) {
      const block = byBlock.get(b)
      if (block) offered++
      return block
    },
  }
  // Count the blocks the stream used: their row objects pass through unchanged.
  const table = concat(
    [...streamRows(draw, { ...o, chunkRows: STREAM_BLOCK_ROWS, blocks: source })].map((t) => {
      if ([...byBlock.values()].some((b) => b.rows === t)) used++
      return t
    }),
  )
  return { table, offered, used }
}

/** Sorted cut points 0 = c0 < … < ck = blocks from arbitrary interior points. */
const cutsOf = (blocks: number, interior: readonly number[]) =>
  [...new Set([0, ...interior.map((x) => x % (blocks + 1)), blocks])].sort((a, b) => a - b)

describe('sharded stream: any split of the blocks gives the serial stream', () => {
  it('without unique constraints the shards concatenated are the serial rows (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 * STREAM_BLOCK_ROWS + 77 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, seed, interior) => {
          const draw = drawFor(1e9)
          const cuts = cutsOf(streamBlockCount(rows), interior)
          const byBlock = drawShards(draw, () => options(rows, seed, false), cuts)
          const concatenated = concat([...byBlock.keys()].sort((a, b) => a - b).map((b) => byBlock.get(b)!.rows))
          expect(concatenated).toEqual(serial(draw, options(rows, seed, false)))
        },
      ),
      { numRuns: 15 },
    )
  })

  it('with a unique constraint whose keys collide across blocks, the merge gives the serial rows (property)', () => {
    let redrawn = 0
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 * STREAM_BLOCK_ROWS + 77 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(60_000, 400_000, 1e9),
        (rows, seed, interior, keySpace) => {
          const draw = drawFor(keySpace)
          const cuts = cutsOf(streamBlockCount(rows), interior)
          const byBlock = drawShards(draw, () => options(rows, seed, true), cuts)
          const expected = serial(draw, options(rows, seed, true))
          const got = merged(draw, options(rows, seed, true), byBlock)
          expect(got.table).toEqual(expected)
          expect(got.offered).toBe(streamBlockCount(rows))
          redrawn += got.offered - got.used
        },
      ),
      { numRuns: 15 },
    )
    // The collision path was exercised: some offered blocks repeated an earlier block's key and were redrawn.
    expect(redrawn).toBeGreaterThan(0)
  })

  it('keys stay unique and ids run on across shards, where plain concatenation would repeat keys', () => {
    const rows = 6 * STREAM_BLOCK_ROWS
    const draw = drawFor(60_000)
    const byBlock = drawShards(draw, () => options(rows, 7, true), [0, 2, 3, 6])
    const naive = concat([...byBlock.keys()].sort((a, b) => a - b).map((b) => byBlock.get(b)!.rows))
    expect(checkConstraints(naive, constraints).constraints[0]!.failingCount).toBeGreaterThan(0)
    const { table, used } = merged(draw, options(rows, 7, true), byBlock)
    expect(checkConstraints(table, constraints).allValid).toBe(true)
    expect(used).toBeGreaterThan(0)
    const ids = table.columns.id!
    expect(ids.type === 'string' && ids.values[0]).toBe('R-0000001')
    expect(ids.type === 'string' && ids.values[rows - 1]).toBe(`R-${String(rows).padStart(7, '0')}`)
    expect(ids.type === 'string' && new Set(ids.values).size).toBe(rows)
  })

  it('a source with no blocks, or blocks of the wrong length, leaves the serial rows', () => {
    const rows = 3 * STREAM_BLOCK_ROWS - 5
    const draw = drawFor(400_000)
    const expected = serial(draw, options(rows, 3, true))
    const empty = concat([...streamRows(draw, { ...options(rows, 3, true), blocks: { take: () => undefined } })])
    expect(empty).toEqual(expected)
    const other = drawShards(draw, () => options(rows + 9000, 3, true), [0, 3])
    const wrong = concat([...streamRows(draw, { ...options(rows, 3, true), blocks: { take: (b) => other.get(b) } })])
    // blocks 0 and 1 are the same draws and match; the last block of the longer stream has the wrong length
    expect(wrong).toEqual(expected)
  })

  it('refuses a shard outside the stream', () => {
    const draw = drawFor(1e9)
    expect(() => [...streamShard(draw, { ...options(5000, 1, false), shard: { firstBlock: 0, endBlock: 3 } })]).toThrow(/past the stream/)
    expect(() => [...streamShard(draw, { ...options(5000, 1, false), shard: { firstBlock: 2, endBlock: 1 } })]).toThrow(/endBlock/)
  })
})
