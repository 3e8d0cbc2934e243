import { DpError, invalidParameter } from './errors'
import { rationalFromNumber } from './rational'
import { describe } from './validate'

const TWO_POW_52 = 2 ** 52

/**
 * The output grid of the float-safe mechanisms: a power of two g = 2^k. By default k = ⌊log2 Δ⌋ − 20 (− 12 for the
 * Gaussian mechanisms), so the sensitivity spans about 2^20 grid steps (rounding inputs to the grid inflates the sensitivity by at most one step,
 * a relative 2^−20) while outputs stay exact doubles. It depends only on public parameters, never on the data.
 */
export function gridFor(sensitivity: number, granularity?: number, bitsBelow = 20): number {
  if (granularity !== undefined) {
    const r =
      typeof granularity === 'number' && Number.isFinite(granularity) && granularity > 0 ? rationalFromNumber(granularity) : undefined
    const isPow2 = (x: bigint): boolean => x > 0n && (x & (x - 1n)) === 0n
    if (r === undefined || !((r.num === 1n && isPow2(r.den)) || (r.den === 1n && isPow2(r.num)))) {
      invalidParameter('granularity', `expected a power of two (…, 1/4, 1/2, 1, 2, …), got ${describe(granularity)}`)
    }
    return granularity
  }
  const g = 2 ** (Math.floor(Math.log2(sensitivity)) - bitsBelow)
  if (!(g > 0) || !Number.isFinite(g)) invalidParameter('sensitivity', `too small or too large for a grid: ${sensitivity}`)
  return g
}

/** k·g for a grid integer k, which is exact (power-of-two scaling) unless it overflows: then DATA_INVALID, never ∞. */
export function fromGrid(k: number, g: number): number {
  const y = k * g
  if (!Number.isFinite(y)) {
    throw new DpError('DATA_INVALID', 'the noisy value overflows a double', [
      { path: 'value', message: 'nothing was released; the charge stands (the noise was drawn)' },
    ])
  }
  return y
}

/** round(x / g) as an exact integer; x/g is exact (power-of-two scaling). Throws DATA_INVALID when non-finite or beyond ±2^52 steps. */
export function toGrid(x: unknown, g: number, path: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new DpError('DATA_INVALID', `${path} must be finite`, [{ path, message: `expected a finite number, got ${describe(x)}` }])
  }
  const k = Math.round(x / g)
  if (Math.abs(k) >= TWO_POW_52) {
    throw new DpError('DATA_INVALID', `${path} is too large for the output grid`, [
      { path, message: `|value| must be below 2^52 × granularity = ${TWO_POW_52 * g}; pass a coarser granularity` },
    ])
  }
  return k
}
