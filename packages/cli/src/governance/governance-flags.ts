import type { Command } from 'commander'
import { either as E } from 'fp-ts'
import { CLASSIFICATIONS, type GovernanceInput, decodeGovernanceInput, parseRetention } from '../card/card-governance'
import { readJsonFile } from '../io/json-file'
import type { Io } from '../terminal/io'
import type { AuditAction } from './audit-log'
import { catalogPath, withCatalog } from './catalog-store'
import { GovernanceError } from './governance-error'

/** The card's human fields as flags (commander's camel-cased names). */
export interface GovernanceFlags {
  readonly governance?: string
  readonly owner?: string
  readonly steward?: string
  readonly intendedUse?: readonly string[]
  readonly prohibitedUse?: readonly string[]
  readonly classification?: string
  readonly license?: string
  readonly retention?: string
  readonly approval?: readonly string[]
}

const collect = (v: string, prev: string[] = []) => [...prev, v]

/** Adds the card's governance flags to a command that writes a card. */
export function addGovernanceFlags(cmd: Command): Command {
  return cmd
    .option('--governance <file.json>', 'the card fields below as a JSON file (flags add to it / override it)')
    .option('--owner <name>', 'who is accountable for this release')
    .option('--steward <contact>', 'day-to-day contact for this release')
    .option('--intended-use <text>', 'an intended use (repeatable)', collect)
    .option('--prohibited-use <text>', 'an out-of-scope, prohibited use (repeatable)', collect)
    .option('--classification <level>', `data classification: ${CLASSIFICATIONS.join(', ')}`)
    .option('--license <id>', 'licence of the synthetic data (e.g. CC-BY-4.0)')
    .option('--retention <period|date>', 'when the release expires: 90d, 12w, 6m, 1y from now, or an ISO date')
    .option('--approval <who|what[|when]>', 'a sign-off: who approved, what, and when (ISO; default now); repeatable', collect)
}

/**
 * The governance statements of a command: the `--governance` file (decoded with io-ts), then the flags on top
 * (scalars override, lists add). Checked before any work: a bad field, level, period or approval is a typed error.
 * Undefined when nothing was stated.
 */
export async function governanceFromFlags(flags: GovernanceFlags, createdAt: string): Promise<GovernanceInput | undefined> {
  const base = flags.governance ? await readJsonFile(flags.governance, 'governance') : {}
  if (typeof base !== 'object' || base === null || Array.isArray(base))
    throw new GovernanceError('GOVERNANCE_INVALID', `${flags.governance}: expected a JSON object of card fields`)
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) }
  if (flags.owner !== undefined) merged.owner = flags.owner
  if (flags.steward !== undefined) merged.steward = flags.steward
  if (flags.classification !== undefined) merged.classification = flags.classification
  if (flags.license !== undefined) merged.license = flags.license
  if (flags.retention !== undefined) merged.retention = flags.retention
  if (flags.intendedUse || flags.prohibitedUse) {
    const uses = (merged.uses ?? {}) as { direct?: unknown[]; outOfScope?: unknown[] }
    merged.uses = {
      ...uses,
      ...(flags.intendedUse ? { direct: [...(Array.isArray(uses.direct) ? uses.direct : []), ...flags.intendedUse] } : {}),
      ...(flags.prohibitedUse ? { outOfScope: [...(Array.isArray(uses.outOfScope) ? uses.outOfScope : []), ...flags.prohibitedUse] } : {}),
    }
  }
  if (flags.approval) {
    const given = Array.isArray(merged.approvals) ? merged.approvals : []
    merged.approvals = [...given, ...flags.approval.map((a) => parseApproval(a, createdAt))]
  }
  if (Object.keys(merged).length === 0) return undefined
  const decoded = decodeGovernanceInput(merged)
  if (E.isLeft(decoded)) {
    const e = decoded.left
    throw flags.governance
      ? new GovernanceError('GOVERNANCE_INVALID', `${flags.governance}: ${e.message.replace(/ \[GOVERNANCE_INVALID\]$/, '')}`, e.details)
      : e
  }
  if (decoded.right.retention !== undefined) parseRetention(decoded.right.retention, createdAt)
  return decoded.right
}

/** `who|what[|when]` → an approval; when defaults to the command's time. */
function parseApproval(text: string, now: string): { by: string; scope: string; at: string } {
  const parts = text.split('|').map((p) => p.trim())
  if (parts.length < 2 || parts.length > 3 || parts[0] === '' || parts[1] === '')
    throw new GovernanceError('GOVERNANCE_INVALID', `--approval "${text}": expected "who|what" or "who|what|when"`)
  const at = parts[2] ? new Date(parts[2]) : new Date(now)
  if (Number.isNaN(at.getTime()))
    throw new GovernanceError('GOVERNANCE_INVALID', `--approval "${text}": "${parts[2]}" is not an ISO date or time`)
  return { by: parts[0]!, scope: parts[1]!, at: at.toISOString() }
}

/** Adds `--catalog <file>`: the catalog whose audit log records this command. */
export function addAuditFlag(cmd: Command): Command {
  return cmd.option('--catalog <catalog.db>', 'record this run in the audit log of this catalog (default: $SYNTHKIT_CATALOG if set)')
}

/** Appends to the audit log of `--catalog` (or $SYNTHKIT_CATALOG); does nothing when neither is set. */
export async function auditIfCatalog(
  catalog: string | undefined,
  io: Io,
  entry: { readonly action: AuditAction; readonly subject: string; readonly details: Record<string, unknown> },
): Promise<void> {
  if (catalog === undefined && process.env.SYNTHKIT_CATALOG === undefined) return
  const path = catalogPath(catalog)
  const written = await withCatalog(path, true, (c) => c.appendAudit({ at: io.now().toISOString(), ...entry }))
  io.err(`audit log ${path}: entry ${written.seq} (${entry.action}) ${written.hash.slice(0, 12)}…`)
}
