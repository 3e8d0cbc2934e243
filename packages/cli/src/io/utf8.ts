/**
 * Index of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or -1. A sequence cut off at the end of `bytes` is not an error when
 * `final` is false: the next chunk may complete it.
 */
export function firstInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  const n = bytes.length
  let i = 0
  while (i < n) {
    const b = bytes[i]
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lo = 0xa0 // overlong
      if (b === 0xed) hi = 0x9f // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lo = 0x90 // overlong
      if (b === 0xf4) hi = 0x8f // above U+10FFFF
    } else return i
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return final ? i : -1
      const c = bytes[i + k]
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i
    }
    i += need + 1
  }
  return -1
}

/** Number of line feeds in `bytes[0, end)`. */
export function countLineFeeds(bytes: Uint8Array, end: number = bytes.length): number {
  let lines = 0
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) lines++
  return lines
}
