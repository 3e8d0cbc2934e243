import { canonicalJson, sha256Hex } from './canonical-json'

/** What is audited: a fit, a sample (or generate), a release into the catalog, a deletion. */
export type AuditAction = 'fit' | 'sample' | 'generate' | 'release' | 'delete'

/** One entry of the hash-chained audit log. */
export interface AuditEntry {
  /** 1, 2, 3, … without gaps. */
  readonly seq: number
  /** ISO time from the CLI's clock. */
  readonly at: string
  readonly action: AuditAction
  /** What the action was on: a model file, a data file, a card id. */
  readonly subject: string
  /** Hashes, seeds, paths: plain JSON. */
  readonly details: Readonly<Record<string, unknown>>
  /** Hash of the previous entry ({@link GENESIS_HASH} for the first). */
  readonly prev: string
  /** SHA-256 of the canonical JSON of every field above. */
  readonly hash: string
}

/** The `prev` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64)

/**
 * The hash of an entry: SHA-256 of the canonical JSON (sorted keys, no whitespace) of seq, at, action, subject,
 * details and prev. Each hash covers the previous one, so editing, removing or reordering any entry changes every
 * hash after it (a hash chain, as in RFC 6962's log, without the tree).
 */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, action, subject, details, prev } = entry
  return sha256Hex(canonicalJson({ seq, at, action, subject, details, prev }))
}

/** The next entry after `last` (or the first). */
export function nextAuditEntry(
  last: AuditEntry | undefined,
  fields: Pick<AuditEntry, 'at' | 'action' | 'subject' | 'details'>,
): AuditEntry {
  const body = { seq: (last?.seq ?? 0) + 1, prev: last?.hash ?? GENESIS_HASH, ...fields }
  return { ...body, hash: auditEntryHash(body) }
}

/** One thing wrong in a chain, at an entry. */
export interface AuditProblem {
  readonly seq: number
  readonly message: string
}

/** The result of {@link verifyAuditChain}: problems (empty when intact) and the hash of the last entry. */
export interface AuditVerification {
  readonly entries: number
  readonly head: string
  readonly problems: readonly AuditProblem[]
}

/**
 * Recomputes every hash and link of a chain in order. Names each entry whose content no longer matches its hash
 * (edited), whose `prev` is not the previous entry's hash (an entry removed or inserted before it) and each gap in
 * the numbering. Truncating the tail leaves a valid shorter chain: compare `head` with a copy kept elsewhere.
 */
export function verifyAuditChain(entries: readonly AuditEntry[]): AuditVerification {
  const problems: AuditProblem[] = []
  let prev = GENESIS_HASH
  let expectedSeq = 1
  for (const e of entries) {
    if (e.seq !== expectedSeq)
      problems.push({ seq: e.seq, message: `expected entry ${expectedSeq} here: entries are missing or reordered` })
    if (e.prev !== prev) problems.push({ seq: e.seq, message: 'its link to the previous entry is broken (prev hash differs)' })
    const hash = auditEntryHash(e)
    if (hash !== e.hash)
      problems.push({
        seq: e.seq,
        message: `its content does not match its hash (edited): recorded ${e.hash.slice(0, 12)}…, content hashes to ${hash.slice(0, 12)}…`,
      })
    prev = e.hash
    expectedSeq = e.seq + 1
  }
  return { entries: entries.length, head: prev, problems }
}
