import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fromColumns, type TableSchema } from '@synthkit/core'
import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { afterAll, describe, expect, it } from 'vitest'
import { csvField, csvHeader, csvRows, csvRowsBytes, readCsvColumns } from '../src/index'
import { loadCsvRecords } from '../../../testing/data'
import { DATASETS, dataPath } from '../../../testing/data'
import { tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)

function file(name: string, content: string | Uint8Array): string {
  const path = join(tmp.dir, name)
  writeFileSync(path, content)
  return path
}

async function failure(path: string): Promise<string> {
  try {
    await readCsvColumns(path)
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected the read to fail')
}

describe('reading CSV', () => {
  it('reads every shared dataset with the same records as a reference parse', async () => {
    for (const name of DATASETS) {
      if (name === 'flights_200k') continue
      const ref = loadCsvRecords(dataPath(name))
      const got = await readCsvColumns(dataPath(name))
      expect(got.header).toEqual(ref.header)
      expect(got.nRows).toBe(ref.records.length)
      const last = ref.records.length - 1
      expect(got.columns.map((c) => c[last])).toEqual(ref.records[last])
      expect(got.columns.map((c) => c[0])).toEqual(ref.records[0])
    }
  })

  it('names the line of a row with too few fields', async () => {
    const msg = await failure(file('ragged.csv', 'a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n'))
    expect(msg).toContain('ragged.csv')
    expect(msg).toMatch(/line 4\b/)
    expect(msg).toContain('2 fields, but the header has 3')
  })

  it('names the line of an unclosed quote and of a stray quote', async () => {
    expect(await failure(file('unclosed.csv', 'a,b\n1,2\n"3,4\n5,6\n'))).toMatch(/never closed/)
    const stray = await failure(file('stray.csv', 'a,b\n1,2\n3,"4"x\n'))
    expect(stray).toMatch(/line 3\b/)
    expect(stray).toMatch(/bad quoting/)
  })

  it('rejects invalid UTF-8 naming its line, also when the bad byte is far into the file', async () => {
    const good = 'a,b\n' + 'x,1\n'.repeat(50_000)
    const bytes = Buffer.concat([Buffer.from(good), Buffer.from([0x79, 0xff, 0x2c, 0x32, 0x0a])])
    const msg = await failure(file('latin.csv', bytes))
    expect(msg).toContain('invalid UTF-8')
    expect(msg).toMatch(/line 50002\b/)
    // A Latin-1 é (0xE9) followed by ASCII is not a UTF-8 sequence either.
    expect(await failure(file('latin1.csv', Buffer.from([0x61, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a])))).toMatch(/line 2\b.*invalid UTF-8/)
  })

  it('accepts multi-byte characters split across read chunks, a BOM and CRLF line ends', async () => {
    const text = '\ufeffname,city\r\n' + Array.from({ length: 30_000 }, (_, i) => `n${i},Zürich 東京 ${i}\r\n`).join('')
    const got = await readCsvColumns(file('utf8.csv', text))
    expect(got.header).toEqual(['name', 'city'])
    expect(got.nRows).toBe(30_000)
    expect(got.columns[1][29_999]).toBe('Zürich 東京 29999')
  })

  it('rejects an empty file, a duplicated header name and an empty header name', async () => {
    expect(await failure(file('empty.csv', ''))).toMatch(/empty/)
    expect(await failure(file('dup.csv', 'a,b,a\n1,2,3\n'))).toMatch(/"a" appears twice/)
    expect(await failure(file('blank.csv', 'a,,c\n1,2,3\n'))).toMatch(/column 2 has an empty name/)
  })

  it('maps data rows to file lines only when no record spans lines', async () => {
    const simple = await readCsvColumns(file('simple.csv', 'a\n1\n2\n'))
    expect(simple.lineOfRow?.(1)).toBe(3)
    const multi = await readCsvColumns(file('multi.csv', 'a,b\n"x\ny",1\n2,3\n'))
    expect(multi.columns[0][0]).toBe('x\ny')
    expect(multi.lineOfRow).toBeUndefined()
  })
})

describe('writing CSV', () => {
  it('quotes exactly the fields that need it', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(' padded')).toBe('" padded"')
  })

  it('round-trips arbitrary text and numbers through csv-parse unchanged', () => {
    const schema: TableSchema = {
      columns: [
        { name: 'text', kind: 'text' },
        { name: 'cat', kind: 'categorical' },
        { name: 'x', kind: 'numerical', type: 'float' },
      ],
    }
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.string({ minLength: 1, unit: 'grapheme' }),
            fc.constantFrom('a', 'b,c', 'd"e', 'f\ng'),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        (rows) => {
          const table = fromColumns({ text: rows.map((r) => r[0]), cat: rows.map((r) => r[1]), x: rows.map((r) => String(r[2])) }, schema)
          const text = csvHeader(table) + csvRows(table)
          // The byte writer used for files must produce exactly the same text.
          expect(new TextDecoder().decode(csvRowsBytes(table))).toBe(csvRows(table))
          const back: string[][] = parse(text, { relax_column_count: false })
          expect(back[0]).toEqual(['text', 'cat', 'x'])
          back.slice(1).forEach((rec, i) => {
            expect(rec[0]).toBe(rows[i][0])
            expect(rec[1]).toBe(rows[i][1])
            expect(Number(rec[2])).toBe(rows[i][2] === 0 ? 0 : rows[i][2])
          })
        },
      ),
      { numRuns: 200, seed: 42 },
    )
  })
})
