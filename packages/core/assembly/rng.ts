// AssemblyScript source of core's random-number kernel (src/generated/rng-wasm.ts holds the compiled module;
// `pnpm build:kernels` at the repository root rebuilds it, test/rng-kernel.test.ts checks the two agree): the seeded
// generator's bulk draws (xoshiro128**, src/rng.ts) and the polar method of fillStandardNormal. Integer steps are the
// same 32-bit operations as the TypeScript (imul, shifts, rotations, xor); the doubles are formed, and the normals
// computed, with the same exactly rounded operations in the same order and the host's own Math.log (imported): the
// same numbers, bit for bit.
//
// Memory: the generator state in Int32 slots 0–3, then UNIFORMS (4,096 doubles) and NORMALS (4,096 doubles).

@external('env', 'log')
declare function hostLog(x: f64): f64

const STATE: i32 = 0 // byte offset
const UNIFORMS: i32 = 16 // byte offset
const NORMALS: i32 = 16 + 4096 * 8
/** Most doubles one call draws or writes. */
const CAPACITY: i32 = 4096

/** Byte offsets of the regions, for the caller's views. */
export function uniformsOffset(): i32 {
  return UNIFORMS
}
export function normalsOffset(): i32 {
  return NORMALS
}
export function capacity(): i32 {
  return CAPACITY
}

/** count (≤ CAPACITY) successive next() draws into UNIFORMS, the state read from and written back to STATE. */
export function uniforms(count: i32): void {
  let s0 = load<i32>(STATE)
  let s1 = load<i32>(STATE + 4)
  let s2 = load<i32>(STATE + 8)
  let s3 = load<i32>(STATE + 12)
  for (let i = 0; i < count; i++) {
    const hi = <u32>(rotl<i32>(s1 * 5, 7) * 9) >>> 5
    let t = s1 << 9
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl<i32>(s3, 11)
    const lo = <u32>(rotl<i32>(s1 * 5, 7) * 9) >>> 6
    t = s1 << 9
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl<i32>(s3, 11)
    store<f64>(UNIFORMS + (i << 3), (<f64>hi * 67108864 + <f64>lo) / 9007199254740992)
  }
  store<i32>(STATE, s0)
  store<i32>(STATE + 4, s1)
  store<i32>(STATE + 8, s2)
  store<i32>(STATE + 12, s3)
}

/**
 * The polar method on the `count` uniforms in UNIFORMS (pairs; a pair with s ≥ 1 or s = 0 is skipped, both values of
 * the others kept), at most `room` normals written to NORMALS; returns how many were written.
 */
export function polar(count: i32, room: i32): i32 {
  let i = 0
  for (let p = 0; p < count; p += 2) {
    const u = 2 * load<f64>(UNIFORMS + (p << 3)) - 1
    const v = 2 * load<f64>(UNIFORMS + ((p + 1) << 3)) - 1
    const s = u * u + v * v
    if (s >= 1 || s == 0) continue
    const f = Math.sqrt((-2 * hostLog(s)) / s)
    store<f64>(NORMALS + (i << 3), u * f)
    i++
    if (i < room) {
      store<f64>(NORMALS + (i << 3), v * f)
      i++
    }
  }
  return i
}
