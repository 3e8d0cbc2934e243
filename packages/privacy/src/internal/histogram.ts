/** Counts of several series over shared equal-width bins (plain JSON). */
export interface SharedHistogram {
  /** Bin edges, ascending, `bins + 1` of them; bin i is [edges[i], edges[i+1]), the last one closed. */
  readonly edges: number[]
  /** Counts per bin of each series, in the order given; NaN values are not counted. */
  readonly counts: number[][]
}

/**
 * Equal-width histogram of several series over [0, max of all values] (distances: never negative), so the series
 * compare bin by bin; numpy.histogram(v, bins, range=(0, max)) to the letter: edges i·max/bins (the last exactly max),
 * a value's bin found by division, then corrected against the edges so that it always lies in [edges[i], edges[i+1]).
 * An all-zero input gets the range [0, 1].
 */
export function sharedHistogram(series: readonly ArrayLike<number>[], bins: number): SharedHistogram {
  let hi = 0
  for (const s of series) for (let i = 0; i < s.length; i++) if (s[i] > hi) hi = s[i]
  if (hi === 0) hi = 1
  const width = hi / bins
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : i * width))
  const counts = series.map((s) => {
    const c = new Array<number>(bins).fill(0)
    for (let i = 0; i < s.length; i++) {
      const v = s[i]
      if (v !== v) continue
      let b = Math.min(bins - 1, Math.floor(v / width))
      // division can land one bin off at an edge: the edges decide (numpy's correction step)
      if (v < edges[b]) b--
      else if (b < bins - 1 && v >= edges[b + 1]) b++
      c[b]++
    }
    return c
  })
  return { edges, counts }
}
