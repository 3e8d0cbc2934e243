import { verifyAuditChain } from '../governance/audit-log'
import { catalogPath, withCatalog } from '../governance/catalog-store'
import { CliError } from '../terminal/cli-error'
import { EXIT } from '../terminal/exit-codes'
import type { Io } from '../terminal/io'
import { textTable } from '../terminal/text-table'
import type { CatalogOptions } from './catalog'

/**
 * `synthkit audit verify`: recomputes the hash chain of the catalog's audit log. Exit 0 with the number of entries
 * and the head hash (keep it elsewhere: a shortened log is detected against it); exit 1 naming each bad entry.
 */
export async function auditVerifyCommand(options: CatalogOptions & { readonly head?: string }, io: Io): Promise<void> {
  const path = catalogPath(options.catalog)
  const entries = await withCatalog(path, false, (c) => c.auditEntries())
  const v = verifyAuditChain(entries)
  const problems = v.problems.map((p) => `entry ${p.seq}: ${p.message}`)
  if (options.head !== undefined && !entries.some((e) => e.hash === options.head))
    problems.push(`no entry has the expected hash ${options.head.slice(0, 12)}…: entries were removed or rewritten`)
  if (options.json) io.out(JSON.stringify({ ...v, problems }, null, 2))
  if (problems.length > 0)
    throw new CliError(
      `audit log ${path} has been tampered with: ${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`,
      EXIT.gateFailed,
      problems,
    )
  if (!options.json) io.out(`audit log ${path} intact: ${v.entries} entries, head ${v.head}`)
}

/** `synthkit audit list`: every entry of the audit log. */
export async function auditListCommand(options: CatalogOptions, io: Io): Promise<void> {
  const entries = await withCatalog(catalogPath(options.catalog), false, (c) => c.auditEntries())
  if (options.json) io.out(JSON.stringify(entries, null, 2))
  else
    io.out(
      textTable(
        ['seq', 'at', 'action', 'subject', 'hash'],
        entries.map((e) => [String(e.seq), e.at, e.action, e.subject, `${e.hash.slice(0, 12)}…`]),
      ),
    )
}
