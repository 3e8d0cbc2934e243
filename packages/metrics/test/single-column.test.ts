import { describe, expect, it } from 'vitest'
import {
  boundaryAdherence,
  categoryAdherence,
  categoryCoverage,
  contingencySimilarity,
  correlationSimilarity,
  keyUniqueness,
  ksComplement,
  missingValueSimilarity,
  pearson,
  rangeCoverage,
  spearman,
  statisticSimilarity,
  tvComplement,
} from '../src/index'
import { digitize, histogramBinEdges } from '../src/histogram-bins'

describe('KSComplement', () => {
  it('is 1 for identical samples and 0 for samples that do not overlap', () => {
    expect(ksComplement([3, 1, 2], [1, 2, 3])).toBe(1)
    expect(ksComplement([1, 2, 3], [4, 5])).toBe(0)
  })
  it('counts ties in both empirical CDFs (D = 1/4 here)', () => {
    // F_r(1) = 1/2, F_s(1) = 1/4; F_r(2) = F_s(2) = 1.
    expect(ksComplement([1, 1, 2, 2], [1, 2, 2, 2])).toBe(0.75)
  })
  it('drops missing values and is NaN when a side has none', () => {
    expect(ksComplement([1, Number.NaN, 2], [2, 1])).toBe(1)
    expect(ksComplement([Number.NaN], [1])).toBeNaN()
  })
  it('rounds to 14 decimals first, like SDMetrics, so 0.1 + 0.2 and 0.3 are one value', () => {
    expect(ksComplement([0.1 + 0.2], [0.3])).toBe(1)
  })
})

describe('TVComplement', () => {
  it('is one minus half the L1 distance of the frequencies', () => {
    expect(tvComplement(['a', 'a', 'b'], ['a', 'b', 'b'])).toBeCloseTo(2 / 3, 15)
  })
  it('ignores missing values', () => {
    expect(tvComplement(['a', null, 'b'], ['b', 'a', undefined, Number.NaN])).toBe(1)
  })
  it('gives a category seen only in the synthetic data the real count 1e-6, as SDMetrics does', () => {
    const realTotal = 2 + 1e-6
    const expected = 1 - 0.5 * (Math.abs(0.5 - 1 / realTotal) + Math.abs(0 - 1 / realTotal) + Math.abs(0.5 - 1e-6 / realTotal))
    expect(tvComplement(['a', 'b'], ['a', 'c'])).toBeCloseTo(expected, 15)
  })
})

describe('correlations', () => {
  it("Pearson's r is 1 for a linear relation and NaN for a constant", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15)
    expect(pearson([1, 1, 1], [2, 4, 6])).toBeNaN()
  })
  it('Spearman ranks ties by their average rank', () => {
    // ranks of x: 1, 2.5, 2.5, 4 → r = 4.5 / sqrt(4.5 · 5)
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 14)
  })
  it('CorrelationSimilarity is 1 − |Δρ|/2 on complete rows and NaN for a constant column', () => {
    const r = correlationSimilarity(
      [
        [1, 2, 3, Number.NaN],
        [1, 2, 3, 9],
      ],
      [
        [1, 2, 3],
        [3, 2, 1],
      ],
    )
    expect(r.real).toBeCloseTo(1, 15)
    expect(r.synthetic).toBeCloseTo(-1, 15)
    expect(r.score).toBeCloseTo(0, 15)
    expect(
      correlationSimilarity(
        [
          [1, 1, 1],
          [1, 2, 3],
        ],
        [
          [1, 2, 3],
          [1, 2, 3],
        ],
      ).score,
    ).toBeNaN()
    expect(
      correlationSimilarity(
        [
          [1, 2, 3, 4],
          [1, 2, 3, 5],
        ],
        [
          [1, 2, 3, 4],
          [1, 2, 3, 5],
        ],
        'spearman',
      ).score,
    ).toBe(1)
  })
})

describe('histogram binning as numpy', () => {
  it('puts ten equal-width bins between min and max, the maximum and NaN in bin 11', () => {
    const edges = histogramBinEdges([0, 10, 3])!
    expect(Array.from(edges)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(Array.from(digitize([0, 10, Number.NaN, 5, -1, 9.99], edges))).toEqual([1, 11, 11, 6, 0, 10])
  })
  it('widens a constant column by ±0.5, bins an all-missing column on [0, 1] and gives no edges for infinities', () => {
    expect(histogramBinEdges([2, 2])![0]).toBe(1.5)
    // numpy: np.histogram_bin_edges(np.array([])) → linspace(0, 1, 11); np.digitize([nan], …) → [11]
    const empty = histogramBinEdges([Number.NaN, Number.NaN])!
    expect(Array.from(empty)).toEqual([0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1])
    expect(Array.from(digitize([Number.NaN, Number.NaN], empty))).toEqual([11, 11])
    // numpy raises "autodetected range of [1, inf] is not finite"
    expect(histogramBinEdges([1, Number.POSITIVE_INFINITY])).toBeNull()
  })
})

describe('ContingencySimilarity', () => {
  it('is 1 for the same joint distribution and counts missing as a category', () => {
    expect(
      contingencySimilarity(
        [
          ['a', 'b', null],
          ['x', 'y', 'y'],
        ],
        [
          ['b', null, 'a'],
          ['y', 'y', 'x'],
        ],
      ),
    ).toBe(1)
  })
  it('is 1 − TVD of the joint frequencies', () => {
    // real (a,x),(a,y); synthetic (a,x),(a,x): TVD = ½(|½−1| + |½−0|) = ½
    expect(
      contingencySimilarity(
        [
          ['a', 'a'],
          ['x', 'y'],
        ],
        [
          ['a', 'a'],
          ['x', 'x'],
        ],
      ),
    ).toBe(0.5)
  })
})

describe('coverage and adherence', () => {
  it('RangeCoverage subtracts the uncovered share at each end', () => {
    expect(rangeCoverage([0, 10], [2, 8])).toBeCloseTo(0.6, 15)
    expect(rangeCoverage([0, 10], [-5, 15])).toBe(1)
    expect(rangeCoverage([3, 3], [1, 2])).toBeNaN()
  })
  it('BoundaryAdherence counts a missing synthetic value out of bounds unless the real column has missing values', () => {
    // SDMetrics 0.14 drops NaN only `if any(pd.isna(real_data))`; otherwise `between` is False for NaN: 2 of 5.
    expect(boundaryAdherence([0, 10], [-1, 5, 10, Number.NaN, 11])).toBe(0.4)
    // real has a missing value: both sides dropped, 2 of the 4 present synthetic values are inside.
    expect(boundaryAdherence([0, 10, Number.NaN], [-1, 5, 10, Number.NaN, 11])).toBe(0.5)
    // an all-missing synthetic column: 0 of 2 rows when the real one has no missing value, undefined otherwise.
    expect(boundaryAdherence([0, 10], [Number.NaN, Number.NaN])).toBe(0)
    expect(boundaryAdherence([0, 10, Number.NaN], [Number.NaN, Number.NaN])).toBeNaN()
    // no real bounds: `between(NaN, NaN)` is False for every present value.
    expect(boundaryAdherence([Number.NaN], [1, Number.NaN])).toBe(0)
  })
  it('CategoryCoverage counts real categories found in the synthetic data, not invented ones', () => {
    expect(categoryCoverage(['a', 'b', 'c', null], ['a', 'a', 'd'])).toBeCloseTo(1 / 3, 15)
  })
  it('CategoryAdherence accepts missing values only when the real column has some', () => {
    expect(categoryAdherence(['a', 'b'], ['a', 'c', null])).toBeCloseTo(1 / 3, 15)
    expect(categoryAdherence(['a', null], ['a', 'c', null])).toBeCloseTo(2 / 3, 15)
  })
  it('MissingValueSimilarity compares the missing shares', () => {
    expect(missingValueSimilarity([1, null], [1, 2, 3, Number.NaN])).toBe(0.75)
  })
  it('StatisticSimilarity scales the gap in mean, std or median by the real range', () => {
    expect(statisticSimilarity([0, 10], [2, 4], 'mean')).toBeCloseTo(0.8, 15)
    expect(statisticSimilarity([0, 4, 10], [1, 2, 3, 100], 'median')).toBeCloseTo(1 - 1.5 / 10, 15)
    // sample std (n − 1): real [0, 10] → √50, synthetic [0, 0] → 0
    expect(statisticSimilarity([0, 10], [0, 0], 'std')).toBeCloseTo(1 - Math.sqrt(50) / 10, 15)
    expect(statisticSimilarity([0, 10], [100, 200], 'mean')).toBe(0)
  })
  it('KeyUniqueness counts repeats after the first occurrence and missing keys as bad', () => {
    expect(keyUniqueness(['a', 'a', null, 'b'])).toBe(0.5)
    expect(keyUniqueness([1, 2, 3])).toBe(1)
  })
})

describe('KSComplement integer fast path', () => {
  it('gives the same value as the sorting path on integer data (counts instead of a sort)', () => {
    // 1 − D from the definition on a small integer sample with ties and negatives
    const a = [-3, -3, 0, 2, 2, 2, 7]
    const b = [-3, 0, 0, 1, 2, 9]
    let d = 0
    for (const x of [...a, ...b])
      d = Math.max(d, Math.abs(a.filter((v) => v <= x).length / a.length - b.filter((v) => v <= x).length / b.length))
    expect(ksComplement(a, b)).toBeCloseTo(1 - d, 15)
    // a fractional value anywhere falls back to the sort; the answer must not change
    expect(ksComplement([...a, 0.5], b)).toBeCloseTo(
      ksComplement(
        [...a, 0.5].map((v) => v + 1e-9),
        b.map((v) => v + 1e-9),
      ),
      15,
    )
  })
})
