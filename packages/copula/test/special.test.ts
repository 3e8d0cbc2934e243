import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { betaCdf, betaQuantile, gammaCdf, gammaQuantile, phi, phiInverse, tCdf, tQuantile } from '../src/special'

// Known answers computed independently with mpmath at 40 digits (test/reference/special-mpmath.py): CDFs from
// mpmath's regularized incomplete gamma/beta and ncdf, quantiles by bisection on those CDFs.
const cases: { fn: string; args: number[]; value: number }[] = JSON.parse(
  readFileSync(new URL('./reference/special-mpmath.json', import.meta.url), 'utf8'),
)
const fns: Record<string, (...args: number[]) => number> = {
  phi,
  phiInverse,
  gammaCdf,
  gammaQuantile,
  betaCdf,
  betaQuantile,
  tCdf,
  tQuantile,
}

describe('special functions against mpmath', () => {
  it.each(cases.map((c) => [`${c.fn}(${c.args.join(', ')})`, c]))('%s', (_, c) => {
    const got = fns[c.fn](...c.args)
    // Relative 1e-12 (absolute 1e-30 for values below it: the bisection of a zero quantile), the accuracy of the
    // @stdlib ports of Boost/Cephes these functions replaced. Every family and the far tails (p = 1e-300, z = -30).
    const tolerance = Math.abs(c.value) < 1e-30 ? 1e-30 : 1e-12 * Math.abs(c.value)
    expect(Math.abs(got - c.value), `got ${got}, mpmath ${c.value}`).toBeLessThanOrEqual(tolerance)
  })
})

// The wider grid (test/reference/special-grid.py): parameters drawn log-uniformly over what the marginal fits produce
// (shapes 0.05 … 2,000, ν 0.3 … 10⁴, probabilities down to 1e-12, Φ⁻¹ down to 1e-320), mpmath at 25 digits.
const grid: { fn: string; args: number[]; value: number }[] = JSON.parse(
  readFileSync(new URL('./reference/special-grid.json', import.meta.url), 'utf8'),
)

describe('special functions against mpmath on a wide grid', () => {
  it('covers every function', () => {
    expect(new Set(grid.map((c) => c.fn))).toEqual(new Set(Object.keys(fns)))
  })

  it.each(grid.map((c) => [`${c.fn}(${c.args.join(', ')})`, c]))('%s', (_, c) => {
    const got = fns[c.fn](...c.args)
    // Relative 1e-12, or 1e-300 absolute for values below 1e-300 (subnormal results carry fewer digits).
    const tolerance = Math.max(1e-12 * Math.abs(c.value), 1e-300)
    expect(Math.abs(got - c.value), `got ${got}, mpmath ${c.value}`).toBeLessThanOrEqual(tolerance)
  })
})
