import fc from 'fast-check'
import { expect, it } from 'vitest'
import { sortFloat64 } from '../src/sort-float64'

it('the radix sort orders any doubles exactly as a comparison sort does', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 4096, maxLength: 6000 }), (xs) => {
      const a = sortFloat64(Float64Array.from(xs))
      const b = Float64Array.from(xs).sort()
      // −0 and +0 compare equal; the typed-array sort also puts −0 first
      expect(Array.from(a)).toEqual(Array.from(b))
    }),
    { numRuns: 30 },
  )
})

it('sorts integer-valued data (the skipped-pass path) and short arrays', () => {
  const xs = Float64Array.from({ length: 10_000 }, (_, i) => ((i * 7919) % 1001) - 500)
  const a = sortFloat64(xs.slice())
  expect(Array.from(a)).toEqual(Array.from(xs.slice().sort()))
  expect(Array.from(sortFloat64(Float64Array.from([3, -1, 2])))).toEqual([-1, 2, 3])
})
