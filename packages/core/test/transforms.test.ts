import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DATASETS, loadColumns } from '../../../testing/data'
import {
  createRng,
  discretize,
  fitDatetimeTransform,
  fitEqualWidthDiscretizer,
  fitFrequencyEncoder,
  fitQuantileDiscretizer,
  forwardDatetime,
  frequencyDecode,
  frequencyEncode,
  fromColumns,
  inferSchema,
  inverseDatetime,
  learnPrecision,
  roundTo,
  undiscretize,
  type CodedColumnData,
} from '../src/index'

const sameFloats = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]) || (Number.isNaN(x) && Number.isNaN(b[i])))

describe('transforms invert exactly on the real datasets', () => {
  for (const name of DATASETS) {
    it(`${name}: numerical, datetime and categorical encoders round-trip every column`, () => {
      const raw = loadColumns(name)
      const table = fromColumns(raw, inferSchema(raw).schema)
      const rng = createRng(name)
      for (const spec of table.schema.columns) {
        const col = table.columns[spec.name]
        if (col.type === 'numeric' && spec.kind === 'numerical') {
          // rounding to the learned precision gives every value back exactly
          const p = learnPrecision(col.values)
          if (p !== null)
            expect(
              sameFloats(
                col.values.map((x) => (Number.isNaN(x) ? x : roundTo(x, p))),
                col.values,
              ),
              spec.name,
            ).toBe(true)
        } else if (col.type === 'numeric') {
          const t = fitDatetimeTransform(col.values)
          expect(t.unitName).toBe('day')
          expect(sameFloats(inverseDatetime(t, forwardDatetime(t, col.values)), col.values)).toBe(true)
        } else if (col.type === 'coded') {
          const enc = fitFrequencyEncoder(col)
          expect(enc.frequencies.reduce((s, f) => s + f, 0)).toBeCloseTo(1, 12)
          expect([...frequencyDecode(enc, frequencyEncode(enc, col.codes, rng))]).toEqual([...col.codes])
        }
      }
    })
  }
})

describe('transform properties (fast-check)', () => {
  const decimalsArb = fc.integer({ min: 0, max: 4 }).chain((d) =>
    fc.array(
      fc.oneof(
        fc.integer({ min: -1e6, max: 1e6 }).map((i) => i / 10 ** d),
        fc.constant(Number.NaN),
      ),
      { minLength: 1, maxLength: 200 },
    ),
  )

  it('learnPrecision finds the decimals of generated values and roundTo gives them back exactly', () => {
    fc.assert(
      fc.property(decimalsArb, (xs) => {
        const values = Float64Array.from(xs)
        const p = learnPrecision(values)
        return p !== null && values.every((x) => Number.isNaN(x) || roundTo(x, p) === x)
      }),
    )
  })

  it('frequency encoding decodes to the same codes and keeps frequencies', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 1, maxLength: 300 }), fc.integer(), (codes, seed) => {
        const col: CodedColumnData = { type: 'coded', codes: Int32Array.from(codes), dictionary: ['a', 'b', 'c', 'd', 'e', 'f'] }
        const enc = fitFrequencyEncoder(col)
        const encoded = frequencyEncode(enc, col.codes, createRng(seed))
        return encoded.every((v) => v >= 0 && v < 1) && frequencyDecode(enc, encoded).every((c, i) => c === col.codes[i])
      }),
    )
  })

  it('frequency decoding of uniform draws reproduces the category frequencies', () => {
    const col: CodedColumnData = {
      type: 'coded',
      codes: Int32Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : i < 950 ? 1 : -1)),
      dictionary: ['x', 'y'],
    }
    const enc = fitFrequencyEncoder(col)
    const rng = createRng(11)
    const decoded = frequencyDecode(
      enc,
      Float64Array.from({ length: 100_000 }, () => rng.next()),
    )
    const share = (c: number) => decoded.filter((d) => d === c).length / decoded.length
    expect(share(0)).toBeCloseTo(0.7, 2)
    expect(share(1)).toBeCloseTo(0.25, 2)
    expect(share(-1)).toBeCloseTo(0.05, 2)
  })

  it('frequency layouts: by frequency (ties by code), in dictionary order with missing last, or by a given position', () => {
    // counts: a 2, b 5, c 2, missing 3
    const col: CodedColumnData = {
      type: 'coded',
      codes: Int32Array.from([1, 0, 2, -1, 1, 1, 0, -1, 1, 2, 1, -1]),
      dictionary: ['a', 'b', 'c'],
    }
    expect(fitFrequencyEncoder(col).order).toEqual([1, -1, 0, 2])
    const codes = fitFrequencyEncoder(col, { layout: 'codes' })
    expect(codes.order).toEqual([0, 1, 2, -1])
    expect(codes.frequencies).toEqual([2 / 12, 5 / 12, 2 / 12, 3 / 12])
    expect(codes.starts).toEqual([0, 2 / 12, 2 / 12 + 5 / 12, 2 / 12 + 5 / 12 + 2 / 12])
    // positions (missing at index 3): a and b tie at 0.5 → the more frequent (b) first
    const byPosition = fitFrequencyEncoder(col, { layout: { position: [0.5, 0.5, 2, -1] } })
    expect(byPosition.order).toEqual([-1, 1, 0, 2])
    expect(byPosition.frequencies).toEqual([3 / 12, 5 / 12, 2 / 12, 2 / 12])
  })

  it('any layout keeps encoding and decoding exact and the frequencies those of the data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.double({ noNaN: true, min: -10, max: 10 }), { minLength: 5, maxLength: 5 }),
        fc.integer(),
        (codes, position, seed) => {
          const col: CodedColumnData = { type: 'coded', codes: Int32Array.from(codes), dictionary: ['a', 'b', 'c', 'd'] }
          const enc = fitFrequencyEncoder(col, { layout: { position } })
          const placed = enc.order.map((c) => position[c < 0 ? 4 : c])
          const encoded = frequencyEncode(enc, col.codes, createRng(seed))
          return (
            placed.every((p, i) => i === 0 || placed[i - 1] <= p) &&
            enc.order.every((c, i) => enc.frequencies[i] === codes.filter((x) => x === c).length / codes.length) &&
            frequencyDecode(enc, encoded).every((c, i) => c === col.codes[i])
          )
        },
      ),
    )
  })

  it('a position layout of the wrong length is refused with its path', () => {
    const col: CodedColumnData = { type: 'coded', codes: Int32Array.from([0, 1]), dictionary: ['a', 'b'] }
    expect(() => fitFrequencyEncoder(col, { layout: { position: [1, 2] } })).toThrow(/expected 3 positions, got 2/)
  })

  it('discretizers put every value in a bin whose range contains it, and undiscretize stays inside the bin', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 200 }),
        fc.integer({ min: 1, max: 12 }),
        (xs, bins) => {
          const values = Float64Array.from(xs)
          for (const d of [fitEqualWidthDiscretizer(values, bins), fitQuantileDiscretizer(values, bins)]) {
            const b = discretize(d, values)
            const back = undiscretize(d, b, createRng(1))
            for (let i = 0; i < values.length; i++) {
              const lo = d.edges[b[i]],
                hi = d.edges[b[i] + 1]
              if (!(values[i] >= lo && values[i] <= hi && back[i] >= lo && back[i] <= hi)) return false
            }
          }
          return true
        },
      ),
    )
  })

  it('quantile bins hold about equal counts on real prices', () => {
    const raw = loadColumns('diamonds')
    const prices = Float64Array.from(raw.price, Number)
    const d = fitQuantileDiscretizer(prices, 10)
    const counts = new Array(10).fill(0)
    for (const b of discretize(d, prices)) counts[b]++
    for (const c of counts) expect(Math.abs(c - prices.length / 10) / (prices.length / 10)).toBeLessThan(0.02)
  })
})
