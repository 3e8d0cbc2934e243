// `synthkit sample --workers N`: worker threads draw the stream's blocks ahead; the coordinator (this thread) runs the
// serial stream with them as its block source (core's streamRows validates each block's unique keys and draws a
// block itself when they repeat an earlier block's), so the rows are the serial ones whatever N, whatever the order
// the workers finish in. Memory holds a bounded window of blocks; Ctrl-C stops the workers with the stream.
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import {
  type BlockSource,
  type CancellationSignal,
  type Conditions,
  DEFAULT_CHUNK_ROWS,
  type Rng,
  STREAM_BLOCK_ROWS,
  type ShardBlock,
  type Table,
  columnRecord,
  createRng,
  createRngFromState,
  secureRng,
  streamBlockCount,
} from '@synthkit/core'
import { fileSha256 } from '../io/table-io'
import { CliError } from '../terminal/cli-error'
import type { Io } from '../terminal/io'
import type { LoadedModel } from './model-file'
import { defaultRegistry } from './registry'
import type { RootGenerator, WorkerData, WorkerReply, WorkerTask } from './sample-messages'

/** Most worker threads `--workers` accepts. */
export const MAX_SAMPLE_WORKERS = 64

/**
 * Most blocks per task: 8 blocks of 4,096 rows (≈ 0.1–0.5 s of sampling), so messages cost little; small runs get
 * smaller tasks (about four per worker) so that every worker has work.
 */
const TASK_BLOCKS = 8

/** Tasks queued per worker (see `inFlight`). */
const QUEUE_DEPTH = 2

/** What a parallel run needs. */
export interface ParallelSampleRequest {
  readonly model: LoadedModel
  readonly rows: number
  readonly seed?: number
  readonly conditions: Conditions | null
  readonly workers: number
  readonly chunkRows?: number
  readonly signal?: CancellationSignal
}

/** A running pool: the stream's generator and block source, the pacing of its chunks, and shutdown. */
export interface ParallelSampling {
  /** The generator the coordinator's stream draws from (the same root the workers rebuild). */
  readonly rng: Rng
  /** The workers' blocks, for `StreamRequest.blocks`. */
  readonly blocks: BlockSource
  /** Yields the stream's chunks, each once the workers' blocks it covers have arrived (the stream stays synchronous). */
  paced(chunks: Iterable<Table>): AsyncGenerator<Table>
  /** Stops the workers. */
  close(): Promise<void>
}

function workerScript(): string {
  // dist/sample-worker.js beside the bundle (bin.js, index.js, index.cjs); from src (tests), the built one in dist.
  for (const rel of ['./sample-worker.js', '../../dist/sample-worker.js']) {
    const path = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(path)) return path
  }
  throw new CliError('sample-worker.js is missing beside the synthkit bundle: --workers needs the built CLI (pnpm build)')
}

function rootGenerator(seed: number | undefined): { rng: Rng; root: RootGenerator } {
  if (seed !== undefined) return { rng: createRng(seed), root: { kind: 'seed', seed } }
  // No seed: a secure random 128-bit state, shared by the coordinator and the workers (never recorded).
  const s = secureRng()
  let state: [number, number, number, number] = [s.nextUint32(), s.nextUint32(), s.nextUint32(), s.nextUint32()]
  if (state.every((w) => w === 0)) state = [1, 0, 0, 0]
  return { rng: createRngFromState(state), root: { kind: 'state', state } }
}

/** A received block rebuilt as a Table (structured clone gives its columns an ordinary prototype). */
function blockOf(b: ShardBlock): ShardBlock {
  const columns = Object.assign(columnRecord(), b.rows.columns)
  return { block: b.block, rows: { schema: b.rows.schema, nRows: b.rows.nRows, columns }, keys: b.keys }
}

/**
 * Starts the worker pool for a single-table model whose synthesizer shards its stream (`capabilities.shards`) and
 * ships with the CLI (workers load the model through the default registry). Otherwise says why on stderr and
 * returns undefined: the caller samples in this thread (the same rows).
 */
export async function startParallelSampling(request: ParallelSampleRequest, io: Io): Promise<ParallelSampling | undefined> {
  const { synthesizer } = request.model
  if (!Number.isSafeInteger(request.workers) || request.workers < 1 || request.workers > MAX_SAMPLE_WORKERS)
    throw new CliError(`--workers: expected a whole number from 1 to ${MAX_SAMPLE_WORKERS}, got ${request.workers}`)
  if (synthesizer.capabilities.shards !== true || !defaultRegistry.synthesizers.includes(synthesizer)) {
    io.err(`note: ${synthesizer.method} samples in one thread (its stream does not split into shards); --workers ignored, same rows`)
    return undefined
  }
  if (request.workers > availableParallelism())
    io.err(`note: --workers ${request.workers} on ${availableParallelism()} cores: threads beyond the cores only share them`)
  const totalBlocks = streamBlockCount(request.rows)
  const { rng, root } = rootGenerator(request.seed)
  const chunkBlocks = Math.ceil((request.chunkRows ?? DEFAULT_CHUNK_ROWS) / STREAM_BLOCK_ROWS)
  // The window of blocks drawn ahead of the stream: one chunk plus the queued tasks of every worker keeps every
  // worker busy while a chunk is written; memory is this many blocks, whatever the number of rows.
  const taskBlocks = Math.max(1, Math.min(TASK_BLOCKS, Math.ceil(totalBlocks / (4 * request.workers))))
  const window = chunkBlocks + 1 + (QUEUE_DEPTH + 1) * request.workers * taskBlocks
  const workers = Math.min(request.workers, Math.ceil(totalBlocks / taskBlocks))
  const script = workerScript()
  const data: WorkerData = {
    modelPath: request.model.path,
    modelSha256: await fileSha256(request.model.path),
    method: synthesizer.method,
    rows: request.rows,
    conditions: request.conditions,
    root,
  }
  const received = new Map<number, ShardBlock | null>() // null: the coordinator draws it
  let nextTask = 0 // first block not yet handed out
  let taken = 0 // blocks the stream has asked for
  let arrived = 0 // blocks < arrived have all arrived (or were handed to the stream)
  let failure: Error | undefined
  let wake: (() => void) | undefined
  // Tasks sent to each worker and not answered yet, oldest first (a worker answers in order). Two per worker: the
  // next task is already queued when one is answered, so a worker never waits for this thread's turn of the event
  // loop (it may be formatting a chunk) to get more work.
  const inFlight = new Map<Worker, WorkerTask[]>()
  const ready: Worker[] = []
  const threads: Worker[] = []
  const notify = () => {
    const w = wake
    wake = undefined
    w?.()
  }
  const fail = (e: Error) => {
    failure ??= e
    notify()
  }
  // blocks < arrived have arrived or were asked for by the stream: what pacing waits on
  const advance = () => {
    while (arrived < nextTask && (arrived < taken || received.has(arrived))) arrived++
  }
  const pump = () => {
    for (let depth = 1; depth <= QUEUE_DEPTH; depth++)
      for (const w of ready) {
        const queue = inFlight.get(w)!
        if (queue.length >= depth) continue
        if (nextTask >= totalBlocks || nextTask >= taken + window || failure !== undefined) return
        const task: WorkerTask = { task: nextTask, firstBlock: nextTask, endBlock: Math.min(totalBlocks, nextTask + taskBlocks) }
        nextTask = task.endBlock
        queue.push(task)
        w.postMessage(task)
      }
  }
  const settle = (task: WorkerTask, blocks: readonly ShardBlock[] | null) => {
    for (let b = task.firstBlock; b < task.endBlock; b++) received.set(b, null)
    for (const b of blocks ?? []) if (b.block >= task.firstBlock && b.block < task.endBlock) received.set(b.block, blockOf(b))
    advance()
    notify()
  }
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const w = new Worker(script, { workerData: data })
      threads.push(w)
      await new Promise<void>((resolve, reject) => {
        w.on('message', (reply: WorkerReply) => {
          if (reply.type === 'ready') {
            inFlight.set(w, [])
            ready.push(w)
            resolve()
            pump()
            return
          }
          const task = inFlight.get(w)?.shift()
          if (reply.type === 'error') {
            const e = new CliError(`sample worker: ${reply.message}`)
            reject(e)
            fail(e)
            return
          }
          if (task) settle(task, reply.type === 'blocks' ? reply.blocks : null)
          pump()
        })
        w.on('error', (e) => {
          reject(e)
          fail(e)
        })
        w.on('exit', (code) => {
          if (code !== 0 && failure === undefined) fail(new CliError(`a sample worker stopped (exit code ${code})`))
        })
      })
    }),
  ).catch(async (e: unknown) => {
    await Promise.all(threads.map((t) => t.terminate()))
    throw e
  })
  const aborted = () => request.signal?.aborted === true
  // an AbortSignal (the CLI's) wakes the pacing at once; any other signal is seen at the next block
  const abortable = request.signal as
    | { addEventListener?: (type: 'abort', f: () => void) => void; removeEventListener?: (type: 'abort', f: () => void) => void }
    | undefined
  abortable?.addEventListener?.('abort', notify)
  const blocks: BlockSource = {
    take(b) {
      taken = Math.max(taken, b + 1)
      const block = received.get(b)
      received.delete(b)
      pump()
      advance()
      return block ?? undefined
    },
  }
  async function* paced(chunks: Iterable<Table>): AsyncGenerator<Table> {
    const it = chunks[Symbol.iterator]()
    const chunkRows = request.chunkRows ?? DEFAULT_CHUNK_ROWS
    try {
      for (let first = 0; first < request.rows; first += chunkRows) {
        const last = Math.floor((Math.min(request.rows, first + chunkRows) - 1) / STREAM_BLOCK_ROWS)
        while (arrived <= last && failure === undefined && !aborted()) await new Promise<void>((r) => (wake = r))
        if (failure) throw failure
        const next = it.next()
        if (next.done) return
        yield next.value
      }
      const rest = it.next()
      if (!rest.done) throw new CliError('the stream yielded more rows than asked for')
    } finally {
      it.return?.()
    }
  }
  return {
    rng,
    blocks,
    paced,
    close: async () => {
      abortable?.removeEventListener?.('abort', notify)
      await Promise.all(threads.map((t) => t.terminate()))
    },
  }
}
