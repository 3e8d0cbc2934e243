import { inferSchemaE } from '@synthkit/core'
import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import { CliError, EXIT, inferOptionsFromFlags, inferenceProblemLines, splitList } from '../src/index'

function usageError(f: () => unknown): CliError {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(CliError)
    expect((e as CliError).exitCode).toBe(EXIT.input)
    return e as CliError
  }
  throw new Error('expected a CliError')
}

describe('inference flags → InferOptions', () => {
  it('turns every flag into its option', () => {
    expect(
      inferOptionsFromFlags({
        naValues: 'NA,-999',
        id: ['patient_id', 'visit_id,site'],
        categoricalMax: '500',
        dateFormat: ['admitted=DD.MM.YYYY', 'admitted=MMM D YYYY', 'born=YYYY'],
        kind: ['zip=categorical'],
        sensitivity: ['diagnosis=sensitive', 'zip=quasi-identifier'],
      }),
    ).toEqual({
      missingValues: ['', 'NA', '-999'],
      idColumns: ['patient_id', 'visit_id', 'site'],
      categoricalMax: 500,
      dateFormats: { admitted: ['DD.MM.YYYY', 'MMM D YYYY'], born: ['YYYY'] },
      kinds: { zip: 'categorical' },
      sensitivity: { diagnosis: 'sensitive', zip: 'quasi-identifier' },
    })
    expect(inferOptionsFromFlags({})).toEqual({})
  })

  it('--na-values "" means only empty cells are missing; \\, is a comma inside a marker', () => {
    expect(inferOptionsFromFlags({ naValues: '' }).missingValues).toEqual([''])
    expect(splitList('a\\,b,c')).toEqual(['a,b', 'c'])
  })

  it('a date format may contain "=" (split at the first one)', () => {
    expect(inferOptionsFromFlags({ dateFormat: 'd=YYYY=MM' }).dateFormats).toEqual({ d: ['YYYY=MM'] })
  })

  it('refuses malformed values with a usage error naming the flag', () => {
    expect(usageError(() => inferOptionsFromFlags({ categoricalMax: '0' })).message).toMatch(/--categorical-max expects a whole number/)
    expect(usageError(() => inferOptionsFromFlags({ categoricalMax: '12.5' })).message).toMatch(/--categorical-max/)
    expect(usageError(() => inferOptionsFromFlags({ kind: 'zip' })).message).toMatch(/--kind expects COLUMN=VALUE/)
    expect(usageError(() => inferOptionsFromFlags({ kind: 'zip=decimal' })).message).toMatch(/unknown kind \(use one of numerical/)
    expect(usageError(() => inferOptionsFromFlags({ kind: ['a=text', 'a=id'] })).message).toMatch(/two kinds/)
    expect(usageError(() => inferOptionsFromFlags({ sensitivity: 'a=secret' })).message).toMatch(/unknown tag/)
    expect(usageError(() => inferOptionsFromFlags({ dateFormat: '=YYYY' })).message).toMatch(/--date-format expects COLUMN=VALUE/)
    expect(usageError(() => inferOptionsFromFlags({ id: 'a,,b' })).message).toMatch(/--id expects column names/)
  })

  it('options from flags drive inference, and columns are checked against the data', () => {
    const data = { zip: ['02134', '10001', '02134'], when: ['12.06.1998', '13.06.1998', '-999'] }
    const r = inferSchemaE(data, inferOptionsFromFlags({ naValues: '-999', kind: 'zip=categorical', dateFormat: 'when=DD.MM.YYYY' }))
    if (E.isLeft(r)) throw r.left
    expect(r.right.schema.columns).toEqual([
      { name: 'zip', kind: 'categorical' },
      { name: 'when', kind: 'datetime', format: 'DD.MM.YYYY' },
    ])
    const unknown = inferSchemaE(data, inferOptionsFromFlags({ id: 'nope' }))
    expect(E.isLeft(unknown) && unknown.left.code).toBe('UNKNOWN_COLUMN')
  })
})

describe('problem lines', () => {
  it('lists warnings first with column, message and 1-based rows', () => {
    const values = Array.from({ length: 50 }, (_, i) => (i === 3 ? 'Infinity' : i === 9 ? 'NA' : String(i * 1.5)))
    const r = inferSchemaE({ x: values })
    if (E.isLeft(r)) throw r.left
    const lines = inferenceProblemLines(r.right, 1)
    expect(lines[0]).toMatch(/^warning: column "x": 1 non-finite values \("Infinity" \(row 4\)\).*\[rows 4\]$/)
    expect(lines[1]).toMatch(/^note: column "x": 1 values read as missing: "NA" ×1 \[rows 10\]$/)
    expect(lines[2]).toMatch(/1 cell did not fit/)
    expect(inferenceProblemLines(r.right, 0, { info: false })).toHaveLength(1)
  })
})
