// The complementary error function and the standard normal CDF, accurate in the tails (relative error ~1e-15),
// which the analytic Gaussian calibration needs: its condition subtracts two tail probabilities.
//
// W. J. Cody, "Rational Chebyshev approximations for the error function", Mathematics of Computation 23 (1969)
// 631–637: three rational approximations on |x| ≤ 0.46875, 0.46875 < |x| ≤ 4 and |x| > 4 (coefficients from
// Cody's published CALERF, netlib specfun).
import { invalidParameter } from './errors'
import { describe } from './validate'

const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153]
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062]
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909, 1712.04761263407058,
  2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
]
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716,
  3439.36767414372164, 1230.33935480374942,
]
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978,
]
const Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185]
const SQRPI = 0.56418958354775628695 // 1/√π
const THRESH = 0.46875
const XBIG = 26.543 // erfc(x) underflows beyond

/** exp(−y²) without the cancellation of computing y² directly: split y into a 4-bit head and a tail. */
function expMinusSquare(y: number): number {
  const head = Math.trunc(y * 16) / 16
  const del = (y - head) * (y + head)
  return Math.exp(-head * head) * Math.exp(-del)
}

/** erfc(x) = (2/√π) ∫ₓ^∞ e^{−t²} dt, with small relative error also deep in the upper tail. */
export function erfc(x: number): number {
  if (typeof x !== 'number') invalidParameter('x', `expected a number, got ${describe(x)}`)
  if (Number.isNaN(x)) return Number.NaN
  const y = Math.abs(x)
  if (y <= THRESH) {
    const ysq = y > 1.11e-16 ? y * y : 0
    let xnum = A[4] * ysq
    let xden = ysq
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]) * ysq
      xden = (xden + B[i]) * ysq
    }
    return 1 - (x * (xnum + A[3])) / (xden + B[3])
  }
  let r: number
  if (y <= 4) {
    let xnum = C[8] * y
    let xden = y
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y
      xden = (xden + D[i]) * y
    }
    r = ((xnum + C[7]) / (xden + D[7])) * expMinusSquare(y)
  } else if (y >= XBIG) {
    r = 0
  } else {
    const ysq = 1 / (y * y)
    let xnum = P[5] * ysq
    let xden = ysq
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]) * ysq
      xden = (xden + Q[i]) * ysq
    }
    r = ((SQRPI - (ysq * (xnum + P[4])) / (xden + Q[4])) / y) * expMinusSquare(y)
  }
  return x < 0 ? 2 - r : r
}

/** The standard normal CDF Φ(x) = erfc(−x/√2)/2, accurate in relative terms in the lower tail. */
export function normalCdf(x: number): number {
  if (typeof x !== 'number') invalidParameter('x', `expected a number, got ${describe(x)}`)
  return 0.5 * erfc(-x / Math.SQRT2)
}
