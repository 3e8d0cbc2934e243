import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type TableSchema, parseDatetime } from '@synthkit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { parseConditions } from '../src/index'
import { runMain, tempDir } from './helpers'

const schema: TableSchema = {
  columns: [
    { name: 'tenure', kind: 'numerical', type: 'int' },
    { name: 'charges', kind: 'numerical', type: 'float' },
    { name: 'signup', kind: 'datetime', format: 'YYYY-MM-DD' },
    { name: 'seen', kind: 'datetime', format: 'YYYY-MM-DD HH:mm:ss' },
    { name: 'plan', kind: 'categorical' },
  ],
}
const observed = {
  tenure: { min: 0, max: 72 },
  charges: { min: 18.25, max: 118.75 },
  signup: { min: parseDatetime('2014-01-01', 'YYYY-MM-DD'), max: parseDatetime('2014-12-31', 'YYYY-MM-DD') },
}
const where = (clauses: string[]) => parseConditions(clauses, schema, { observed })

describe('--where: operators, integers, datetimes and the observed range', () => {
  it('accepts the observed minimum and maximum themselves, and ranges that reach them', () => {
    expect(where(['tenure=72'])).toEqual({ tenure: 72 })
    expect(where(['tenure=0'])).toEqual({ tenure: 0 })
    expect(where(['charges=118.75'])).toEqual({ charges: 118.75 })
    expect(where(['tenure>=72'])).toEqual({ tenure: { min: 72 } })
    expect(where(['tenure=60..90'])).toEqual({ tenure: { min: 60, max: 90 } })
  })

  it('refuses values outside the observed range with the range and the column in the message', () => {
    expect(() => where(['tenure=73'])).toThrow('--where "tenure=73": 73 is outside the observed range of "tenure" (0 to 72)')
    expect(() => where(['tenure>72'])).toThrow(/outside the observed range of "tenure" \(0 to 72\)/)
    expect(() => where(['tenure<0'])).toThrow(/outside the observed range of "tenure"/)
    expect(() => where(['charges=200..300'])).toThrow(/"charges" \(18\.25 to 118\.75\)/)
    expect(() => where(['signup=2015-03-01'])).toThrow(/outside the observed range of "signup" \(2014-01-01 to 2014-12-31\)/)
  })

  it('on an integer column rejects a fraction for equality and turns strict and fractional bounds into whole ones', () => {
    expect(() => where(['tenure=30.5'])).toThrow(/column "tenure" holds whole numbers; 30\.5 cannot occur/)
    expect(where(['tenure>60'])).toEqual({ tenure: { min: 61 } })
    expect(where(['tenure<20'])).toEqual({ tenure: { max: 19 } })
    expect(where(['tenure>=30.5', 'tenure<=40.5'])).toEqual({ tenure: { min: 31, max: 40 } })
    expect(where(['tenure>59.5'])).toEqual({ tenure: { min: 60 } })
  })

  it('on a float column a strict bound is the next representable number', () => {
    const c = where(['charges>50', 'charges<60']).charges as { min: number; max: number }
    expect(c.min).toBeGreaterThan(50)
    expect(c.min - 50).toBeLessThan(1e-13)
    expect(c.max).toBeLessThan(60)
    expect(60 - c.max).toBeLessThan(1e-13)
    expect(() => where(['charges>60', 'charges<60'])).toThrow(/empty range/)
  })

  it('reads one datetime as its whole day, a timestamp as that instant, and strict datetime bounds', () => {
    const day = parseDatetime('2014-06-01', 'YYYY-MM-DD')
    expect(where(['signup=2014-06-01'])).toEqual({ signup: { min: day, max: day + 86_400_000 - 1 } })
    expect(where(['signup>2014-06-01'])).toEqual({ signup: { min: day + 1 } })
    const t = parseDatetime('2014-06-01 10:30:00', 'YYYY-MM-DD HH:mm:ss')
    expect(where(['seen=2014-06-01 10:30:00'])).toEqual({ seen: t })
    expect(() => where(['signup=June'])).toThrow(/column "signup" is a datetime \(YYYY-MM-DD\); could not read "June"/)
  })

  it('names the column when an operator does not fit its kind', () => {
    expect(() => where(['plan>3'])).toThrow('--where "plan>3": > needs a numerical column (or a datetime); "plan" is categorical')
  })
})

describe('--where end to end on adult (age 17 to 90, whole years)', () => {
  const { dir, cleanup } = tempDir('synthkit-where-')
  const model = join(dir, 'adult.json')
  afterAll(cleanup)
  beforeAll(async () => {
    const fit = await runMain(['fit', '--data', dataPath('adult'), '--seed', '1', '--out', model])
    expect(fit.code, fit.stderr).toBe(0)
  }, 120_000)

  const ages = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]))

  it('samples the observed maximum, a strict bound, and refuses 91 and 30.5 naming the column', async () => {
    const out = join(dir, 'max.csv')
    const max = await runMain(['sample', '--model', model, '--rows', '300', '--seed', '2', '--out', out, '--where', 'age=90'])
    expect(max.code, max.stderr).toBe(0)
    expect(new Set(ages(out))).toEqual(new Set([90]))
    const strict = join(dir, 'strict.csv')
    const over = await runMain(['sample', '--model', model, '--rows', '300', '--seed', '2', '--out', strict, '--where', 'age>60'])
    expect(over.code, over.stderr).toBe(0)
    expect(Math.min(...ages(strict))).toBeGreaterThanOrEqual(61)
    const outside = await runMain(['sample', '--model', model, '--rows', '10', '--out', join(dir, 'x.csv'), '--where', 'age=91'])
    expect(outside.code).toBe(2)
    expect(outside.stderr).toContain('91 is outside the observed range of "age" (17 to 90)')
    const half = await runMain(['sample', '--model', model, '--rows', '10', '--out', join(dir, 'y.csv'), '--where', 'age=30.5'])
    expect(half.code).toBe(2)
    expect(half.stderr).toContain('column "age" holds whole numbers')
  }, 120_000)
})
