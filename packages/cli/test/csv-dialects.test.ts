import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { detectDelimiter, loadTable, readCsvColumns, readRawTable, writeTable } from '../src/index'
import { PACKAGE_DIR, tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)
let k = 0
function file(content: string | Uint8Array, ext = '.csv'): string {
  const path = join(tmp.dir, `f${k++}${ext}`)
  writeFileSync(path, content)
  return path
}
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected a failure')
}

const ROWS = [
  ['name', 'city', 'n'],
  ['Ana', 'São Paulo', '1'],
  ['Bo', 'Zürich', '22'],
  ['Chen', 'a "quoted" town', '333'],
]
const csvText = (d: string, eol: string) =>
  ROWS.map((r) => r.map((f) => (f.includes('"') || f.includes(d) ? `"${f.replaceAll('"', '""')}"` : f)).join(d)).join(eol) + eol

describe('CSV delimiters', () => {
  for (const [label, d] of [
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ] as const) {
    it(`detects the ${label} delimiter and reads the same table`, async () => {
      const got = await readCsvColumns(file(csvText(d, '\n')))
      expect(got.delimiter).toBe(d)
      expect(got.header).toEqual(ROWS[0])
      expect(got.columns[1]).toEqual(['São Paulo', 'Zürich', 'a "quoted" town'])
    })
  }

  it('a semicolon file with decimal commas is two columns, not one "a;b" column', async () => {
    const got = await readCsvColumns(file('a;b\n1,5;2,25\n3,0;4,75\n'))
    expect(got.header).toEqual(['a', 'b'])
    expect(got.columns[0]).toEqual(['1,5', '3,0'])
  })

  it('ignores delimiters inside quoted fields when detecting', () => {
    expect(detectDelimiter('a;b\n"x,y,z";1\n"p,q";2\n')).toBe(';')
    expect(detectDelimiter('only\none\n')).toBe(',')
  })

  it('a forced delimiter wins over detection, and a bad one is refused', async () => {
    const path = file('a,b;c\n1,2;3\n')
    expect((await readCsvColumns(path, { delimiter: ';' })).header).toEqual(['a,b', 'c'])
    expect((await readCsvColumns(path, { delimiter: 'tab' })).header).toEqual(['a,b;c'])
    expect(await failure(readCsvColumns(path, { delimiter: '""' }))).toMatch(/one character/)
  })

  it('.tsv files are read with tabs', async () => {
    const raw = await readRawTable(file('a\tb\n1\t2\n', '.tsv'))
    expect(raw.header).toEqual(['a', 'b'])
  })
})

describe('CSV line ends', () => {
  const cases: [string, string][] = [
    ['LF', 'a,b\n1,2\n3,4\n'],
    ['CRLF', 'a,b\r\n1,2\r\n3,4\r\n'],
    ['CR (old Mac)', 'a,b\r1,2\r3,4\r'],
    ['an LF header with CRLF rows', 'a,b\n1,2\r\n3,4\r\n'],
    ['a CRLF header with LF rows', 'a,b\r\n1,2\n3,4\n'],
    ['a mix of all three and no final line end', 'a,b\r\n1,2\r3,4'],
  ]
  for (const [what, text] of cases) {
    it(`reads ${what} with no \\r left in any value`, async () => {
      const got = await readCsvColumns(file(text))
      expect(got.header).toEqual(['a', 'b'])
      expect(got.columns).toEqual([
        ['1', '3'],
        ['2', '4'],
      ])
      expect(got.lineOfRow?.(1)).toBe(3)
    })
  }

  it('keeps a line break inside a quoted field as data', async () => {
    const got = await readCsvColumns(file('a,b\r\n"x\r\ny",2\r\n'))
    expect(got.columns[0]).toEqual(['x\r\ny'])
  })

  it('handles a CRLF split across read chunks', async () => {
    const big = `a,b\r\n${'1,2\r\n'.repeat(40_000)}`
    const got = await readCsvColumns(file(big))
    expect(got.nRows).toBe(40_000)
    expect(got.columns[1].every((v) => v === '2')).toBe(true)
  })
})

describe('CSV encodings and compression', () => {
  it('reads latin1 when told, and says which encoding to try when the bytes are not UTF-8', async () => {
    const path = file(Buffer.from('name,city\nAna,São Paulo\nBo,Zürich\n', 'latin1'))
    expect(await failure(readCsvColumns(path))).toMatch(/line 2: invalid UTF-8.*latin1/)
    const got = await readCsvColumns(path, { encoding: 'latin1' })
    expect(got.columns[1]).toEqual(['São Paulo', 'Zürich'])
    expect(got.encoding).toBe('windows-1252')
  })

  it('reads UTF-16LE with its byte-order mark without being told, and UTF-16LE without one when told', async () => {
    const text = 'a;b\n東京;2\n'
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    expect((await readCsvColumns(file(le))).columns[0]).toEqual(['東京'])
    expect((await readCsvColumns(file(Buffer.from(text, 'utf16le')), { encoding: 'utf-16le' })).columns[0]).toEqual(['東京'])
  })

  it('rejects an unknown encoding name', async () => {
    expect(await failure(readCsvColumns(file('a\n1\n'), { encoding: 'klingon' }))).toMatch(/unknown text encoding "klingon"/)
  })

  it('strips a UTF-8 byte-order mark from the first header name', async () => {
    expect((await readCsvColumns(file('\uFEFFa;b\n1;2\n'))).header).toEqual(['a', 'b'])
  })

  it('reads .csv.gz (and gzip bytes under any name), hashing the CSV text', async () => {
    const text = csvText(';', '\r\n')
    const gz = await readCsvColumns(file(gzipSync(text), '.csv.gz'))
    const plain = await readCsvColumns(file(text))
    expect(gz.columns).toEqual(plain.columns)
    expect(gz.sha256).toBe(plain.sha256)
    expect((await readCsvColumns(file(gzipSync(text)))).columns).toEqual(plain.columns)
    expect(await failure(readCsvColumns(file(Buffer.from([0x1f, 0x8b, 1, 2, 3]), '.csv.gz')))).toMatch(/not a readable gzip file/)
  })

  it('writes .csv.gz and reads it back', async () => {
    const loaded = await loadTable(file('x,y\n1,a\n2,b\n'))
    const out = join(tmp.dir, 'out.csv.gz')
    await writeTable(out, loaded.schema, [loaded.table])
    expect((await readCsvColumns(out)).columns).toEqual([
      ['1', '2'],
      ['a', 'b'],
    ])
  })
})

describe('standard input', () => {
  it('reads CSV from "-" (piped input)', () => {
    // The built package in a child process, its stdin a pipe (build first: turbo's test task does).
    const dist = join(PACKAGE_DIR, 'dist', 'index.js')
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm --filter synthkit build\` first`)
    const script = `import(${JSON.stringify(dist)}).then(async (m) => { const r = await m.readCsvColumns('-'); console.log(JSON.stringify(r.columns)) })`
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: 'a|b\r\n1|2\n', encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual([['1'], ['2']])
  })
})

describe('loading with inference options and cell problems', () => {
  it('reads unreadable cells of an inferred schema as missing and lists them with rows', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${i === 5 ? 'Infinity' : i * 1.5},${i === 7 ? '2020-02-30' : `2020-01-${String((i % 28) + 1).padStart(2, '0')}`}`,
    )
    const loaded = await loadTable(file(`x,d\n${rows.join('\n')}\n`))
    expect(loaded.schema.columns.map((c) => c.kind)).toEqual(['numerical', 'datetime'])
    expect(loaded.cellProblemCount).toBe(2)
    expect(loaded.cellProblems.map((p) => [p.row, p.column])).toEqual([
      [5, 'x'],
      [7, 'd'],
    ])
    // with a given schema, the same file is refused, naming the line
    expect(await failure(loadTable(loaded.raw.path, { schema: loaded.schema }))).toMatch(
      /row 6 \(line 7\), column "x": expected a finite number/,
    )
  })

  it('passes inference options through (missing markers, kinds)', async () => {
    const loaded = await loadTable(file('x,y\n-999,1\n2,2\n3,3\n'), { infer: { missingValues: ['-999'], kinds: { y: 'text' } } })
    expect(loaded.schema.missingValues).toEqual(['-999'])
    expect(loaded.schema.columns[1].kind).toBe('text')
  })
})
