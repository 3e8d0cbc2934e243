import fc from 'fast-check'
import { either as FE, function as FF } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import * as E from '../src/internal/either'

// core builds its Eithers without loading fp-ts (src/internal/either.ts); callers hand them to fp-ts, so every
// operation must give exactly what fp-ts gives, shape and prototype included.
const either = fc.oneof(
  fc.anything().map((x) => FE.left(x)),
  fc.anything().map((x) => FE.right(x)),
)

describe('core Either helpers are indistinguishable from fp-ts', () => {
  it('left and right build the objects fp-ts builds', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        expect(E.left(x)).toStrictEqual(FE.left(x))
        expect(E.right(x)).toStrictEqual(FE.right(x))
        expect(E.isLeft(FE.left(x))).toBe(true)
        expect(E.isLeft(FE.right(x))).toBe(false)
      }),
    )
  })

  it('map, mapLeft and chain agree with fp-ts on both sides', () => {
    const f = (x: unknown) => [x, 'f']
    const g = (x: unknown): FE.Either<unknown, unknown> => (Array.isArray(x) ? FE.left('array') : FE.right({ x }))
    fc.assert(
      fc.property(either, (ma) => {
        expect(E.map(f)(ma)).toStrictEqual(FE.map(f)(ma))
        expect(E.mapLeft(f)(ma)).toStrictEqual(FE.mapLeft(f)(ma))
        expect(E.chain(g)(ma)).toStrictEqual(FE.chain(g)(ma))
        expect(E.pipe(ma, E.map(f), E.mapLeft(f))).toStrictEqual(FF.pipe(ma, FE.map(f), FE.mapLeft(f)))
      }),
    )
  })
})
