import fc from 'fast-check'
import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import {
  classifyNumber,
  decodeColumns,
  formatDatetime,
  fromColumns,
  isExactInteger,
  matchDatetime,
  parseDatetime,
  parseTableSchema,
} from '../src/index'

describe('month-name, unpadded and leap-second dates', () => {
  it('reads and writes month names and abbreviations in any case', () => {
    expect(parseDatetime('Jun 12 1998', 'MMM D YYYY')).toBe(Date.UTC(1998, 5, 12))
    expect(parseDatetime('jun 2 1998', 'MMM D YYYY')).toBe(Date.UTC(1998, 5, 2))
    expect(parseDatetime('SEPTEMBER 30, 2001', 'MMMM D, YYYY')).toBe(Date.UTC(2001, 8, 30))
    expect(formatDatetime(Date.UTC(1998, 5, 2), 'MMM D YYYY')).toBe('Jun 2 1998')
    expect(formatDatetime(Date.UTC(1998, 5, 2), 'D MMMM YYYY')).toBe('2 June 1998')
    expect(Number.isNaN(parseDatetime('Jnu 12 1998', 'MMM D YYYY'))).toBe(true)
  })

  it('round-trips every day of 1900–2100 through each month-name format', () => {
    for (const format of ['MMM D YYYY', 'MMMM D, YYYY', 'DD-MMM-YYYY', 'M/D/YYYY H:mm']) {
      fc.assert(
        fc.property(fc.integer({ min: -25567, max: 47482 }), (day) => {
          const ms = day * 86400000 + (format.includes('H') ? 13 * 3600000 + 5 * 60000 : 0)
          expect(parseDatetime(formatDatetime(ms, format), format)).toBe(ms)
        }),
        { numRuns: 200, seed: 7 },
      )
    }
  })

  it('tells an impossible date from a text of another shape', () => {
    expect(matchDatetime('2020-02-30', 'YYYY-MM-DD').status).toBe('invalid')
    expect(matchDatetime('2020-02-30').status).toBe('invalid')
    expect(matchDatetime('2021-02-29', 'YYYY-MM-DD').status).toBe('invalid')
    expect(matchDatetime('2020-02-29', 'YYYY-MM-DD').status).toBe('ok')
    expect(matchDatetime('hello', 'YYYY-MM-DD').status).toBe('nomatch')
  })

  it('accepts a leap second as the last millisecond of its minute (order kept)', () => {
    const leap = parseDatetime('2016-12-31T23:59:60Z')
    expect(leap).toBe(Date.UTC(2016, 11, 31, 23, 59, 59, 999))
    expect(leap).toBeLessThan(parseDatetime('2017-01-01T00:00:00Z'))
    expect(leap).toBeGreaterThan(parseDatetime('2016-12-31T23:59:59Z'))
    expect(Number.isNaN(parseDatetime('2016-12-31T23:59:61Z'))).toBe(true)
  })
})

describe('number text classes', () => {
  it('classifies numbers, grouped numbers, non-finite values, unsafe integers and zero-padded codes', () => {
    expect(classifyNumber('12.5')).toBe('number')
    expect(classifyNumber('123,456')).toBe('grouped')
    expect(classifyNumber('12,34')).toBe('other')
    expect(classifyNumber('-Infinity')).toBe('non-finite')
    expect(classifyNumber('1e400')).toBe('non-finite')
    expect(classifyNumber('9007199254740993')).toBe('unsafe-integer')
    expect(classifyNumber('9007199254740992')).toBe('number')
    expect(classifyNumber('02134')).toBe('leading-zero')
  })

  it('an integer literal is exact exactly when the double holds it or writes it back as the same text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), (b) => {
        const x = Number(b)
        expect(isExactInteger(String(b))).toBe(BigInt(x) === b || String(x) === String(b))
        // what synthkit writes (String of a double) always reads back exactly
        if (Number.isInteger(x) && Math.abs(x) < 1e21) expect(isExactInteger(String(x))).toBe(true)
      }),
      { numRuns: 2000, seed: 11 },
    )
  })
})

describe('decoding against a schema never rounds or drops silently', () => {
  const schema = parseTableSchema({ columns: [{ name: 'k', kind: 'numerical', type: 'int' }], missingValues: ['', 'NA'] })

  it('refuses an integer a double cannot hold exactly, naming the rounded value', () => {
    const r = decodeColumns({ k: ['1', '9007199254740993'] }, schema)
    expect(E.isLeft(r) && r.left.issues[0]).toMatchObject({ row: 1, column: 'k' })
    expect(E.isLeft(r) && r.left.issues[0].message).toMatch(/9007199254740993 cannot be held exactly.*9007199254740992/)
    const big = decodeColumns({ k: [9007199254740993n] }, schema)
    expect(E.isLeft(big)).toBe(true)
  })

  it('reads the schema missing markers and a declared thousands separator; refuses one that is not declared', () => {
    const t = fromColumns({ k: ['NA', '7'] }, schema)
    expect(Array.from((t.columns.k as { values: Float64Array }).values)).toEqual([Number.NaN, 7])
    const sep = parseTableSchema({ columns: [{ name: 'k', kind: 'numerical', type: 'int', thousandsSeparator: ',' }] })
    expect(Array.from((fromColumns({ k: ['1,234,567'] }, sep).columns.k as { values: Float64Array }).values)).toEqual([1234567])
    const r = decodeColumns({ k: ['1,234'] }, schema)
    expect(E.isLeft(r) && r.left.issues[0].message).toMatch(/thousands separator/)
  })

  it('without missingValues in the schema, NA is not missing (schemas written before markers keep their meaning)', () => {
    const plain = parseTableSchema({ columns: [{ name: 'c', kind: 'categorical' }] })
    const t = fromColumns({ c: ['NA', ''] }, plain)
    expect(t.columns.c).toMatchObject({ dictionary: ['NA'] })
  })

  it('reads a datetime column in several formats and writes it in the first', () => {
    const s = parseTableSchema({ columns: [{ name: 'd', kind: 'datetime', format: 'YYYY-MM-DD', formats: ['MMM D YYYY'] }] })
    const t = fromColumns({ d: ['1998-06-12', 'Jun 12 1998'] }, s)
    expect(Array.from((t.columns.d as { values: Float64Array }).values)).toEqual([Date.UTC(1998, 5, 12), Date.UTC(1998, 5, 12)])
    expect(() => parseTableSchema({ columns: [{ name: 'd', kind: 'datetime', format: 'date' }] })).toThrow(/no date or time token/)
  })
})
