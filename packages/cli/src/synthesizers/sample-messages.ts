import type { Conditions, ShardBlock } from '@synthkit/core'

/** The stream's root generator, as a worker rebuilds it: from the seed, or from a random state when no seed is given. */
export type RootGenerator =
  | { readonly kind: 'seed'; readonly seed: number }
  | { readonly kind: 'state'; readonly state: readonly [number, number, number, number] }

/** What a sample worker starts with. */
export interface WorkerData {
  readonly modelPath: string
  /** SHA-256 of the model file when the pool started: a worker refuses a file that changed since. */
  readonly modelSha256: string
  readonly method: string
  readonly rows: number
  readonly conditions: Conditions | null
  readonly root: RootGenerator
}

/** Draw blocks [firstBlock, endBlock). */
export interface WorkerTask {
  readonly task: number
  readonly firstBlock: number
  readonly endBlock: number
}

/** A worker's answer: ready (model loaded), a task's blocks, a task the constraints could not fill, or an error. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'blocks'; readonly task: number; readonly blocks: readonly ShardBlock[] }
  | { readonly type: 'unfilled'; readonly task: number }
  | { readonly type: 'error'; readonly task: number; readonly message: string }
