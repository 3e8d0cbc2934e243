import { canonicalJson, sha256Hex } from './canonical-json'

/**
 * A card id: `card-` and 16 hex digits of the SHA-256 of what identifies the release (its creation time and the
 * files' or model's hashes). Derived, not random, so the same inputs at the same instant give the same id.
 */
export function cardId(parts: Readonly<Record<string, string | number | null>>): string {
  return `card-${sha256Hex(canonicalJson(parts)).slice(0, 16)}`
}
