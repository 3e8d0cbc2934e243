import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { atomicWrite, CliError, EXIT, reportError, writeTextAtomic } from '../src/index'
import { SynthkitError } from '@synthkit/core'
import { tempDir } from './helpers'

const tmp = tempDir()
afterAll(tmp.cleanup)

describe('atomic writes', () => {
  it('leaves neither the target nor a temp file when the writer fails half way', async () => {
    const target = join(tmp.dir, 'half.csv')
    await expect(
      atomicWrite(target, (temp) => {
        writeFileSync(temp, 'a,b\n1,2\n')
        throw new Error('disk on fire')
      }),
    ).rejects.toThrow('disk on fire')
    expect(existsSync(target)).toBe(false)
    expect(readdirSync(tmp.dir)).toEqual([])
  })

  it('keeps the previous file intact when a rewrite fails', async () => {
    const target = join(tmp.dir, 'keep.txt')
    await writeTextAtomic(target, 'version 1')
    await expect(atomicWrite(target, () => Promise.reject(new Error('no')))).rejects.toThrow('no')
    expect(readFileSync(target, 'utf8')).toBe('version 1')
  })

  it('refuses a target in a missing folder or that is a folder, before writing anything', async () => {
    await expect(writeTextAtomic(join(tmp.dir, 'nope', 'x.txt'), 'x')).rejects.toThrow(/folder .* does not exist/)
    mkdirSync(join(tmp.dir, 'adir'))
    await expect(writeTextAtomic(join(tmp.dir, 'adir'), 'x')).rejects.toThrow(/it is a folder/)
  })
})

describe('error reports', () => {
  it('shows a typed data error on one line naming row and column, with every issue only under --verbose', () => {
    const e = new SynthkitError('DATA_INVALID', 'Columns do not match the schema (2 problems)', [
      { path: 'age', row: 4, column: 'age', message: 'expected a number, got "x"' },
      { path: 'age', row: 9, column: 'age', message: 'expected a number, got "y"' },
    ])
    const quiet = reportError(e, false)
    expect(quiet.exitCode).toBe(EXIT.input)
    expect(quiet.lines).toHaveLength(1)
    expect(quiet.lines[0]).toContain('row 5, column age: expected a number, got "x"')
    expect(quiet.lines[0]).toContain('+1 more')
    const loud = reportError(e, true)
    expect(loud.lines.length).toBeGreaterThan(3)
  })

  it('gives bugs exit code 3 and user errors their own code', () => {
    expect(reportError(new TypeError('x is undefined'), false)).toMatchObject({ exitCode: EXIT.internal })
    expect(reportError(new CliError('gate failed', EXIT.gateFailed), false)).toEqual({ exitCode: 1, lines: ['synthkit: gate failed'] })
    const fsError = Object.assign(new Error('ENOENT'), { code: 'ENOENT', path: '/x/y.csv' })
    expect(reportError(fsError, false).lines).toEqual(['synthkit: /x/y.csv: no such file or directory (ENOENT)'])
  })
})
