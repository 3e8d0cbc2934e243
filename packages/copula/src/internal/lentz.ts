// The modified Lentz method for continued fractions (Lentz 1976; Thompson & Barnett 1986; Press et al., "Numerical
// Recipes", 3rd ed., §5.2): f = 1/(b₀ + a₁/(b₁ + a₂/(b₂ + …))) is built from the front, one partial fraction at a
// time, with tiny values standing in for zeros so that no step divides by zero.

const TINY = 1e-300

/** The running state: the ratios C and D of successive numerators/denominators, and the value so far. */
export interface LentzState {
  c: number
  d: number
  value: number
}

/** The state after the leading term: value 1/b₀ (C starts at c₀: 1/TINY for a fraction without a b₀ offset). */
export function lentzStart(c0: number, b0: number): LentzState {
  const d = 1 / (Math.abs(b0) < TINY ? TINY : b0)
  return { c: c0, d, value: d }
}

/** Folds the next partial fraction a/(b + …) into the state; returns the factor the value changed by (→ 1). */
export function lentzStep(s: LentzState, a: number, b: number): number {
  let d = b + a * s.d
  if (Math.abs(d) < TINY) d = TINY
  let c = b + a / s.c
  if (Math.abs(c) < TINY) c = TINY
  s.d = 1 / d
  s.c = c
  const delta = c * s.d
  s.value *= delta
  return delta
}
