import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseTableSchema } from '@synthkit/core'
import { afterAll, describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { lines, runCli, runMain, tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)

describe('synthkit infer', () => {
  it('prints the schema of adult as a table with a reason per column and saves a valid schema', () => {
    const out = join(tmp.dir, 'adult.schema.json')
    const r = runCli(['infer', '--data', dataPath('adult'), '--out', out, '--name', 'adult'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('48842 rows × 15 columns')
    const ageLine = lines(r.stdout).find((l) => l.startsWith('age '))
    expect(ageLine).toMatch(/numerical\s+int/)
    expect(lines(r.stdout).find((l) => l.startsWith('native_country'))).toMatch(/categorical\s+41:/)
    const schema = parseTableSchema(JSON.parse(readFileSync(out, 'utf8')))
    expect(schema.name).toBe('adult')
    expect(schema.columns.map((c) => c.name)).toContain('income')
  })

  it('recognises the dates of seattle_weather', () => {
    const r = runCli(['infer', '--data', dataPath('seattle_weather')])
    expect(r.code).toBe(0)
    expect(lines(r.stdout).find((l) => l.startsWith('date '))).toMatch(/datetime/)
  })
})

describe('bad input gives one line on stderr, a non-zero exit and no output file', () => {
  // [what, argv, stderr, exit code, through the bin (else in-process via main)]
  const cases: [string, () => string[], RegExp, number, boolean?][] = [
    ['a missing file', () => ['infer', '--data', join(tmp.dir, 'nope.csv')], /nope\.csv: no such file/, 2, true],
    ['an unknown file type', () => ['infer', '--data', join(tmp.dir, 'data.xlsx')], /unknown file type "\.xlsx"/, 2],
    [
      'a ragged CSV',
      () => {
        const p = join(tmp.dir, 'ragged.csv')
        writeFileSync(p, 'a,b\n1,2\n3\n')
        return ['infer', '--data', p]
      },
      /ragged\.csv: line 3: 1 fields, but the header has 2/,
      2,
      true,
    ],
    [
      'a binary file posing as CSV',
      () => {
        const p = join(tmp.dir, 'binary.csv')
        writeFileSync(p, Buffer.from([0x61, 0x0a, 0x80, 0x81, 0x0a]))
        return ['infer', '--data', p]
      },
      /binary\.csv: line 2: invalid UTF-8/,
      2,
    ],
    ['an unknown option', () => ['infer', '--data', 'x.csv', '--bogus'], /unknown option '--bogus'/, 2, true],
    ['a missing required option', () => ['infer'], /required option '--data <file>' not specified/, 2],
    ['an unknown command', () => ['infre'], /unknown command 'infre'.*infer/, 2],
  ]
  for (const [what, args, message, code, viaBin] of cases) {
    it(`reports ${what}${viaBin ? ' (through the bin)' : ''}`, async () => {
      const out = join(tmp.dir, 'schema-out.json')
      const argv = args()
      const full = argv[0] === 'infer' && argv.includes('--data') && !argv.includes('--bogus') ? [...argv, '--out', out] : argv
      const r = viaBin ? runCli(full) : await runMain(full)
      expect(r.code).toBe(code)
      expect(lines(r.stderr)).toHaveLength(1)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/) // no stack trace without --verbose
      expect(existsSync(out)).toBe(false)
    })
  }

  it('adds the stack trace with --verbose', () => {
    const r = runCli(['--verbose', 'infer', '--data', join(tmp.dir, 'ragged.csv')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/\bat .*:\d+/)
  })

  it('refuses to write into a folder that does not exist', () => {
    const r = runCli(['infer', '--data', dataPath('penguins'), '--out', join(tmp.dir, 'missing', 'schema.json')])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/cannot write .*schema\.json: the folder .*missing does not exist/)])
  })
})
