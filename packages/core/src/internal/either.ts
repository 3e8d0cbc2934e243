// The few Either operations core needs, on fp-ts's own `Either` type (a type-only import: nothing of fp-ts loads at
// run time). Values are built exactly as fp-ts builds them ({ _tag: 'Left', left } / { _tag: 'Right', right }), so
// callers use fp-ts's functions on them unchanged.
// Why not import them from fp-ts: its root loads all of its 123 modules at start-up (≈ 2× a bare Node start); its
// per-module paths load under Node's ESM only as the CommonJS `fp-ts/lib/…` files, which a browser bundle then
// carries beside the ES-module copy that io-ts imports (`fp-ts/es6/…`), ≈ 25 KB twice (bench/import.bench.ts).
import type { Either, Left, Right } from 'fp-ts/lib/Either.js'

export type { Either }

/** fp-ts `left`. */
export const left = <E, A = never>(e: E): Either<E, A> => ({ _tag: 'Left', left: e }) as Left<E>

/** fp-ts `right`. */
export const right = <A, E = never>(a: A): Either<E, A> => ({ _tag: 'Right', right: a }) as Right<A>

/** fp-ts `isLeft`. */
export const isLeft = <E, A>(ma: Either<E, A>): ma is Left<E> => ma._tag === 'Left'

/** fp-ts `map`, curried for {@link pipe}. */
export const map =
  <A, B>(f: (a: A) => B) =>
  <E>(ma: Either<E, A>): Either<E, B> =>
    isLeft(ma) ? ma : right(f(ma.right))

/** fp-ts `mapLeft`, curried for {@link pipe}. */
export const mapLeft =
  <E, G>(f: (e: E) => G) =>
  <A>(ma: Either<E, A>): Either<G, A> =>
    isLeft(ma) ? left(f(ma.left)) : ma

/** fp-ts `chain` (flatMap), curried for {@link pipe}. */
export const chain =
  <E, A, B>(f: (a: A) => Either<E, B>) =>
  (ma: Either<E, A>): Either<E, B> =>
    isLeft(ma) ? ma : f(ma.right)

/** fp-ts `pipe` for up to two steps: `pipe(a, f, g)` is `g(f(a))`, read left to right. */
export function pipe<A, B>(a: A, ab: (a: A) => B): B
export function pipe<A, B, C>(a: A, ab: (a: A) => B, bc: (b: B) => C): C
export function pipe(a: unknown, ...fs: ((x: unknown) => unknown)[]): unknown {
  return fs.reduce((x, f) => f(x), a)
}
