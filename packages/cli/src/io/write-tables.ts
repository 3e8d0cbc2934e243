import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Table, TableSchema } from '@synthkit/core'
import { CliError } from '../terminal/cli-error'
import { atomicWrite, checkWritable } from './atomic-write'
import { writeTable } from './table-io'

/** A file format for a folder of tables. JSON Lines takes a serializer of one chunk. */
export type TablesFormat = 'csv' | 'parquet' | { readonly jsonl: (rows: Table) => string }

/** One table written by {@link writeTables}. */
export interface WrittenTable {
  readonly table: string
  readonly path: string
  readonly rows: number
  readonly schema: TableSchema
}

/**
 * Writes a stream of chunks of several tables into one folder, one file per table (`<table>.<format>`), each
 * atomically. Chunks of different tables may interleave (children are generated block by block of their parents), so
 * each table gets its own writer fed through a one-slot queue: the stream advances only when the writer has taken
 * the chunk, so memory stays flat.
 */
export async function writeTables(
  dir: string,
  format: TablesFormat,
  schemaOf: (table: string) => TableSchema | undefined,
  chunks: Iterable<{ readonly table: string; readonly rows: Table }>,
  onChunk?: (table: string, rows: number) => void,
  /** Parquet key/value metadata of each table's file (its provenance mark). */
  metadataOf?: (table: string) => readonly { readonly key: string; readonly value: string }[],
): Promise<WrittenTable[]> {
  await mkdir(dir, { recursive: true }).catch((e: { code?: string }) => {
    throw new CliError(`cannot create the output folder ${dir} (${e.code ?? String(e)})`)
  })
  const ext = typeof format === 'string' ? format : 'jsonl'
  const writers = new Map<string, { queue: ChunkQueue; done: Promise<void>; rows: number; path: string; schema: TableSchema }>()
  try {
    for (const chunk of chunks) {
      let w = writers.get(chunk.table)
      if (!w) {
        const schema = schemaOf(chunk.table)
        if (!schema) throw new CliError(`rows of an unknown table "${chunk.table}"`)
        const path = join(dir, `${chunk.table}.${ext}`)
        await checkWritable(path)
        const queue = new ChunkQueue()
        const done =
          typeof format === 'string'
            ? writeTable(path, schema, queue, undefined, { metadata: metadataOf?.(chunk.table) })
            : writeJsonLines(path, queue, format.jsonl)
        // a failed writer must not leave the stream waiting on its queue
        done.catch(() => queue.close())
        w = { queue, done, rows: 0, path, schema }
        writers.set(chunk.table, w)
      }
      w.rows += chunk.rows.nRows
      onChunk?.(chunk.table, chunk.rows.nRows)
      await Promise.race([w.queue.push(chunk.rows), w.done])
    }
  } finally {
    for (const w of writers.values()) w.queue.close()
  }
  await Promise.all([...writers.values()].map((w) => w.done))
  return [...writers.entries()].map(([table, w]) => ({ table, path: w.path, rows: w.rows, schema: w.schema }))
}

async function writeJsonLines(path: string, chunks: AsyncIterable<Table>, serialize: (rows: Table) => string): Promise<void> {
  await atomicWrite(path, async (temp) => {
    async function* text(): AsyncGenerator<string> {
      for await (const chunk of chunks) yield serialize(chunk)
    }
    await pipeline(Readable.from(text()), createWriteStream(temp))
  })
}

/** An async iterable of chunks with room for one: `push` resolves when the consumer has taken the chunk. */
export class ChunkQueue implements AsyncIterable<Table> {
  private item: Table | null = null
  private closed = false
  private taken: (() => void) | null = null
  private ready: (() => void) | null = null

  push(table: Table): Promise<void> {
    this.item = table
    this.ready?.()
    this.ready = null
    return new Promise((resolve) => {
      this.taken = resolve
    })
  }

  close(): void {
    this.closed = true
    this.ready?.()
    this.ready = null
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Table> {
    for (;;) {
      if (this.item === null && !this.closed) await new Promise<void>((resolve) => (this.ready = resolve))
      if (this.item !== null) {
        const table = this.item
        this.item = null
        const taken = this.taken
        this.taken = null
        yield table
        taken?.()
        continue
      }
      if (this.closed) return
    }
  }
}
