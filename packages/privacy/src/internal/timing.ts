/** A millisecond clock the caller passes in (libraries never read the clock themselves). */
export type Clock = () => number

/** Runs `f`, and when a clock is given also returns the seconds it took. */
export function timed<A>(clock: Clock | undefined, f: () => A): { value: A; seconds?: number } {
  if (!clock) return { value: f() }
  const t0 = clock()
  const value = f()
  return { value, seconds: (clock() - t0) / 1000 }
}
