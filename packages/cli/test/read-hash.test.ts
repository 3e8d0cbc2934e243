import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { loadTable, readRawTable, writeParquetChunks } from '../src/index'
import { dataPath } from '../../../testing/data'
import { runMain, tempDir } from './helpers'

// The model's lineage and the card name the input by the SHA-256 of its bytes as stored. The reader hashes them
// while it reads, so fit does not read the file a second time only to hash it.

const tmp = tempDir()
afterAll(tmp.cleanup)
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('the read hashes the file as stored', () => {
  it('CSV, .csv.gz (the compressed bytes; sha256 stays the text hash) and Parquet', async () => {
    const text = readFileSync(dataPath('penguins'), 'utf8')
    const csv = join(tmp.dir, 'p.csv')
    const gz = join(tmp.dir, 'p.csv.gz')
    writeFileSync(csv, text)
    writeFileSync(gz, gzipSync(Buffer.from(text)))
    const plain = await readRawTable(csv)
    expect(plain.fileSha256).toBe(sha(csv))
    expect(plain.sha256).toBe(sha(csv))
    const zipped = await readRawTable(gz)
    expect(zipped.fileSha256).toBe(sha(gz))
    expect(zipped.sha256).toBe(sha(csv))
    const loaded = await loadTable(csv)
    const pq = join(tmp.dir, 'p.parquet')
    await writeParquetChunks(pq, loaded.schema, [loaded.table])
    expect((await readRawTable(pq)).fileSha256).toBe(sha(pq))
  })

  it('fit records that hash in the lineage', async () => {
    const gz = join(tmp.dir, 'p.csv.gz')
    const model = join(tmp.dir, 'm.json')
    const r = await runMain(['fit', '--data', gz, '--method', 'copula', '--seed', '1', '--no-discover', '--out', model])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(readFileSync(model, 'utf8')).lineage.sha256).toBe(sha(gz))
  })
})
