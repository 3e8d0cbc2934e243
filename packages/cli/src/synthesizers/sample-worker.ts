// The worker thread of `synthkit sample --workers N` (built as dist/sample-worker.js, started by sample-pool.ts):
// loads the model file once, then draws the block ranges the coordinator asks for through the synthesizer's own
// stream (`request.shard`), and posts each block's rows and unique keys back. It writes nothing.
import { parentPort, workerData } from 'node:worker_threads'
import { type Table, createRng, createRngFromState, isSynthkitError } from '@synthkit/core'
import { fileSha256 } from '../io/table-io'
import { readModelFile } from './model-file'
import { defaultRegistry } from './registry'
import type { WorkerData, WorkerReply, WorkerTask } from './sample-messages'

async function run(): Promise<void> {
  const port = parentPort
  if (port === null) throw new Error('sample-worker.js runs only as a worker thread of synthkit sample --workers')
  const data = workerData as WorkerData
  const sha256 = await fileSha256(data.modelPath)
  if (sha256 !== data.modelSha256) throw new Error(`${data.modelPath} changed while it was being sampled`)
  const loaded = await readModelFile(data.modelPath, defaultRegistry)
  if (loaded.synthesizer.method !== data.method)
    throw new Error(`${data.modelPath} now holds a ${loaded.synthesizer.method} model, not the ${data.method} model being sampled`)
  const { synthesizer, model } = loaded
  port.on('message', (task: WorkerTask) => {
    // Each task starts from the stream's root generator: the shard skips the earlier blocks' splits (one split each,
    // ≈ 0.1 µs), so a task's rows depend on its block range only, never on which worker drew what before.
    const rng = data.root.kind === 'seed' ? createRng(data.root.seed) : createRngFromState(data.root.state)
    const keys: (readonly (readonly string[])[])[] = []
    const rows: Table[] = []
    try {
      const chunks = synthesizer.stream(model, {
        rows: data.rows,
        rng,
        conditions: data.conditions ?? undefined,
        shard: { firstBlock: task.firstBlock, endBlock: task.endBlock, accepted: (_b, k) => keys.push(k) },
      })
      for (const chunk of chunks) rows.push(chunk.rows)
      if (rows.length !== task.endBlock - task.firstBlock || keys.length !== rows.length)
        throw new Error(
          `${synthesizer.method} did not honour the shard (blocks ${task.firstBlock}–${task.endBlock - 1}): ${rows.length} chunks, ${keys.length} key sets`,
        )
      const reply: WorkerReply = {
        type: 'blocks',
        task: task.task,
        blocks: rows.map((r, i) => ({ block: task.firstBlock + i, rows: r, keys: keys[i]! })),
      }
      port.postMessage(reply)
    } catch (e) {
      // A block the constraints cannot fill alone is left to the coordinator, which draws it as the serial stream
      // would (with the true unique keys) and reports the serial stream's own error if it fails there too.
      const reply: WorkerReply =
        isSynthkitError(e) && e.code === 'CONSTRAINT_UNSATISFIABLE'
          ? { type: 'unfilled', task: task.task }
          : { type: 'error', task: task.task, message: e instanceof Error ? e.message : String(e) }
      port.postMessage(reply)
    }
  })
  port.postMessage({ type: 'ready' } satisfies WorkerReply)
}

run().catch((e: unknown) => {
  parentPort?.postMessage({ type: 'error', task: -1, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply)
})
