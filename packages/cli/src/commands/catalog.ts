import { rm, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { type ReadCard, readCardFile } from '../card/card-read'
import { type CatalogEntry, type CatalogFile, type CatalogQuery, catalogPath, withCatalog } from '../governance/catalog-store'
import { GovernanceError } from '../governance/governance-error'
import { readSidecar, sidecarPath } from '../governance/provenance'
import { fileSha256 } from '../io/table-io'
import { readFile } from 'node:fs/promises'
import type { Io } from '../terminal/io'
import { textTable } from '../terminal/text-table'

/** Where the catalog is (`--catalog`, else $SYNTHKIT_CATALOG, else ./synthkit-catalog.db). */
export interface CatalogOptions {
  readonly catalog?: string
  readonly json?: boolean
}

async function fileState(path: string): Promise<{ sha256: string; bytes: number } | null> {
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) return null
  return { sha256: await fileSha256(path), bytes: info.size }
}

/** The files a card releases, checked against the card: the synthetic file (hash and size) and its sidecar. */
async function releaseFiles(card: ReadCard): Promise<CatalogFile[]> {
  if (!card.synthetic)
    throw new GovernanceError(
      'CARD_INCOMPLETE',
      `${card.path} describes no synthetic file: write the card with sample --card or synthkit card`,
    )
  const path = resolve(card.synthetic.path)
  const now = await fileState(path)
  if (!now) throw new GovernanceError('CARD_FILE_MISMATCH', `${card.path} describes ${card.synthetic.path}, which does not exist`)
  if (now.sha256 !== card.synthetic.sha256 || (card.synthetic.bytes !== null && now.bytes !== card.synthetic.bytes))
    throw new GovernanceError(
      'CARD_FILE_MISMATCH',
      `${card.synthetic.path} is not the file ${card.path} describes: SHA-256 ${now.sha256.slice(0, 12)}… (${now.bytes} bytes) on disk, ${card.synthetic.sha256.slice(0, 12)}… in the card`,
    )
  const files: CatalogFile[] = [{ role: 'synthetic', path, sha256: now.sha256, bytes: now.bytes }]
  const sidecar = await readSidecar(path)
  if (sidecar) {
    if (sidecar.file.sha256 !== now.sha256)
      throw new GovernanceError('CARD_FILE_MISMATCH', `${sidecarPath(card.synthetic.path)} records another hash than the file has`)
    if (card.id !== undefined && sidecar.cardId !== null && sidecar.cardId !== card.id)
      throw new GovernanceError('CARD_FILE_MISMATCH', `${card.synthetic.path} was released under card ${sidecar.cardId}, not ${card.id}`)
    const s = await fileState(sidecarPath(path))
    if (s) files.push({ role: 'sidecar', path: sidecarPath(path), sha256: s.sha256, bytes: s.bytes })
  }
  return files
}

/** `synthkit catalog add CARD`: records a release after checking the card against its files; audited. */
export async function catalogAddCommand(options: CatalogOptions & { readonly card: string }, io: Io): Promise<CatalogEntry> {
  const card = await readCardFile(options.card)
  if (card.id === undefined)
    throw new GovernanceError(
      'CARD_INCOMPLETE',
      `${card.path} is a version ${card.version} card without an id: rewrite it with synthkit card`,
    )
  const files = await releaseFiles(card)
  const g = card.governance
  const path = catalogPath(options.catalog)
  return withCatalog(path, true, async (c) => {
    const entry = c.addRelease(
      {
        id: card.id!,
        title: card.title,
        purpose: card.purpose,
        owner: g?.owner ?? null,
        steward: g?.steward ?? null,
        classification: g?.classification ?? null,
        method: card.provenance?.method ?? null,
        sourceSha256: card.real?.sha256 ?? card.provenance?.source?.sha256 ?? null,
        modelSha256: card.provenance?.model?.sha256 ?? null,
        createdAt: card.createdAt,
        expiresAt: g?.retention.expiresAt ?? null,
        cardPath: resolve(card.path),
        files,
        cardJson: await readFile(card.path, 'utf8'),
      },
      io.now().toISOString(),
    )
    const added = c.get(card.id!)
    io.out(
      `catalogued ${added.id}: ${added.title} (owner ${added.owner ?? 'not stated'}; ${added.expiresAt ? `expires ${added.expiresAt}` : 'no expiry'}) → ${path}; audit entry ${entry.seq}`,
    )
    if (!added.expiresAt) io.err(`warning: ${card.path} sets no retention: catalog expired will never list ${added.id} (--retention)`)
    return added
  })
}

function entryRows(entries: readonly CatalogEntry[]): string[][] {
  return entries.map((e) => [e.id, e.title, e.owner ?? '—', e.purpose ?? '—', e.expiresAt ?? 'never', e.status])
}

function printEntries(entries: readonly CatalogEntry[], io: Io, json: boolean | undefined, empty: string): void {
  if (json) io.out(JSON.stringify(entries, null, 2))
  else if (entries.length === 0) io.out(empty)
  else io.out(textTable(['id', 'title', 'owner', 'purpose', 'expires', 'status'], entryRows(entries)))
}

/** `synthkit catalog list`: releases by owner, purpose, source hash or expiry. */
export async function catalogListCommand(
  options: CatalogOptions & CatalogQuery & { readonly all?: boolean },
  io: Io,
): Promise<CatalogEntry[]> {
  const entries = await withCatalog(catalogPath(options.catalog), false, (c) =>
    c.list({ ...options, status: options.all ? 'all' : (options.status ?? 'active') }),
  )
  printEntries(entries, io, options.json, 'no releases match')
  return entries
}

/** `synthkit catalog expired [--now T]`: active releases whose retention ended at or before now. */
export async function catalogExpiredCommand(options: CatalogOptions & { readonly now?: string }, io: Io): Promise<CatalogEntry[]> {
  const now = options.now ? new Date(options.now) : io.now()
  if (Number.isNaN(now.getTime())) throw new GovernanceError('GOVERNANCE_INVALID', `--now "${options.now}": expected an ISO date or time`)
  const entries = await withCatalog(catalogPath(options.catalog), false, (c) => c.list({ expiresBefore: now.toISOString() }))
  printEntries(entries, io, options.json, `no release is past its retention at ${now.toISOString()}`)
  return entries
}

/** The state of each file of an entry now: present and unchanged, changed, or missing. */
async function filesNow(entry: CatalogEntry): Promise<{ file: CatalogFile; state: 'ok' | 'changed' | 'missing' }[]> {
  return Promise.all(
    entry.files.map(async (file) => {
      const now = await fileState(file.path)
      return { file, state: now === null ? 'missing' : now.sha256 === file.sha256 ? 'ok' : 'changed' } as const
    }),
  )
}

function missingError(entry: CatalogEntry, missing: readonly CatalogFile[]): GovernanceError {
  return new GovernanceError(
    'CATALOG_FILES_MISSING',
    `${entry.id}: ${missing.length} file${missing.length > 1 ? 's are' : ' is'} gone (${missing.map((f) => f.path).join(', ')}); deleted outside synthkit? catalog remove --missing-ok records it`,
  )
}

/** `synthkit catalog show ID`: one release, with the state of its files; an active entry whose files are gone is an error. */
export async function catalogShowCommand(options: CatalogOptions & { readonly id: string }, io: Io): Promise<CatalogEntry> {
  const entry = await withCatalog(catalogPath(options.catalog), false, (c) => c.get(options.id))
  const states = await filesNow(entry)
  if (options.json) io.out(JSON.stringify({ ...entry, files: states.map((s) => ({ ...s.file, state: s.state })) }, null, 2))
  else {
    io.out(`${entry.id}: ${entry.title} (${entry.status}${entry.removedAt ? ` at ${entry.removedAt}` : ''})`)
    io.out(
      textTable(
        ['field', 'value'],
        [
          ['purpose', entry.purpose ?? '—'],
          ['owner', entry.owner ?? '—'],
          ['steward', entry.steward ?? '—'],
          ['classification', entry.classification ?? '—'],
          ['method', entry.method ?? '—'],
          ['source SHA-256', entry.sourceSha256 ?? '—'],
          ['model SHA-256', entry.modelSha256 ?? '—'],
          ['created', entry.createdAt],
          ['expires', entry.expiresAt ?? 'never'],
          ['card', entry.cardPath],
        ],
      ),
    )
    for (const s of states) io.out(`  ${s.file.role}: ${s.file.path} — ${s.state}`)
  }
  const missing = states.filter((s) => s.state === 'missing').map((s) => s.file)
  if (entry.status === 'active' && missing.length > 0) throw missingError(entry, missing)
  return entry
}

/**
 * `synthkit catalog remove ID`: deletes the release's files (synthetic data and sidecar; the card stays as the
 * record of what existed) and records the deletion in the audit log. Files already gone are an error unless
 * `missingOk`, which records them as such.
 */
export async function catalogRemoveCommand(
  options: CatalogOptions & { readonly id: string; readonly missingOk?: boolean },
  io: Io,
): Promise<void> {
  const path = catalogPath(options.catalog)
  await withCatalog(path, false, async (c) => {
    const entry = c.get(options.id)
    if (entry.status === 'removed')
      throw new GovernanceError('CATALOG_ENTRY_UNKNOWN', `${entry.id} was already removed at ${entry.removedAt}`)
    const states = await filesNow(entry)
    const missing = states.filter((s) => s.state === 'missing').map((s) => s.file)
    if (missing.length > 0 && !options.missingOk) throw missingError(entry, missing)
    for (const s of states) if (s.state !== 'missing') await rm(s.file.path)
    const audit = c.markRemoved(entry.id, io.now().toISOString(), {
      reason: entry.expiresAt && entry.expiresAt <= io.now().toISOString() ? 'retention expired' : 'removed on request',
      files: states.map((s) => ({ path: s.file.path, sha256: s.file.sha256, before: s.state, deleted: s.state !== 'missing' })),
    })
    io.out(`removed ${entry.id}: deleted ${states.filter((s) => s.state !== 'missing').length} file(s); audit entry ${audit.seq}`)
    for (const s of states)
      if (s.state === 'changed') io.err(`warning: ${s.file.path} had changed since it was catalogued (deleted anyway)`)
  })
}
