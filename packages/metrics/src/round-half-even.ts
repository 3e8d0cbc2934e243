/**
 * `numpy.round(x, decimals)` for one double: numpy multiplies by 10^decimals, rounds half to even (`rint`) and
 * divides back. Reproducing it exactly matters where SDMetrics rounds before comparing values (KSComplement rounds
 * to 14 decimals), because it can merge values that differ only in the last bits, e.g. 0.1 + 0.2 and 0.3.
 */
export function roundHalfEven(x: number, decimals: number): number {
  const f = 10 ** decimals
  const y = x * f
  if (!Number.isFinite(y)) return x
  let r = Math.round(y) // rounds halves up
  if (r - y === 0.5 && r % 2 !== 0) r -= 1
  return r / f
}
