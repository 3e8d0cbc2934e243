// AssemblyScript source of the copula's WebAssembly kernels (src/generated/kernels-wasm.ts holds the compiled
// module; `pnpm build:kernels` at the repository root rebuilds it, test/kernels.test.ts checks the two agree). Each
// kernel is an operation-for-operation transcription of the TypeScript reference it replaces, so the results are
// bit-identical: only +, −, ×, ÷, √, |x|, min, max and floor of doubles, all exactly rounded by IEEE 754 in both
// languages, in the same order, and the host's own exp and log (imported).
//
// Why: a fresh process runs the TypeScript versions in V8's interpreter until they are optimised, and the
// optimising compiler's jobs compete with the fit for the machine's cores; WebAssembly is compiled before its
// first call (a few kilobytes in well under a millisecond) and runs at near-native speed from then on.
//
// Memory is raw: the caller lays out Float64 regions through the setup functions and reads and writes them through
// the exported memory (offsets returned are in doubles). No allocator, no runtime (compiled with --runtime stub).

@inline function ld(i: i32): f64 {
  return load<f64>(i << 3)
}
@inline function st(i: i32, x: f64): void {
  store<f64>(i << 3, x)
}
@inline function ldi(i: i32): i32 {
  return load<i32>(i << 2)
}
@inline function sti(i: i32, x: i32): void {
  store<i32>(i << 2, x)
}

function reserve(doubles: i32): void {
  const pages = (doubles * 8 + 65535) >> 16
  const have = memory.size()
  if (pages > have) memory.grow(pages - have)
}

// ---------------------------------------------------------------------------------------------------------------
// Nearest correlation matrix (src/correlation.ts nearestCorrelationSteps, src/internal/symmetric-eigen.ts).

let D: i32 = 0
let N: i32 = 0
let Y: i32 = 0
let NEXT: i32 = 0
let CORRECTION: i32 = 0
let RESIDUAL: i32 = 0
let X: i32 = 0
let VECTORS: i32 = 0
let SCRATCH: i32 = 0
let VALUES: i32 = 0
let OFF: i32 = 0
let ORDER: i32 = 0 // an Int32 region, its offset in doubles

/** Lays out the repair of a d × d matrix; returns the offset of Y, where the caller writes the matrix. */
export function repairSetup(d: i32): i32 {
  D = d
  N = d * d
  Y = 0
  NEXT = N
  CORRECTION = 2 * N
  RESIDUAL = 3 * N
  X = 4 * N
  VECTORS = 5 * N
  SCRATCH = 6 * N
  VALUES = 7 * N
  OFF = 7 * N + d
  ORDER = 7 * N + 2 * d
  reserve(ORDER + d)
  for (let k = 0; k < ORDER + d; k++) st(k, 0)
  return Y
}

function hypot2(a: f64, b: f64): f64 {
  const x = Math.abs(a)
  const y = Math.abs(b)
  if (x > y) {
    const r = y / x
    return x * Math.sqrt(1 + r * r)
  }
  if (y == 0) return 0
  const r = x / y
  return y * Math.sqrt(1 + r * r)
}

/** tred2 (householderTridiagonal): v holds the lower triangle on entry, Q on exit; diag and e get T. */
function householderTridiagonal(v: i32, diag: i32, e: i32, d: i32): void {
  const last = (d - 1) * d
  for (let j = 0; j < d; j++) st(diag + j, ld(v + last + j))
  for (let i = d - 1; i > 0; i--) {
    let scale: f64 = 0
    let h: f64 = 0
    for (let k = 0; k < i; k++) scale += Math.abs(ld(diag + k))
    if (scale == 0) {
      st(e + i, ld(diag + i - 1))
      for (let j = 0; j < i; j++) {
        st(diag + j, ld(v + (i - 1) * d + j))
        st(v + i * d + j, 0)
        st(v + j * d + i, 0)
      }
    } else {
      for (let k = 0; k < i; k++) {
        st(diag + k, ld(diag + k) / scale)
        h += ld(diag + k) * ld(diag + k)
      }
      let f = ld(diag + i - 1)
      let g = Math.sqrt(h)
      if (f > 0) g = -g
      st(e + i, scale * g)
      h -= f * g
      st(diag + i - 1, f - g)
      for (let j = 0; j < i; j++) st(e + j, 0)
      for (let j = 0; j < i; j++) {
        f = ld(diag + j)
        st(v + j * d + i, f)
        g = ld(e + j) + ld(v + j * d + j) * f
        for (let k = j + 1; k < i; k++) {
          g += ld(v + k * d + j) * ld(diag + k)
          st(e + k, ld(e + k) + ld(v + k * d + j) * f)
        }
        st(e + j, g)
      }
      f = 0
      for (let j = 0; j < i; j++) {
        st(e + j, ld(e + j) / h)
        f += ld(e + j) * ld(diag + j)
      }
      const hh = f / (h + h)
      for (let j = 0; j < i; j++) st(e + j, ld(e + j) - hh * ld(diag + j))
      for (let j = 0; j < i; j++) {
        f = ld(diag + j)
        g = ld(e + j)
        for (let k = j; k < i; k++) st(v + k * d + j, ld(v + k * d + j) - (f * ld(e + k) + g * ld(diag + k)))
        st(diag + j, ld(v + (i - 1) * d + j))
        st(v + i * d + j, 0)
      }
    }
    st(diag + i, h)
  }
  for (let i = 0; i < d - 1; i++) {
    st(v + last + i, ld(v + i * d + i))
    st(v + i * d + i, 1)
    const h = ld(diag + i + 1)
    if (h != 0) {
      for (let k = 0; k <= i; k++) st(diag + k, ld(v + k * d + i + 1) / h)
      for (let j = 0; j <= i; j++) {
        let g: f64 = 0
        for (let k = 0; k <= i; k++) g += ld(v + k * d + i + 1) * ld(v + k * d + j)
        for (let k = 0; k <= i; k++) st(v + k * d + j, ld(v + k * d + j) - g * ld(diag + k))
      }
    }
    for (let k = 0; k <= i; k++) st(v + k * d + i + 1, 0)
  }
  for (let j = 0; j < d; j++) {
    st(diag + j, ld(v + last + j))
    st(v + last + j, 0)
  }
  st(v + last + d - 1, 1)
  st(e, 0)
}

/** tql2 (implicitQl): eigenvalues into diag, the rotations applied to the columns of v. */
function implicitQl(v: i32, diag: i32, e: i32, d: i32): void {
  for (let i = 1; i < d; i++) st(e + i - 1, ld(e + i))
  st(e + d - 1, 0)
  let f: f64 = 0
  let tst1: f64 = 0
  const eps: f64 = 2.220446049250313e-16 // 2^−52
  for (let l = 0; l < d; l++) {
    tst1 = Math.max(tst1, Math.abs(ld(diag + l)) + Math.abs(ld(e + l)))
    let m = l
    while (m < d) {
      if (Math.abs(ld(e + m)) <= eps * tst1) break
      m++
    }
    if (m == d) m = d - 1
    if (m > l) {
      let iterations = 0
      do {
        if (++iterations > 64) break // MAX_QL_ITERATIONS
        let g = ld(diag + l)
        let p = (ld(diag + l + 1) - g) / (2 * ld(e + l))
        let r = hypot2(p, 1)
        if (p < 0) r = -r
        st(diag + l, ld(e + l) / (p + r))
        st(diag + l + 1, ld(e + l) * (p + r))
        const dl1 = ld(diag + l + 1)
        let h = g - ld(diag + l)
        for (let i = l + 2; i < d; i++) st(diag + i, ld(diag + i) - h)
        f += h
        p = ld(diag + m)
        let c: f64 = 1
        let c2 = c
        let c3 = c
        const el1 = ld(e + l + 1)
        let s: f64 = 0
        let s2: f64 = 0
        for (let i = m - 1; i >= l; i--) {
          c3 = c2
          c2 = c
          s2 = s
          g = c * ld(e + i)
          h = c * p
          r = hypot2(p, ld(e + i))
          st(e + i + 1, s * r)
          s = ld(e + i) / r
          c = p / r
          p = c * ld(diag + i) - s * g
          st(diag + i + 1, h + s * (c * g + s * ld(diag + i)))
          for (let k = 0; k < d; k++) {
            const row = v + k * d
            const hk = ld(row + i + 1)
            const vk = ld(row + i)
            st(row + i + 1, s * vk + c * hk)
            st(row + i, c * vk - s * hk)
          }
        }
        p = (-s * s2 * c3 * el1 * ld(e + l)) / dl1
        st(e + l, s * p)
        st(diag + l, c * p)
      } while (Math.abs(ld(e + l)) > eps * tst1)
    }
    st(diag + l, ld(diag + l) + f)
    st(e + l, 0)
  }
}

/** sortEigenpairs: eigenvalues ascending (insertion sort of an order), eigenvector columns permuted alike. */
function sortEigenpairs(d: i32): void {
  let sorted = true
  for (let k = 1; k < d; k++) if (ld(VALUES + k) < ld(VALUES + k - 1)) sorted = false
  if (sorted) return
  const order = ORDER * 2 // in Int32 slots
  for (let k = 0; k < d; k++) sti(order + k, k)
  for (let k = 1; k < d; k++) {
    const o = ldi(order + k)
    const x = ld(VALUES + o)
    let j = k - 1
    while (j >= 0 && ld(VALUES + ldi(order + j)) > x) {
      sti(order + j + 1, ldi(order + j))
      j--
    }
    sti(order + j + 1, o)
  }
  for (let k = 0; k < N; k++) st(SCRATCH + k, ld(VECTORS + k))
  for (let k = 0; k < d; k++) st(OFF + k, ld(VALUES + ldi(order + k)))
  for (let k = 0; k < d; k++) st(VALUES + k, ld(OFF + k))
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) st(VECTORS + i * d + k, ld(SCRATCH + i * d + ldi(order + k)))
}

/** clipEigen: out = V·max(Λ, floor)·Vᵀ of the symmetric matrix at m (its lower triangle read). */
function clipEigen(m: i32, floor: f64, out: i32): void {
  const d = D
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const x = ld(m + i * d + j)
      st(VECTORS + i * d + j, x)
      st(VECTORS + j * d + i, x)
    }
  }
  householderTridiagonal(VECTORS, VALUES, OFF, d)
  implicitQl(VECTORS, VALUES, OFF, d)
  sortEigenpairs(d)
  for (let k = 0; k < d; k++) st(OFF + k, Math.max(ld(VALUES + k), floor))
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s: f64 = 0
      for (let k = 0; k < d; k++) s += ld(VECTORS + i * d + k) * ld(OFF + k) * ld(VECTORS + j * d + k)
      st(out + i * d + j, s)
      st(out + j * d + i, s)
    }
  }
}

/** One alternating projection with Dykstra's correction; returns the relative change of Y. */
export function repairStep(): f64 {
  const d = D
  const size = N
  for (let k = 0; k < size; k++) st(RESIDUAL + k, ld(Y + k) - ld(CORRECTION + k))
  clipEigen(RESIDUAL, 0, X)
  for (let k = 0; k < size; k++) st(CORRECTION + k, ld(X + k) - ld(RESIDUAL + k))
  for (let k = 0; k < size; k++) st(NEXT + k, ld(X + k))
  for (let i = 0; i < d; i++) st(NEXT + i * d + i, 1)
  let change: f64 = 0
  let norm: f64 = 0
  for (let k = 0; k < size; k++) {
    const step = ld(NEXT + k) - ld(Y + k)
    change += step * step
    norm += ld(Y + k) * ld(Y + k)
  }
  const swap = Y
  Y = NEXT
  NEXT = swap
  return Math.sqrt(change) / Math.max(1, Math.sqrt(norm))
}

/** The final clip of Y at `floor`; returns the offset of the clipped matrix. */
export function repairFinish(floor: f64): i32 {
  clipEigen(Y, floor, X)
  return X
}

// ---------------------------------------------------------------------------------------------------------------
// Pairwise-complete Pearson correlation (src/correlation.ts pairwiseCorrelationSteps).

let PD: i32 = 0
let PN: i32 = 0
let MOMENTS: i32 = 0
let ROW: i32 = 0

/** Lays out d score columns of n rows (column j at offset j·n, written by the caller); returns 0. */
export function pairwiseSetup(d: i32, n: i32): i32 {
  PD = d
  PN = n
  MOMENTS = d * n
  ROW = MOMENTS + 3 * d
  reserve(ROW + d)
  return 0
}

/**
 * centredMoments of every column: mean, 1/‖x − x̄‖ and a state (0: the column has a NaN, 1: no variance, 2: both
 * numbers hold), as the reference's undefined / null / object.
 */
export function pairwiseMoments(): void {
  const n = PN
  for (let j = 0; j < PD; j++) {
    const x = j * n
    let sum: f64 = 0
    let state: f64 = 2
    for (let k = 0; k < n; k++) {
      const v = ld(x + k)
      if (v != v) {
        state = 0
        break
      }
      sum += v
    }
    if (state == 2 && n < 2) state = 1
    let mean: f64 = 0
    let inverseNorm: f64 = 0
    if (state == 2) {
      mean = sum / <f64>n
      let ss: f64 = 0
      for (let k = 0; k < n; k++) {
        const c = ld(x + k) - mean
        ss += c * c
      }
      if (ss > 1e-12 * <f64>n) inverseNorm = 1 / Math.sqrt(ss)
      else state = 1
    }
    st(MOMENTS + 3 * j, mean)
    st(MOMENTS + 3 * j + 1, inverseNorm)
    st(MOMENTS + 3 * j + 2, state)
  }
}

/** pairCorrelation: Pearson's r on the rows where both exist; 0 with fewer than 2 or no variance. */
function pairCorrelation(x: i32, y: i32, n: i32): f64 {
  let count: i32 = 0
  let sx: f64 = 0
  let sy: f64 = 0
  let sxx: f64 = 0
  let syy: f64 = 0
  let sxy: f64 = 0
  for (let k = 0; k < n; k++) {
    const a = ld(x + k)
    const b = ld(y + k)
    if (a != a || b != b) continue
    count++
    sx += a
    sy += b
    sxx += a * a
    syy += b * b
    sxy += a * b
  }
  if (count < 2) return 0
  const m = <f64>count
  const vx = sxx - (sx * sx) / m
  const vy = syy - (sy * sy) / m
  return vx > 1e-12 * m && vy > 1e-12 * m ? (sxy - (sx * sy) / m) / Math.sqrt(vx * vy) : 0
}

/** Row i of the correlation, entries 0..i−1 (clamped to [−1, 1]); returns their offset. */
export function pairwiseRow(i: i32): i32 {
  const n = PN
  const si = ld(MOMENTS + 3 * i + 2)
  for (let j = 0; j < i; j++) {
    const sj = ld(MOMENTS + 3 * j + 2)
    let c: f64
    if (si != 0 && sj != 0) {
      c = 0
      if (si == 2 && sj == 2) {
        const a = ld(MOMENTS + 3 * i)
        const b = ld(MOMENTS + 3 * j)
        const x = i * n
        const y = j * n
        let s: f64 = 0
        for (let k = 0; k < n; k++) s += (ld(x + k) - a) * (ld(y + k) - b)
        c = s * ld(MOMENTS + 3 * i + 1) * ld(MOMENTS + 3 * j + 1)
      }
    } else c = pairCorrelation(i * n, j * n, n)
    st(ROW + j, Math.max(-1, Math.min(1, c)))
  }
  return ROW
}

// ---------------------------------------------------------------------------------------------------------------
// Sampling (src/latent.ts drawCorrelatedNormals and stratifyToUniforms): z = L·ε per block of rows, then the
// stratification of each coordinate. The caller fills ε and the uniforms U from its generator (the same draws in the
// same order as the references), this module does the arithmetic.

let SD: i32 = 0
let SN: i32 = 0
let SBLOCK: i32 = 0
let ROOT: i32 = 0
let EPS: i32 = 0
let Z: i32 = 0
let U: i32 = 0
let FIRST: i32 = 0 // Int32 regions, offsets in Int32 slots
let NEXTSLOT: i32 = 0
let BUCKET: i32 = 0
let RANKED: i32 = 0
let LOWER: bool = true

/** Lays out a batch of n rows of d coordinates drawn in blocks of `block` rows; the root is written by the caller. */
export function sampleSetup(d: i32, n: i32, block: i32): void {
  SD = d
  SN = n
  SBLOCK = block
  ROOT = 0
  EPS = d * d
  Z = EPS + block * d
  U = Z + d * n
  const ints = (U + n) * 2
  FIRST = ints
  NEXTSLOT = FIRST + n + 1
  BUCKET = NEXTSLOT + n
  RANKED = BUCKET + n
  reserve((RANKED + n + 1) >> 1)
}
export function sampleRootOffset(): i32 {
  return ROOT
}
export function sampleEpsOffset(): i32 {
  return EPS
}
export function sampleZOffset(): i32 {
  return Z
}
export function sampleUOffset(): i32 {
  return U
}

/** Whether the root has nothing above its diagonal (a Cholesky factor); read once per batch. */
export function sampleCheckLower(): void {
  const d = SD
  LOWER = true
  for (let j = 0; j < d && LOWER; j++) for (let k = j + 1; k < d; k++) if (ld(ROOT + j * d + k) != 0) LOWER = false
}

/**
 * multiplyRow for coordinate j: z_j[start + b] = Σ_k root[j·d + k]·ε[b·d + k] for the block's `rows` rows. One call
 * per coordinate (not per block): the engine moves a function to its optimising tier between calls, never during one.
 */
export function sampleCorrelate(j: i32, rows: i32, start: i32): void {
  const d = SD
  const r = ROOT + j * d
  const end = LOWER ? j + 1 : d
  const out = Z + j * SN + start
  for (let b = 0; b < rows; b++) {
    const base = EPS + b * d
    let s: f64 = 0
    for (let k = 0; k <= j; k++) s += ld(r + k) * ld(base + k)
    for (let k = j + 1; k < end; k++) {
      const l = ld(r + k)
      if (l != 0) s += l * ld(base + k)
    }
    st(out + b, s)
  }
}

/**
 * stratifyToUniforms for coordinate j (n ≥ 2): its values replaced rank for rank by (r + U_r)/n. The ranks are those
 * of a stable sort by value (ties in row order), as in the reference, whose bucket function differs: the buckets
 * here come from a linear map of the value (exactly monotone under rounding, so any monotone bucketing gives the
 * same order); about three values share a central bucket.
 */
export function sampleStratify(j: i32): void {
  const n = SN
  const col = Z + j * n
  const nf = <f64>n
  const scale = nf / 8
  const half = nf / 2
  for (let b = 0; b <= n; b++) sti(FIRST + b, 0)
  for (let i = 0; i < n; i++) {
    let x = Math.floor(ld(col + i) * scale + half)
    let b: i32 = x >= nf ? n - 1 : x < 0 ? 0 : <i32>x
    sti(BUCKET + i, b)
    sti(FIRST + b + 1, ldi(FIRST + b + 1) + 1)
  }
  for (let b = 0; b < n; b++) sti(FIRST + b + 1, ldi(FIRST + b + 1) + ldi(FIRST + b))
  for (let b = 0; b < n; b++) sti(NEXTSLOT + b, ldi(FIRST + b))
  for (let i = 0; i < n; i++) {
    const b = ldi(BUCKET + i)
    const lo = ldi(FIRST + b)
    let pos = ldi(NEXTSLOT + b)
    sti(NEXTSLOT + b, pos + 1)
    const v = ld(col + i)
    while (pos > lo && ld(col + ldi(RANKED + pos - 1)) > v) {
      sti(RANKED + pos, ldi(RANKED + pos - 1))
      pos--
    }
    sti(RANKED + pos, i)
  }
  for (let r = 0; r < n; r++) st(col + ldi(RANKED + r), (<f64>r + ld(U + r)) / nf)
}

// ---------------------------------------------------------------------------------------------------------------
// Normal scores of a numerical column (src/fit-columns.ts fitNumeric, src/internal/fit-parts.ts midRankScores):
// Φ⁻¹ of src/internal/normal.ts and the complementary error function of @synthkit/dp (src/normal.ts), transcribed
// with their constants inline; exp and log are the host's (imported), so every value is the reference's.

@external('env', 'exp')
declare function hostExp(x: f64): f64
@external('env', 'log')
declare function hostLog(x: f64): f64

const SQRT1_2: f64 = Math.SQRT1_2
const SQRT_2PI: f64 = 2.50662827463100050242
const SCORE_EPSILON: f64 = 1e-9

/** exp(−y²) from a 4-bit head and a tail (dp's expMinusSquare). */
function expMinusSquare(y: f64): f64 {
  const head = Math.trunc(y * 16) / 16
  const del = (y - head) * (y + head)
  return hostExp(-head * head) * hostExp(-del)
}

/** Cody's erfc (dp's erfc; x is a number, never NaN here). */
function erfc(x: f64): f64 {
  if (x != x) return NaN
  const y = Math.abs(x)
  if (y <= 0.46875) {
    const ysq = y > 1.11e-16 ? y * y : 0
    let xnum = 0.185777706184603153 * ysq
    let xden = ysq
    xnum = (xnum + 3.1611237438705656) * ysq
    xden = (xden + 23.6012909523441209) * ysq
    xnum = (xnum + 113.864154151050156) * ysq
    xden = (xden + 244.024637934444173) * ysq
    xnum = (xnum + 377.485237685302021) * ysq
    xden = (xden + 1282.61652607737228) * ysq
    return 1 - (x * (xnum + 3209.37758913846947)) / (xden + 2844.23683343917062)
  }
  let r: f64
  if (y <= 4) {
    let xnum = 2.15311535474403846e-8 * y
    let xden = y
    xnum = (xnum + 0.564188496988670089) * y
    xden = (xden + 15.7449261107098347) * y
    xnum = (xnum + 8.88314979438837594) * y
    xden = (xden + 117.693950891312499) * y
    xnum = (xnum + 66.1191906371416295) * y
    xden = (xden + 537.181101862009858) * y
    xnum = (xnum + 298.635138197400131) * y
    xden = (xden + 1621.38957456669019) * y
    xnum = (xnum + 881.95222124176909) * y
    xden = (xden + 3290.79923573345963) * y
    xnum = (xnum + 1712.04761263407058) * y
    xden = (xden + 4362.61909014324716) * y
    xnum = (xnum + 2051.07837782607147) * y
    xden = (xden + 3439.36767414372164) * y
    r = ((xnum + 1230.33935479799725) / (xden + 1230.33935480374942)) * expMinusSquare(y)
  } else if (y >= 26.543) {
    r = 0
  } else {
    const ysq = 1 / (y * y)
    let xnum = 0.0163153871373020978 * ysq
    let xden = ysq
    xnum = (xnum + 0.305326634961232344) * ysq
    xden = (xden + 2.56852019228982242) * ysq
    xnum = (xnum + 0.360344899949804439) * ysq
    xden = (xden + 1.87295284992346047) * ysq
    xnum = (xnum + 0.125781726111229246) * ysq
    xden = (xden + 0.527905102951428412) * ysq
    xnum = (xnum + 0.0160837851487422766) * ysq
    xden = (xden + 0.0605183413124413191) * ysq
    r = ((0.56418958354775628695 - (ysq * (xnum + 6.58749161529837803e-4)) / (xden + 0.00233520497626869185)) / y) * expMinusSquare(y)
  }
  return x < 0 ? 2 - r : r
}

function phi(z: f64): f64 {
  return 0.5 * erfc(-z * SQRT1_2)
}

function phiMinusHalf(z: f64): f64 {
  const x = z * SQRT1_2
  const x2 = x * x
  let term = x
  let sum = x
  for (let n = 1; n < 30; n++) {
    term *= -x2 / <f64>n
    const add = term / <f64>(2 * n + 1)
    sum += add
    if (Math.abs(add) <= 1e-17 * Math.abs(sum)) break
  }
  return sum / Math.sqrt(Math.PI)
}

function lowerHalfStart(q: f64): f64 {
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * hostLog(q))
    return (
      (((((-0.007784894002430293 * r + -0.3223964580411365) * r + -2.400758277161838) * r + -2.549732539343734) * r + 4.374664141464968) * r +
        2.938163982698783) /
      ((((0.007784695709041462 * r + 0.3224671290700398) * r + 2.445134137142996) * r + 3.754408661907416) * r + 1)
    )
  }
  const x = q - 0.5
  const r = x * x
  return (
    ((((((-39.69683028665376 * r + 220.9460984245205) * r + -275.928510446969) * r + 138.357751867269) * r + -30.66479806614716) * r +
      2.506628277459239) *
      x) /
    (((((-54.47609879822406 * r + 161.5858368580409) * r + -155.6989798598866) * r + 66.80131188771972) * r + -13.28068155288572) * r + 1)
  )
}

/** score of fit-columns.ts: Φ⁻¹ of the probability clipped to [ε, 1 − ε] (phiInverse below, on its central branch). */
function score(u: f64): f64 {
  return phiInverse(u < SCORE_EPSILON ? SCORE_EPSILON : u > 1 - SCORE_EPSILON ? 1 - SCORE_EPSILON : u)
}

let CN: i32 = 0
let CO: i32 = 0
let VALUES_AT: i32 = 0
let SORTED_AT: i32 = 0
let SCORES_AT: i32 = 0
let ZAT_AT: i32 = 0

/** Lays out a column of n values with `observed` sorted non-missing ones (both written by the caller). */
export function scoresSetup(n: i32, observed: i32): void {
  CN = n
  CO = observed
  VALUES_AT = 0
  SORTED_AT = n
  SCORES_AT = n + observed
  ZAT_AT = 2 * n + observed
  reserve(ZAT_AT + observed)
}
export function scoresValuesOffset(): i32 {
  return VALUES_AT
}
export function scoresSortedOffset(): i32 {
  return SORTED_AT
}
/** Where the scores are (n of them) after a scoring call. */
export function scoresOffset(): i32 {
  return SCORES_AT
}

/** midRankScores: the mid-rank score of each distinct value, then each row's by binary search; NaN stays NaN. */
export function scoresMidRank(): void {
  const observed = CO
  for (let i = 0; i < observed; ) {
    let j = i
    while (j + 1 < observed && ld(SORTED_AT + j + 1) == ld(SORTED_AT + i)) j++
    st(ZAT_AT + i, score(<f64>(i + j + 1) / <f64>(2 * observed)))
    i = j + 1
  }
  for (let i = 0; i < CN; i++) {
    const x = ld(VALUES_AT + i)
    if (x != x) {
      st(SCORES_AT + i, NaN)
      continue
    }
    let lo = 0
    let hi = observed
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (ld(SORTED_AT + mid) < x) lo = mid + 1
      else hi = mid
    }
    st(SCORES_AT + i, ld(ZAT_AT + lo))
  }
}

/** score(F(x)) for the uniform marginal on [low, high] (marginalCdf's uniform case); NaN stays NaN. */
export function scoresUniform(low: f64, high: f64): void {
  for (let i = 0; i < CN; i++) {
    const x = ld(VALUES_AT + i)
    if (x != x) {
      st(SCORES_AT + i, NaN)
      continue
    }
    let p: f64
    if (high > low) {
      const t = (x - low) / (high - low)
      p = t < 0 ? 0 : t > 1 ? 1 : t
    } else p = x < low ? 0 : 1
    st(SCORES_AT + i, score(p))
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Marginal selection of a numerical column (src/marginal-fit.ts fitMarginal with `auto`) and the scores of the
// parametric families (fitNumeric's per-row score(marginalCdf(m, x))): the families' CDFs of src/marginal.ts with the
// special functions of src/internal (incomplete gamma and beta, Student-t, log-gamma, modified Lentz) transcribed;
// log1p and pow are the host's too. Runs on the column laid out by scoresSetup (its sorted values).

@external('env', 'log1p')
declare function hostLog1p(x: f64): f64
@external('env', 'pow')
declare function hostPow(x: f64, y: f64): f64

const FAMILY_UNIFORM: i32 = 0
const FAMILY_NORMAL: i32 = 1
const FAMILY_TRUNCNORM: i32 = 2
const FAMILY_LOGNORMAL: i32 = 3
const FAMILY_GAMMA: i32 = 4
const FAMILY_BETA: i32 = 5
const FAMILY_STUDENT_T: i32 = 6
const FAMILIES: i32 = 7
const KNOTS: i32 = 1001
const FIT_SUBSAMPLE: i32 = 10000
const TIE_MARGIN: f64 = 0.002
const LN_SQRT_2PI: f64 = 0.91893853320467274178
const GAMMA_EPS: f64 = 1.1102230246251565e-16 // 2^-53
const TINY: f64 = 1e-300
const MAX_TERMS: i32 = 100000

// src/internal/log-gamma.ts
function logGamma(x: f64): f64 {
  if (x < 0.5) return logGamma(x + 1) - hostLog(x)
  const y = x - 1
  let sum: f64 = 0.99999999999980993
  sum += 676.5203681218851 / (y + 1)
  sum += -1259.1392167224028 / (y + 2)
  sum += 771.32342877765313 / (y + 3)
  sum += -176.61502916214059 / (y + 4)
  sum += 12.507343278686905 / (y + 5)
  sum += -0.13857109526572012 / (y + 6)
  sum += 9.9843695780195716e-6 / (y + 7)
  sum += 1.5056327351493116e-7 / (y + 8)
  const t = y + 7 + 0.5
  return LN_SQRT_2PI + (y + 0.5) * hostLog(t) - t + hostLog(sum)
}

function stirlingError(a: f64): f64 {
  if (a < 10) return logGamma(a) - ((a - 0.5) * hostLog(a) - a + LN_SQRT_2PI)
  const r = 1 / a
  const r2 = r * r
  return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))))
}

function logGammaKernel(a: f64, x: f64): f64 {
  if (a < 10) return a * hostLog(x) - x - logGamma(a)
  return a * (hostLog1p((x - a) / a) - (x - a) / a) + 0.5 * hostLog(a) - LN_SQRT_2PI - stirlingError(a)
}

function logBeta(a: f64, b: f64): f64 {
  const s = Math.min(a, b)
  const h = Math.max(a, b)
  if (h < 10) return logGamma(a) + logGamma(b) - logGamma(a + b)
  return logGamma(s) - (h - 0.5) * hostLog1p(s / h) - s * hostLog(h + s) + s + stirlingError(h) - stirlingError(h + s)
}

function logBetaKernel(a: f64, b: f64, x: f64, y: f64): f64 {
  if (Math.min(a, b) < 10) {
    const lx = x < 0.5 ? hostLog(x) : hostLog1p(-y)
    const ly = x < 0.5 ? hostLog1p(-x) : hostLog(y)
    return a * lx + b * ly - logBeta(a, b)
  }
  const n = a + b
  const x0 = a / n
  const y0 = b / n
  const lx = hostLog1p((x - x0) / x0)
  const ly = hostLog1p((y - y0) / y0)
  return a * lx + b * ly + 0.5 * hostLog((a * b) / n) - LN_SQRT_2PI - stirlingError(a) - stirlingError(b) + stirlingError(n)
}

// src/internal/lentz.ts: the state (c, d, value) in globals
let LC: f64 = 0
let LD: f64 = 0
let LV: f64 = 0

function lentzStart(c0: f64, b0: f64): void {
  const d = 1 / (Math.abs(b0) < TINY ? TINY : b0)
  LC = c0
  LD = d
  LV = d
}

function lentzStep(a: f64, b: f64): f64 {
  let d = b + a * LD
  if (Math.abs(d) < TINY) d = TINY
  let c = b + a / LC
  if (Math.abs(c) < TINY) c = TINY
  LD = 1 / d
  LC = c
  const delta = c * LD
  LV *= delta
  return delta
}

// src/internal/incomplete-gamma.ts
function lowerSeries(a: f64, x: f64): f64 {
  let term = 1 / a
  let sum = term
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= x / (a + <f64>n)
    sum += term
    if (term < sum * GAMMA_EPS) break
  }
  return sum
}

function upperFraction(a: f64, x: f64): f64 {
  let b = x + 1 - a
  lentzStart(1 / TINY, b)
  for (let i = 1; i < MAX_TERMS; i++) {
    b += 2
    const fi = <f64>i
    if (Math.abs(lentzStep(-fi * (fi - a), b) - 1) < GAMMA_EPS) break
  }
  return LV
}

function regularizedGammaP(a: f64, x: f64): f64 {
  if (a != a || x != x || !(a > 0)) return NaN
  if (x <= 0) return 0
  if (x == Infinity) return 1
  const kernel = hostExp(logGammaKernel(a, x))
  if (x < a + 1) return Math.min(1, kernel * lowerSeries(a, x))
  return Math.max(0, 1 - kernel * upperFraction(a, x))
}

// src/internal/incomplete-beta.ts
function betaFraction(a: f64, b: f64, x: f64): f64 {
  lentzStart(1, 1 - ((a + b) * x) / (a + 1))
  for (let m = 1; m < MAX_TERMS; m++) {
    const fm = <f64>m
    const m2 = <f64>(2 * m)
    lentzStep((fm * (b - fm) * x) / ((a - 1 + m2) * (a + m2)), 1)
    const delta = lentzStep((-(a + fm) * (a + b + fm) * x) / ((a + m2) * (a + 1 + m2)), 1)
    if (Math.abs(delta - 1) < GAMMA_EPS) break
  }
  return LV
}

function regularizedBetaOf(x: f64, y: f64, a: f64, b: f64): f64 {
  if (x != x || y != y || a != a || b != b || !(a > 0) || !(b > 0)) return NaN
  if (x <= 0) return 0
  if (y <= 0) return 1
  const kernel = hostExp(logBetaKernel(a, b, x, y))
  if (x < (a + 1) / (a + b + 2)) return Math.min(1, (kernel * betaFraction(a, b, x)) / a)
  return Math.max(0, 1 - (kernel * betaFraction(b, a, y)) / b)
}

// src/internal/student-t.ts
function studentTCdf(t: f64, df: f64): f64 {
  if (t != t || df != df || !(df > 0)) return NaN
  if (t == Infinity) return 1
  if (t == -Infinity) return 0
  const t2 = t * t
  const x = df / (df + t2)
  const y = t2 / (df + t2)
  if (Math.abs(t) < 0.67) {
    const central = regularizedBetaOf(y, x, 0.5, 0.5 * df)
    return t < 0 ? 0.5 - 0.5 * central : 0.5 + 0.5 * central
  }
  const tail = 0.5 * regularizedBetaOf(x, y, 0.5 * df, 0.5)
  return t < 0 ? tail : 1 - tail
}

@inline function clamp01(p: f64): f64 {
  return p < 0 ? 0 : p > 1 ? 1 : p
}

/** marginalCdf (src/marginal.ts) of a parametric family with its parameters in the order the model lists them. */
function cdf(family: i32, p0: f64, p1: f64, p2: f64, p3: f64, x: f64): f64 {
  switch (family) {
    case FAMILY_UNIFORM:
      return p1 > p0 ? clamp01((x - p0) / (p1 - p0)) : x < p0 ? 0 : 1
    case FAMILY_NORMAL:
      return phi((x - p0) / p1)
    case FAMILY_TRUNCNORM: {
      if (x <= p2) return 0
      if (x >= p3) return 1
      const a = phi((p2 - p0) / p1)
      const b = phi((p3 - p0) / p1)
      return b > a ? clamp01((phi((x - p0) / p1) - a) / (b - a)) : 0.5
    }
    case FAMILY_LOGNORMAL:
      return x <= p2 ? 0 : phi((hostLog(x - p2) - p0) / p1)
    case FAMILY_GAMMA:
      return x <= p2 ? 0 : regularizedGammaP(p0, (x - p2) / p1)
    case FAMILY_BETA: {
      const u = (x - p2) / p3
      return clamp01(regularizedBetaOf(u, 1 - u, p0, p1))
    }
    default:
      return studentTCdf((x - p1) / p2, p0)
  }
}

// The selection's regions (offsets in doubles), after the column's (scoresSetup).
let MN: i32 = 0 // observed values (sorted at SORTED_AT)
let SAMPLE_AT: i32 = 0
let SAMPLE_N: i32 = 0
let GRID_X: i32 = 0
let GRID_BELOW: i32 = 0
let GRID_AT: i32 = 0
let GRID_N: i32 = 0
let KNOTS_AT: i32 = 0
let DEV_AT: i32 = 0
let RESULT_AT: i32 = 0
// moments of the sample
let M_N: f64 = 0
let M_MEAN: f64 = 0
let M_SD: f64 = 0
let M_SKEW: f64 = 0
let M_MIN: f64 = 0
let M_MAX: f64 = 0

/** The result region: per family [evaluated (0/1), KS statistic, up to 5 parameters] (7 doubles each). */
const RESULT_STRIDE: i32 = 7

/** Lays out the selection after the column's regions; returns the offset of the result region. */
export function marginalSetup(): i32 {
  const n = CO
  MN = n
  SAMPLE_N = n <= FIT_SUBSAMPLE ? n : FIT_SUBSAMPLE
  let at = ZAT_AT + n
  SAMPLE_AT = n <= FIT_SUBSAMPLE ? SORTED_AT : at
  if (n > FIT_SUBSAMPLE) at += FIT_SUBSAMPLE
  const grid = n < KNOTS ? n : KNOTS
  GRID_X = at
  GRID_BELOW = at + grid
  GRID_AT = at + 2 * grid
  KNOTS_AT = at + 3 * grid
  DEV_AT = KNOTS_AT + KNOTS
  RESULT_AT = DEV_AT + SAMPLE_N
  reserve(RESULT_AT + FAMILIES * RESULT_STRIDE)
  return RESULT_AT
}

/** Where the empirical marginal's knots are after marginalAuto. */
export function marginalKnotsOffset(): i32 {
  return KNOTS_AT
}

/** sortedQuantile: type 7 on a sorted region. */
function sortedQuantileAt(at: i32, n: i32, p: f64): f64 {
  const h = p * <f64>(n - 1)
  const i = <i32>Math.floor(h)
  if (i >= n - 1) return ld(at + n - 1)
  return ld(at + i) + (h - <f64>i) * (ld(at + i + 1) - ld(at + i))
}

/** Math.round of a non-negative double below 2^52 (halves go up, as in JavaScript). */
@inline function roundHalfUp(x: f64): f64 {
  const f = Math.floor(x)
  return x - f >= 0.5 ? f + 1 : f
}

function computeMoments(): void {
  const n = SAMPLE_N
  let s: f64 = 0
  for (let i = 0; i < n; i++) s += ld(SAMPLE_AT + i)
  const mean = s / <f64>n
  let m2: f64 = 0
  let m3: f64 = 0
  for (let i = 0; i < n; i++) {
    const d = ld(SAMPLE_AT + i) - mean
    m2 += d * d
    m3 += d * d * d
  }
  m2 /= <f64>n
  m3 /= <f64>n
  const sd = Math.sqrt(m2)
  M_N = <f64>n
  M_MEAN = mean
  M_SD = sd
  M_SKEW = sd > 0 ? m3 / (sd * sd * sd) : 0
  M_MIN = ld(SAMPLE_AT)
  M_MAX = ld(SAMPLE_AT + n - 1)
}

@inline function normalPdf(z: f64): f64 {
  return hostExp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)
}

/** KS statistic on the grid in the strided order (ksOnGrid), stopping once above `stopAbove`. */
function ksOnGrid(family: i32, p0: f64, p1: f64, p2: f64, p3: f64, stopAbove: f64): f64 {
  const stride = 61
  let d: f64 = 0
  for (let start = 0; start < stride; start++) {
    for (let k = start; k < GRID_N; k += stride) {
      const f = cdf(family, p0, p1, p2, p3, ld(GRID_X + k))
      const diff = Math.max(Math.abs(f - ld(GRID_BELOW + k)), Math.abs(f - ld(GRID_AT + k)))
      if (diff > d) {
        d = diff
        if (d > stopAbove) return d
      }
    }
  }
  return d
}

/** Writes a family's fitted parameters to its result slot; false when the family does not apply (fitFamilyWith). */
function fitParametric(family: i32, stopAbove: f64): bool {
  const slot = RESULT_AT + family * RESULT_STRIDE + 2
  if (!(M_MAX > M_MIN)) return false
  switch (family) {
    case FAMILY_UNIFORM:
      st(slot, M_MIN)
      st(slot + 1, M_MAX)
      return true
    case FAMILY_NORMAL:
      st(slot, M_MEAN)
      st(slot + 1, M_SD)
      return true
    case FAMILY_TRUNCNORM: {
      if (!(M_SD > 0)) return false
      let mu = M_MEAN
      let sigma = M_SD
      for (let it = 0; it < 60; it++) {
        const a = (M_MIN - mu) / sigma
        const b = (M_MAX - mu) / sigma
        const z = phi((b - 0) / 1) - phi((a - 0) / 1)
        if (!(z > 1e-12)) break
        const r = (normalPdf(a) - normalPdf(b)) / z
        const mean = mu + sigma * r
        const variance = sigma * sigma * (1 + (a * normalPdf(a) - b * normalPdf(b)) / z - r * r)
        if (!(variance > 0)) break
        mu += M_MEAN - mean
        sigma *= Math.min(4, Math.max(0.25, M_SD / Math.sqrt(variance)))
        if (!isFinite(mu) || !isFinite(sigma)) return false
      }
      if (!(sigma > 0) || !isFinite(mu) || Math.abs(mu) > 1e300) return false
      st(slot, mu)
      st(slot + 1, sigma)
      st(slot + 2, M_MIN)
      st(slot + 3, M_MAX)
      return true
    }
    case FAMILY_LOGNORMAL: {
      if (M_MIN <= 0) return false
      let s: f64 = 0
      let s2: f64 = 0
      for (let i = 0; i < SAMPLE_N; i++) {
        const l = hostLog(ld(SAMPLE_AT + i))
        s += l
        s2 += l * l
      }
      const mu = s / <f64>SAMPLE_N
      const sigma = Math.sqrt(Math.max(0, s2 / <f64>SAMPLE_N - mu * mu))
      if (!(sigma > 0)) return false
      st(slot, mu)
      st(slot + 1, sigma)
      st(slot + 2, 0)
      return true
    }
    case FAMILY_GAMMA: {
      if (!(M_SKEW > 1e-6)) return false
      let shape = 4 / (M_SKEW * M_SKEW)
      let scale = (M_SD * M_SKEW) / 2
      let loc = M_MEAN - shape * scale
      if (loc > M_MIN) {
        loc = M_MIN - (M_MAX - M_MIN) / M_N
        shape = ((M_MEAN - loc) * (M_MEAN - loc)) / (M_SD * M_SD)
        scale = (M_SD * M_SD) / (M_MEAN - loc)
      }
      if (!(shape > 0 && scale > 0 && isFinite(shape))) return false
      st(slot, shape)
      st(slot + 1, scale)
      st(slot + 2, loc)
      return true
    }
    case FAMILY_BETA: {
      const pad = (M_MAX - M_MIN) / M_N
      const loc = M_MIN - pad
      const scale = M_MAX - M_MIN + 2 * pad
      const mean = (M_MEAN - loc) / scale
      const v = hostPow(M_SD / scale, 2)
      const common = (mean * (1 - mean)) / v - 1
      if (!(common > 0)) return false
      st(slot, mean * common)
      st(slot + 1, (1 - mean) * common)
      st(slot + 2, loc)
      st(slot + 3, scale)
      return true
    }
    default: {
      // Student-t: the sample is its own subsample (at most FIT_SUBSAMPLE values); |x − median| sorted by merging
      // the two monotone runs on either side of the median (the same values Float64Array.sort would give)
      const n = SAMPLE_N
      const median = sortedQuantileAt(SAMPLE_AT, n, 0.5)
      let right = 0
      while (right < n && ld(SAMPLE_AT + right) < median) right++
      let left = right - 1
      for (let o = 0; o < n; o++) {
        const l = left >= 0 ? Math.abs(ld(SAMPLE_AT + left) - median) : Infinity
        const r = right < n ? Math.abs(ld(SAMPLE_AT + right) - median) : Infinity
        if (left >= 0 && (right >= n || l <= r)) {
          st(DEV_AT + o, l)
          left--
        } else {
          st(DEV_AT + o, r)
          right++
        }
      }
      const mad = sortedQuantileAt(DEV_AT, n, 0.5)
      if (!(mad > 0)) return false
      let bestD: f64 = Infinity
      let found = false
      let bestDf: f64 = 0
      let bestScale: f64 = 0
      for (let t = 0; t < 7; t++) {
        const df: f64 = t == 0 ? 1 : t == 1 ? 2 : t == 2 ? 3 : t == 3 ? 5 : t == 4 ? 8 : t == 5 ? 15 : 30
        const quartile: f64 =
          t == 0
            ? 1
            : t == 1
              ? 0.81649658092772615
              : t == 2
                ? 0.76489232840434562
                : t == 3
                  ? 0.72668684380042292
                  : t == 4
                    ? 0.70638661264483893
                    : t == 5
                      ? 0.69119694895848949
                      : 0.68275569332129271
        const scale = mad / quartile
        const d = ksOnGrid(FAMILY_STUDENT_T, df, median, scale, 0, Math.min(bestD, stopAbove))
        if (d < bestD || !found) {
          bestD = d
          found = true
          bestDf = df
          bestScale = scale
        }
      }
      st(slot, bestDf)
      st(slot + 1, median)
      st(slot + 2, bestScale)
      return true
    }
  }
}

/**
 * fitMarginal(sorted, 'auto') on the sorted observed values at SORTED_AT (marginalSetup first). Returns −2 for a
 * constant column (one knot: the first sorted value), −1 for the empirical marginal (knots at marginalKnotsOffset),
 * else the chosen family's code (its parameters in its result slot). Each family's slot says whether it was
 * evaluated and its KS statistic; none is when the largest atom sends the column to the empirical marginal at once.
 */
export function marginalAuto(threshold: f64): i32 {
  const n = MN
  for (let k = 0; k < FAMILIES * RESULT_STRIDE; k++) st(RESULT_AT + k, 0)
  if (ld(SORTED_AT) == ld(SORTED_AT + n - 1)) return -2
  for (let k = 0; k < KNOTS; k++) st(KNOTS_AT + k, sortedQuantileAt(SORTED_AT, n, <f64>k / <f64>(KNOTS - 1)))
  // largest atom
  let best = 1
  let run = 1
  for (let i = 1; i < n; i++) {
    run = ld(SORTED_AT + i) == ld(SORTED_AT + i - 1) ? run + 1 : 1
    if (run > best) best = run
  }
  if (<f64>best / <f64>n > 2 * threshold) return -1
  // the KS grid: the distinct values with their ECDF below and at each, or the knots
  if (n < KNOTS) {
    let g = 0
    for (let i = 0; i < n; ) {
      let j = i
      while (j + 1 < n && ld(SORTED_AT + j + 1) == ld(SORTED_AT + i)) j++
      st(GRID_X + g, ld(SORTED_AT + i))
      st(GRID_BELOW + g, <f64>i / <f64>n)
      st(GRID_AT + g, <f64>(j + 1) / <f64>n)
      g++
      i = j + 1
    }
    GRID_N = g
  } else {
    for (let k = 0; k < KNOTS; k++) {
      st(GRID_X + k, ld(KNOTS_AT + k))
      const p = <f64>k / <f64>(KNOTS - 1)
      st(GRID_BELOW + k, p)
      st(GRID_AT + k, p)
    }
    GRID_N = KNOTS
  }
  // the deterministic subsample of evenly spaced order statistics
  if (n > FIT_SUBSAMPLE) {
    for (let j = 0; j < FIT_SUBSAMPLE; j++) {
      const i = <i32>roundHalfUp(<f64>j * <f64>(n - 1) / <f64>(FIT_SUBSAMPLE - 1))
      st(SAMPLE_AT + j, ld(SORTED_AT + i))
    }
  }
  computeMoments()
  let chosen = -1
  let bestD: f64 = Infinity
  for (let family = 0; family < FAMILIES; family++) {
    const stop = Math.min(threshold, bestD - TIE_MARGIN)
    if (!fitParametric(family, stop)) continue
    const slot = RESULT_AT + family * RESULT_STRIDE
    const d = ksOnGrid(family, ld(slot + 2), ld(slot + 3), ld(slot + 4), ld(slot + 5), stop)
    st(slot, 1)
    st(slot + 1, d)
    if (d <= stop) {
      chosen = family
      bestD = d
    }
  }
  return chosen
}

/** score(marginalCdf(m, x)) per row for a parametric family (fitNumeric's general loop); NaN stays NaN. */
export function scoresParametric(family: i32, p0: f64, p1: f64, p2: f64, p3: f64): void {
  for (let i = 0; i < CN; i++) {
    const x = ld(VALUES_AT + i)
    st(SCORES_AT + i, x != x ? NaN : score(cdf(family, p0, p1, p2, p3, x)))
  }
}

/** fitNumeric's normal loop: the standardised value clipped to [lo, hi] = [score(0), score(1)]; NaN stays NaN. */
export function scoresNormal(mean: f64, sd: f64, lo: f64, hi: f64): void {
  for (let i = 0; i < CN; i++) {
    const v = (ld(VALUES_AT + i) - mean) / sd
    st(SCORES_AT + i, v < lo ? lo : v > hi ? hi : v)
  }
}

/** fitNumeric's log-normal loop: (ln(x − loc) − mu)/sigma clipped to [lo, hi]; NaN stays NaN. */
export function scoresLogNormal(loc: f64, mu: f64, sigma: f64, lo: f64, hi: f64): void {
  for (let i = 0; i < CN; i++) {
    const x = ld(VALUES_AT + i)
    const v = x != x ? NaN : x <= loc ? -Infinity : (hostLog(x - loc) - mu) / sigma
    st(SCORES_AT + i, v < lo ? lo : v > hi ? hi : v)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A sampled column's values (src/sample.ts drawBatch): F⁻¹(u) of the empirical, uniform, normal and log-normal
// marginals (src/marginal.ts fromUniforms) with the full Φ⁻¹ of src/internal/normal.ts, the datetime grid, the
// missing indicator, core's output rule (packages/core/src/output-rules.ts applyOutputRule) and a category's slot
// search. The caller writes u (and the indicator's probabilities) and the knots or thresholds, then reads OUT.

let VN: i32 = 0
let V_U: i32 = 0
let V_UM: i32 = 0
let V_OUT: i32 = 0
let V_AUX: i32 = 0
let V_SLOTS: i32 = 0 // an Int32 region, its offset in Int32 slots

/** Lays out n rows with `aux` doubles of knots or thresholds (and aux + 1 Int32 slots). */
export function valuesSetup(n: i32, aux: i32): void {
  VN = n
  V_U = 0
  V_UM = n
  V_OUT = 2 * n
  V_AUX = 3 * n
  V_SLOTS = (V_AUX + aux) * 2
  reserve(V_AUX + aux + ((aux + 2) >> 1))
}
export function valuesUOffset(): i32 {
  return V_U
}
export function valuesMissingOffset(): i32 {
  return V_UM
}
export function valuesOutOffset(): i32 {
  return V_OUT
}
export function valuesAuxOffset(): i32 {
  return V_AUX
}
/** In Int32 slots of the memory. */
export function valuesSlotsOffset(): i32 {
  return V_SLOTS
}

function logPhiFarTail(z: f64): f64 {
  const r = 1 / (z * z)
  return -0.5 * z * z - hostLog(-z) - LN_SQRT_2PI + hostLog1p(-r * (1 - r * (3 - r * (15 - r * 105))))
}

/** phiInverse of src/internal/normal.ts, whole: NaN outside [0, 1], ∓∞ at 0 and 1, the far tail below 1e-300. */
function phiInverse(p: f64): f64 {
  if (p != p || p < 0 || p > 1) return NaN
  if (p == 0) return -Infinity
  if (p == 1) return Infinity
  const q = p < 0.5 ? p : 1 - p
  if (q == 0.5) return 0
  let z = lowerHalfStart(q)
  if (q < 1e-300) {
    const target = hostLog(q)
    for (let i = 0; i < 20; i++) {
      const step = (logPhiFarTail(z) - target) / (-z - 1 / z)
      z -= step
      if (Math.abs(step) <= 1e-15 * Math.abs(z)) break
    }
  } else {
    const central = q > 0.25
    const offset = q - 0.5
    for (let i = 0; i < 6; i++) {
      const residual = central ? phiMinusHalf(z) - offset : phi(z) - q
      const u = residual * SQRT_2PI * hostExp(0.5 * z * z)
      const step = u / (1 + 0.5 * z * u)
      z -= step
      if (Math.abs(step) <= 1e-6 * Math.abs(z)) break
    }
  }
  return p < 0.5 ? z : -z
}

/** JavaScript's Math.round: the nearest integer, halves toward +∞, −0 kept for −½ ≤ x ≤ −0. */
function jsRound(x: f64): f64 {
  const f = Math.floor(x)
  const r = x - f >= 0.5 ? f + 1 : f
  return r == 0 ? copysign<f64>(0, x) : r
}

/** fromUniforms' empirical case: the k knots at AUX interpolated at u (a NaN or negative index gives NaN). */
export function valuesEmpirical(k: i32): void {
  if (k == 1) {
    const q0 = ld(V_AUX)
    for (let i = 0; i < VN; i++) st(V_OUT + i, q0)
    return
  }
  const last = k - 1
  const lastF = <f64>last
  for (let i = 0; i < VN; i++) {
    const h = ld(V_U + i) * lastF
    const jf = Math.floor(h)
    let x: f64
    if (jf != jf || jf < 0) x = NaN
    else if (jf >= lastF) x = ld(V_AUX + last)
    else {
      const j = <i32>jf
      x = ld(V_AUX + j) + (h - jf) * (ld(V_AUX + j + 1) - ld(V_AUX + j))
    }
    st(V_OUT + i, x)
  }
}

export function valuesUniform(low: f64, high: f64): void {
  const width = high - low
  for (let i = 0; i < VN; i++) st(V_OUT + i, low + ld(V_U + i) * width)
}

export function valuesNormal(mean: f64, sd: f64): void {
  for (let i = 0; i < VN; i++) st(V_OUT + i, mean + sd * phiInverse(ld(V_U + i)))
}

export function valuesLogNormal(loc: f64, mu: f64, sigma: f64): void {
  for (let i = 0; i < VN; i++) st(V_OUT + i, loc + hostExp(mu + sigma * phiInverse(ld(V_U + i))))
}

/** A datetime column's grid: round(x)·unit + origin. */
export function valuesTime(unit: f64, origin: f64): void {
  for (let i = 0; i < VN; i++) st(V_OUT + i, jsRound(ld(V_OUT + i)) * unit + origin)
}

/** The indicator's "missing" slot is the top interval: rows whose probability is above the threshold. */
export function valuesMissing(threshold: f64): void {
  for (let i = 0; i < VN; i++) if (ld(V_UM + i) > threshold) st(V_OUT + i, NaN)
}

/**
 * applyOutputRule: rounding to `precision` decimals (−1: none; `scale` = 10^precision), or a datetime to whole units,
 * then the bounds; NaN stays missing.
 */
export function valuesOutputRule(precision: i32, scale: f64, hasMin: bool, min: f64, hasMax: bool, max: f64, datetime: bool): void {
  for (let i = 0; i < VN; i++) {
    let x = ld(V_OUT + i)
    if (x != x) continue
    if (precision >= 0) x = precision == 0 ? jsRound(x) : Math.abs(x) * scale < 9007199254740992 ? jsRound(x * scale) / scale : x
    else if (datetime) x = jsRound(x)
    if (hasMin && x < min) x = min
    if (hasMax && x > max) x = max
    st(V_OUT + i, x)
  }
}

/** A category's codes: the slot whose interval holds u (k thresholds at AUX, k + 1 slots at SLOTS), into SLOTS' end. */
export function valuesCodes(k: i32): void {
  const codes = V_OUT * 2 // the codes overwrite OUT, as Int32
  for (let i = 0; i < VN; i++) {
    const v = ld(V_U + i)
    let lo = 0
    let hi = k
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (ld(V_AUX + mid) <= v) lo = mid + 1
      else hi = mid
    }
    sti(codes + i, ldi(V_SLOTS + lo))
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A category's principal position (src/fit-columns.ts principalPosition and principalPositionFromSums): the mean
// normal score of each numerical coordinate per slot, their frequency-weighted covariance and its first principal
// component by power iteration.

let QN: i32 = 0
let QK: i32 = 0
let QP: i32 = 0
let P_CODES: i32 = 0 // Int32 slots
let P_REF: i32 = 0
let P_COUNTS: i32 = 0
let P_MEANS: i32 = 0
let P_SEEN: i32 = 0
let P_CENTER: i32 = 0
let P_COV: i32 = 0
let P_V: i32 = 0
let P_NEXT: i32 = 0
let P_POSITION: i32 = 0

/** Lays out n rows of codes (k categories, missing at k) and p reference coordinates. */
export function positionSetup(n: i32, k: i32, p: i32): void {
  QN = n
  QK = k
  QP = p
  P_REF = 0
  P_COUNTS = p * n
  P_MEANS = P_COUNTS + k + 1
  P_SEEN = P_MEANS + (k + 1) * p
  P_CENTER = P_SEEN + (k + 1) * p
  P_COV = P_CENTER + p
  P_V = P_COV + p * p
  P_NEXT = P_V + p
  P_POSITION = P_NEXT + p
  const end = P_POSITION + k + 1
  P_CODES = end * 2
  reserve(end + ((n + 1) >> 1))
}
/** Coordinate j's n scores go at positionRefOffset() + j·n. */
export function positionRefOffset(): i32 {
  return P_REF
}
export function positionCountsOffset(): i32 {
  return P_COUNTS
}
/** In Int32 slots of the memory. */
export function positionCodesOffset(): i32 {
  return P_CODES
}
export function positionOffset(): i32 {
  return P_POSITION
}

/** The position of each slot (k + 1 of them) at positionOffset(); false where principalPosition gives null. */
export function positionRun(): bool {
  const n = QN
  const k = QK
  const p = QP
  for (let x = P_MEANS; x < P_POSITION + k + 1; x++) st(x, 0)
  // addSlotSums per coordinate
  for (let j = 0; j < p; j++) {
    const ref = P_REF + j * n
    for (let i = 0; i < n; i++) {
      const v = ld(ref + i)
      if (v != v) continue
      const c = ldi(P_CODES + i)
      const s = c < 0 ? k : c
      st(P_MEANS + s * p + j, ld(P_MEANS + s * p + j) + v)
      st(P_SEEN + s * p + j, ld(P_SEEN + s * p + j) + 1)
    }
  }
  const total = <f64>n
  for (let s = 0; s <= k; s++) {
    for (let j = 0; j < p; j++) {
      const seen = ld(P_SEEN + s * p + j)
      const mean = seen > 0 ? ld(P_MEANS + s * p + j) / seen : 0
      st(P_MEANS + s * p + j, mean)
      st(P_CENTER + j, ld(P_CENTER + j) + (ld(P_COUNTS + s) / total) * mean)
    }
  }
  for (let s = 0; s <= k; s++) {
    const count = ld(P_COUNTS + s)
    if (count == 0) continue
    const w = count / total
    for (let a = 0; a < p; a++)
      for (let b = 0; b < p; b++)
        st(
          P_COV + a * p + b,
          ld(P_COV + a * p + b) + w * (ld(P_MEANS + s * p + a) - ld(P_CENTER + a)) * (ld(P_MEANS + s * p + b) - ld(P_CENTER + b)),
        )
  }
  let v = P_V
  let next = P_NEXT
  const start = 1 / Math.sqrt(<f64>p)
  for (let j = 0; j < p; j++) st(v + j, start)
  for (let it = 0; it < 200; it++) {
    let ss: f64 = 0
    for (let a = 0; a < p; a++) {
      let s: f64 = 0
      for (let b = 0; b < p; b++) s += ld(P_COV + a * p + b) * ld(v + b)
      st(next + a, s)
      ss += s * s
    }
    const norm = Math.sqrt(ss)
    if (!(norm > 1e-12)) return false
    for (let a = 0; a < p; a++) st(next + a, ld(next + a) / norm)
    const swap = v
    v = next
    next = swap
  }
  let big = 0
  for (let j = 1; j < p; j++) if (Math.abs(ld(v + j)) > Math.abs(ld(v + big))) big = j
  if (ld(v + big) < 0) for (let j = 0; j < p; j++) st(v + j, -ld(v + j))
  for (let s = 0; s <= k; s++)
    for (let j = 0; j < p; j++) st(P_POSITION + s, ld(P_POSITION + s) + ld(v + j) * (ld(P_MEANS + s * p + j) - ld(P_CENTER + j)))
  return true
}

// The other families' quantile functions (src/marginal.ts marginalQuantile; src/internal/incomplete-gamma.ts,
// incomplete-beta.ts and student-t.ts inverses), for fromUniforms' general case.

@external('env', 'tan')
declare function hostTan(x: f64): f64

const STEP_TOLERANCE: f64 = 1e-13

function normalQuantileStart(p: f64): f64 {
  const q = p < 0.5 ? p : 1 - p
  const t = Math.sqrt(-2 * hostLog(q))
  const z = t - (2.30753 + 0.27061 * t) / (1 + t * (0.99229 + 0.04481 * t))
  return p < 0.5 ? -z : z
}

function inverseRegularizedGammaP(p: f64, a: f64): f64 {
  if (p != p || a != a || !(a > 0) || p < 0 || p > 1) return NaN
  if (p == 0) return 0
  if (p == 1) return Infinity
  let x: f64
  if (a > 1) {
    const z = normalQuantileStart(p)
    x = Math.max(1e-3 * a, a * hostPow(1 - 1 / (9 * a) + z / (3 * Math.sqrt(a)), 3))
  } else {
    const t = 1 - a * (0.253 + a * 0.12)
    x = p < t ? hostPow(p / t, 1 / a) : 1 - hostLog1p(-(p - t) / (1 - t))
  }
  let lo: f64 = 0
  let hi: f64 = Infinity
  for (let iter = 0; iter < 200; iter++) {
    const err = regularizedGammaP(a, x) - p
    if (err == 0) return x
    if (err > 0) hi = Math.min(hi, x)
    else lo = Math.max(lo, x)
    const density = hostExp(logGammaKernel(a, x)) / x
    let next: f64
    if (density > 0 && isFinite(density)) {
      const u = err / density
      next = x - u / (1 - 0.5 * Math.max(-1, Math.min(1, u * ((a - 1) / x - 1))))
    } else next = NaN
    if (Math.abs(next - x) <= STEP_TOLERANCE * x) return next >= lo && next <= hi ? next : x
    if (!(next > lo && next < hi)) next = hi == Infinity ? 2 * Math.max(Math.max(x, lo), 1) : lo > 0 ? Math.sqrt(lo * hi) : hi / 2
    x = next
  }
  return x
}

function inverseRegularizedBeta(p: f64, a: f64, b: f64): f64 {
  if (p != p || a != a || b != b || !(a > 0) || !(b > 0) || p < 0 || p > 1) return NaN
  if (p == 0) return 0
  if (p == 1) return 1
  let x: f64
  if (a >= 1 && b >= 1) {
    const z = -normalQuantileStart(p)
    const al = (z * z - 3) / 6
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5.0 / 6 - 2 / (3 * h))
    x = a / (a + b * hostExp(2 * w))
  } else {
    const lna = hostLog(a / (a + b))
    const lnb = hostLog(b / (a + b))
    const t = hostExp(a * lna) / a
    const u = hostExp(b * lnb) / b
    const w = t + u
    x = p < t / w ? hostPow(a * w * p, 1 / a) : 1 - hostPow(b * w * (1 - p), 1 / b)
  }
  if (!(x > 0 && x < 1)) x = 0.5
  const logB = logGamma(a) + logGamma(b) - logGamma(a + b)
  let lo: f64 = 0
  let hi: f64 = 1
  for (let iter = 0; iter < 200; iter++) {
    const err = regularizedBetaOf(x, 1 - x, a, b) - p
    if (err == 0) return x
    if (err > 0) hi = Math.min(hi, x)
    else lo = Math.max(lo, x)
    const density = hostExp((a - 1) * hostLog(x) + (b - 1) * hostLog1p(-x) - logB)
    let next: f64
    if (density > 0 && isFinite(density)) {
      const u = err / density
      next = x - u / (1 - 0.5 * Math.max(-1, Math.min(1, u * ((a - 1) / x - (b - 1) / (1 - x)))))
    } else next = NaN
    if (Math.abs(next - x) <= STEP_TOLERANCE * Math.min(x, 1 - x)) return next >= lo && next <= hi ? next : x
    if (!(next > lo && next < hi)) next = lo == 0 ? hi / 2 : hi == 1 ? 1 - (1 - lo) / 2 : (lo + hi) / 2
    x = next
  }
  return x
}

function studentTQuantile(p: f64, df: f64): f64 {
  if (p != p || df != df || !(df > 0) || p < 0 || p > 1) return NaN
  if (p == 0) return -Infinity
  if (p == 1) return Infinity
  const q = p < 0.5 ? p : 1 - p
  if (q == 0.5) return 0
  let t: f64
  if (df == 1) {
    t = q == 0.25 ? -1 : q > 0.25 ? -hostTan(Math.PI * (0.5 - q)) : -1 / hostTan(Math.PI * q)
  } else if (df == 2) t = -(1 - 2 * q) / Math.sqrt(2 * q * (1 - q))
  else {
    if (q < 0.25) {
      const x = inverseRegularizedBeta(2 * q, 0.5 * df, 0.5)
      t = -Math.sqrt((df * (1 - x)) / x)
    } else {
      const y = inverseRegularizedBeta(1 - 2 * q, 0.5, 0.5 * df)
      t = -Math.sqrt((df * y) / (1 - y))
    }
    const logNorm = logGamma(0.5 * (df + 1)) - logGamma(0.5 * df) - 0.5 * hostLog(df * Math.PI)
    for (let i = 0; i < 3 && isFinite(t); i++) {
      const step = (studentTCdf(t, df) - q) / hostExp(logNorm - 0.5 * (df + 1) * hostLog1p((t * t) / df))
      if (!isFinite(step)) break
      t -= step
      if (Math.abs(step) <= 1e-15 * Math.abs(t)) break
    }
  }
  return p < 0.5 ? t : -t
}

/** fromUniforms' general case: u kept inside [ε, 1 − ε], then marginalQuantile of the family (codes as in cdf). */
export function valuesParametric(family: i32, p0: f64, p1: f64, p2: f64, p3: f64): void {
  for (let i = 0; i < VN; i++) {
    let p = ld(V_U + i)
    if (p < SCORE_EPSILON) p = SCORE_EPSILON
    else if (p > 1 - SCORE_EPSILON) p = 1 - SCORE_EPSILON
    let x: f64
    switch (family) {
      case FAMILY_TRUNCNORM: {
        const a = phi((p2 - p0) / p1)
        const b = phi((p3 - p0) / p1)
        const y = p0 + p1 * phiInverse(a + p * (b - a))
        x = y < p2 ? p2 : y > p3 ? p3 : y
        break
      }
      case FAMILY_GAMMA:
        x = p2 + p1 * inverseRegularizedGammaP(p, p0)
        break
      case FAMILY_BETA:
        x = p2 + p3 * inverseRegularizedBeta(p, p0, p1)
        break
      default:
        x = p1 + p2 * studentTQuantile(p, p0)
    }
    st(V_OUT + i, x)
  }
}
