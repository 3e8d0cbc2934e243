/** Below this length the engine's comparison sort is as fast as radix passes. */
const RADIX_THRESHOLD = 4096

/**
 * Sorts doubles ascending in place (no NaN expected) with an LSD radix sort on their IEEE-754 bits, 16 bits per pass
 * (Herf, "Radix tricks", 2001: flip the sign bit of positives and every bit of negatives so that unsigned order is
 * numeric order). Passes whose digit is the same for every key are skipped, so integer-valued data, whose low
 * mantissa bits are all zero, needs about two passes. −0 sorts just before +0. Returns the array.
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length
  if (n < RADIX_THRESHOLD) return values.sort()
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2)
  let lo = new Uint32Array(n)
  let hi = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1]
    const l = words[2 * i]
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0
      lo[i] = ~l >>> 0
    } else {
      hi[i] = (h | 0x80000000) >>> 0
      lo[i] = l
    }
  }
  let lo2 = new Uint32Array(n)
  let hi2 = new Uint32Array(n)
  // All four 16-bit digit histograms in one read of the keys.
  const counts = new Uint32Array(4 * 65536)
  for (let i = 0; i < n; i++) {
    const l = lo[i]
    const h = hi[i]
    counts[l & 0xffff]++
    counts[65536 + (l >>> 16)]++
    counts[131072 + (h & 0xffff)]++
    counts[196608 + (h >>> 16)]++
  }
  for (let pass = 0; pass < 4; pass++) {
    const shift = pass % 2 === 0 ? 0 : 16
    const key = pass >= 2 ? hi : lo
    const count = counts.subarray(pass * 65536, (pass + 1) * 65536)
    if (count[(key[0] >>> shift) & 0xffff] === n) continue // every key has this digit: nothing to do
    let sum = 0
    for (let d = 0; d < 65536; d++) {
      const c = count[d]
      count[d] = sum
      sum += c
    }
    scatter(key, shift, count, lo, hi, lo2, hi2)
    let t = lo
    lo = lo2
    lo2 = t
    t = hi
    hi = hi2
    hi2 = t
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i]
    if (h & 0x80000000) {
      words[2 * i + 1] = (h & 0x7fffffff) >>> 0
      words[2 * i] = lo[i]
    } else {
      words[2 * i + 1] = ~h >>> 0
      words[2 * i] = ~lo[i] >>> 0
    }
  }
  return values
}

/** One stable counting-sort pass of the (lo, hi) key pairs on the 16-bit digit of `key` at `shift`. */
function scatter(
  key: Uint32Array,
  shift: number,
  offsets: Uint32Array,
  lo: Uint32Array,
  hi: Uint32Array,
  lo2: Uint32Array,
  hi2: Uint32Array,
): void {
  const n = key.length
  for (let i = 0; i < n; i++) {
    const pos = offsets[(key[i] >>> shift) & 0xffff]++
    lo2[pos] = lo[i]
    hi2[pos] = hi[i]
  }
}
