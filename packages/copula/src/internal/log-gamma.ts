// ln Γ and the log-kernels x^a e^(−x)/Γ(a) and x^a (1 − x)^b / B(a, b) of the gamma and beta distributions, written
// so that large shapes do not lose digits to cancellation between terms of size a·ln a.

const LN_SQRT_2PI = 0.91893853320467274178 // ln √(2π)

// Lanczos approximation with g = 7, n = 9 (coefficients of P. Godfrey, as tabulated in Press et al., "Numerical
// Recipes", 3rd ed., §6.1 and widely reproduced): relative error of Γ below 2e-15 for Re x > 0.5.
const LANCZOS_G = 7
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** ln Γ(x) for x > 0 (Lanczos; ln Γ(x) = ln Γ(x + 1) − ln x below 0.5). */
export function logGamma(x: number): number {
  if (x < 0.5) return logGamma(x + 1) - Math.log(x)
  const y = x - 1
  let sum = LANCZOS[0]
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i)
  const t = y + LANCZOS_G + 0.5
  return LN_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum)
}

/**
 * Stirling's error δ(a) = ln Γ(a) − [(a − ½) ln a − a + ln √(2π)]; from its asymptotic series (Abramowitz & Stegun
 * 6.1.41) for a ≥ 10, where five terms are exact to double precision, and from {@link logGamma} below.
 */
export function stirlingError(a: number): number {
  if (a < 10) return logGamma(a) - ((a - 0.5) * Math.log(a) - a + LN_SQRT_2PI)
  const r = 1 / a
  const r2 = r * r
  return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))))
}

/** a·(ln(1 + d) − d), the large-shape part of the log-kernels, through log1p so that small d keeps its digits. */
function scaledLogRatio(a: number, d: number): number {
  return a * (Math.log1p(d) - d)
}

/**
 * ln(x^a e^(−x) / Γ(a)) for x > 0. For a ≥ 10 rewritten with x = a(1 + d) as a(ln(1 + d) − d) + ½ ln a − ln √(2π) −
 * δ(a), which has no cancellation between a·ln x, x and ln Γ(a) (Loader, "Fast and accurate computation of binomial
 * probabilities", 2000, uses the same split).
 */
export function logGammaKernel(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - logGamma(a)
  return scaledLogRatio(a, (x - a) / a) + 0.5 * Math.log(a) - LN_SQRT_2PI - stirlingError(a)
}

/**
 * ln B(a, b) for shapes below 10 on at least one side. With the larger shape h ≥ 10 and the smaller s, ln Γ(h) −
 * ln Γ(h + s) is taken from Stirling's series, (h − ½)·ln(h/(h + s)) − s·ln(h + s) + s + δ(h) − δ(h + s), instead of
 * the difference of two values of size h·ln h (the Student-t tail has h = ν/2, s = ½).
 */
function logBeta(a: number, b: number): number {
  const s = Math.min(a, b)
  const h = Math.max(a, b)
  if (h < 10) return logGamma(a) + logGamma(b) - logGamma(a + b)
  return logGamma(s) - (h - 0.5) * Math.log1p(s / h) - s * Math.log(h + s) + s + stirlingError(h) - stirlingError(h + s)
}

/**
 * ln(x^a y^b / B(a, b)) for 0 < x < 1 and y = 1 − x (passed when the caller knows it more accurately). When both
 * shapes are ≥ 10, written around the mode-like point x₀ = a/(a + b) as a·ln(x/x₀) + b·ln(y/y₀) + ½ ln(ab/(a + b))
 * − ln √(2π) − δ(a) − δ(b) + δ(a + b), which avoids the cancellation of ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).
 */
export function logBetaKernel(a: number, b: number, x: number, y = 1 - x): number {
  if (Math.min(a, b) < 10) {
    // ln of the smaller of x, y directly, of the larger through log1p of the smaller (no digits lost near 1)
    const lx = x < 0.5 ? Math.log(x) : Math.log1p(-y)
    const ly = x < 0.5 ? Math.log1p(-x) : Math.log(y)
    return a * lx + b * ly - logBeta(a, b)
  }
  const n = a + b
  const x0 = a / n
  const y0 = b / n
  const lx = Math.log1p((x - x0) / x0)
  const ly = Math.log1p((y - y0) / y0)
  return a * lx + b * ly + 0.5 * Math.log((a * b) / n) - LN_SQRT_2PI - stirlingError(a) - stirlingError(b) + stirlingError(n)
}
