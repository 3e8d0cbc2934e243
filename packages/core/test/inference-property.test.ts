import fc from 'fast-check'
import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_MISSING_VALUES,
  booleanLabels,
  decodeColumnsWithProblems,
  inferSchema,
  missingMarkerTest,
  parseDatetime,
} from '../src/index'

// For random columns that mix numbers, missing markers, thousands-separated numbers, non-finite values, 64-bit
// integers, dates and junk, inference + decoding never lose a value silently: every cell is missing (empty or a
// marker), or decodes to exactly its value, or is listed as a problem with its row — and inference counted the
// same problem rows before decoding.

const cell = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: -100000, max: 100000 }).map(String) },
  { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => String(Math.round(x * 100) / 100)) },
  { weight: 2, arbitrary: fc.constantFrom(...DEFAULT_MISSING_VALUES) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 999999 }).map((x) => x.toLocaleString('en-US')) },
  { weight: 1, arbitrary: fc.constantFrom('Infinity', '-inf', 'abc', 'n.a.', '1.2.3', '12abc', ' 7 ', '0x1F', '1e400') },
  { weight: 1, arbitrary: fc.bigInt({ min: 9007199254740993n, max: 2n ** 63n }).map(String) },
  {
    weight: 1,
    arbitrary: fc
      .date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  },
  { weight: 1, arbitrary: fc.constantFrom('2020-02-30', '2021-13-01', 'Jun 12 1998', 'true', 'false') },
)

// Columns mostly of one flavour, so that every kind is reached: numbers, dates or categories with noise.
const column = fc.oneof(
  fc.array(cell, { minLength: 1, maxLength: 60 }),
  fc.array(fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 500 }).map(String) }, { weight: 1, arbitrary: cell }), {
    minLength: 20,
    maxLength: 80,
  }),
  fc.array(
    fc.oneof(
      {
        weight: 20,
        arbitrary: fc
          .date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2010, 0, 1)), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
      },
      { weight: 1, arbitrary: cell },
    ),
    { minLength: 20, maxLength: 80 },
  ),
  fc.array(fc.oneof({ weight: 20, arbitrary: fc.constantFrom('red', 'green', 'blue') }, { weight: 1, arbitrary: cell }), {
    minLength: 20,
    maxLength: 80,
  }),
)

const CELL_CODES = new Set(['not-a-number', 'non-finite', 'invalid-date', 'not-a-date'])

describe('inference + decoding lose no value silently', () => {
  it('every non-missing cell decodes to its exact value or is listed as a problem with its row', () => {
    const isMarker = missingMarkerTest(DEFAULT_MISSING_VALUES)
    fc.assert(
      fc.property(column, (values) => {
        const { schema, columns } = inferSchema({ x: values })
        const spec = schema.columns[0]
        const decoded = decodeColumnsWithProblems({ x: values }, schema)
        if (E.isLeft(decoded)) throw decoded.left
        const { table, problems, problemCount } = decoded.right
        const problemRows = new Set(problems.map((p) => p.row))
        const reported = columns[0].problems.filter(
          (p) => CELL_CODES.has(p.code) || (p.code === 'unsafe-integer' && spec.kind === 'numerical'),
        )
        expect(problemCount).toBe(reported.reduce((s, p) => s + p.count, 0))
        const data = table.columns.x
        values.forEach((v, r) => {
          if (isMarker(v)) {
            expect(problemRows.has(r)).toBe(false)
            return
          }
          if (problemRows.has(r)) return
          const s = v.trim()
          if (data.type === 'numeric') {
            if (spec.kind === 'numerical') {
              const sep = spec.thousandsSeparator
              expect(data.values[r]).toBe(Number(sep ? s.split(sep).join('') : s))
            } else
              expect(data.values[r]).toBe(
                parseDatetime(s, spec.kind === 'datetime' && !spec.formats ? spec.format : undefined) || data.values[r],
              )
            expect(Number.isNaN(data.values[r])).toBe(false)
          } else if (data.type === 'coded') {
            if (spec.kind === 'boolean') expect(booleanLabels(spec)[data.codes[r]]).toBe(v)
            else expect(data.dictionary[data.codes[r]]).toBe(v)
          } else expect(data.values[r]).toBe(v)
        })
      }),
      { numRuns: 300, seed: 20261201 },
    )
  })
})
