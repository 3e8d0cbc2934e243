import { createHash } from 'node:crypto'

/**
 * Canonical JSON of a plain value: object keys sorted by code unit, no whitespace, numbers in JavaScript's
 * shortest round-trip form (the JSON Canonicalization Scheme's ordering, RFC 8785 §3.2.3, for the values synthkit
 * writes: strings, finite numbers, booleans, null, arrays and plain objects). Two equal records hash equally
 * whatever order their keys were built in, which the audit chain relies on.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`)
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new TypeError(`canonical JSON has no form for a ${typeof value}`)
}

/** SHA-256 (hex) of a text's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
