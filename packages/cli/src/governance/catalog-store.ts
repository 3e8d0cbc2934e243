import { existsSync } from 'node:fs'
import type BetterSqlite3 from 'better-sqlite3'
import { type AuditAction, type AuditEntry, nextAuditEntry } from './audit-log'
import { GovernanceError } from './governance-error'

/** The optional native package behind the catalog (a Node addon: it cannot be bundled into the CLI). */
export const CATALOG_STORE_PACKAGE = 'better-sqlite3'
const CATALOG_FORMAT = 'synthkit.catalog'
const CATALOG_VERSION = '1'

type Sqlite = typeof BetterSqlite3
let sqlite: Sqlite | undefined

/**
 * Loads better-sqlite3 by dynamic import (the name is a variable, so bundlers leave it alone), or fails with a
 * typed error that says what to install.
 */
async function loadSqlite(): Promise<Sqlite> {
  if (sqlite) return sqlite
  const name = CATALOG_STORE_PACKAGE
  try {
    const m = (await import(name)) as { default?: Sqlite } & Sqlite
    sqlite = m.default ?? m
    return sqlite
  } catch (e) {
    throw new GovernanceError(
      'CATALOG_STORE_MISSING',
      `the catalog and audit log need the optional package ${CATALOG_STORE_PACKAGE} (a SQLite binding): npm install ${CATALOG_STORE_PACKAGE}@12 (${(e as Error).message.split('\n')[0]})`,
    )
  }
}

/** A released synthetic dataset as the catalog lists it. */
export interface CatalogEntry {
  readonly id: string
  readonly title: string
  readonly purpose: string | null
  readonly owner: string | null
  readonly steward: string | null
  readonly classification: string | null
  readonly method: string | null
  readonly sourceSha256: string | null
  readonly modelSha256: string | null
  readonly createdAt: string
  readonly expiresAt: string | null
  readonly cardPath: string
  readonly addedAt: string
  readonly status: 'active' | 'removed'
  readonly removedAt: string | null
  readonly files: readonly CatalogFile[]
}

/** A file of a release: the synthetic data or its provenance sidecar. */
export interface CatalogFile {
  readonly role: 'synthetic' | 'sidecar'
  /** Absolute path. */
  readonly path: string
  readonly sha256: string
  readonly bytes: number | null
}

/** How `catalog list` filters (all optional, combined with AND). */
export interface CatalogQuery {
  readonly owner?: string
  /** A substring of the purpose, case-insensitive. */
  readonly purpose?: string
  /** The SHA-256 (or a prefix of it) of the real data the release came from. */
  readonly source?: string
  /** Releases whose retention ends at or before this ISO time. */
  readonly expiresBefore?: string
  readonly status?: 'active' | 'removed' | 'all'
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS releases (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, purpose TEXT, owner TEXT, steward TEXT, classification TEXT, method TEXT,
  source_sha256 TEXT, model_sha256 TEXT, created_at TEXT NOT NULL, expires_at TEXT, card_path TEXT NOT NULL,
  card_json TEXT NOT NULL, added_at TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('active', 'removed')), removed_at TEXT
);
CREATE INDEX IF NOT EXISTS releases_owner ON releases (owner);
CREATE INDEX IF NOT EXISTS releases_expires ON releases (expires_at);
CREATE INDEX IF NOT EXISTS releases_source ON releases (source_sha256);
CREATE TABLE IF NOT EXISTS release_files (
  release_id TEXT NOT NULL REFERENCES releases (id), role TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER,
  PRIMARY KEY (release_id, path)
);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL, details TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`

interface ReleaseRow {
  id: string
  title: string
  purpose: string | null
  owner: string | null
  steward: string | null
  classification: string | null
  method: string | null
  source_sha256: string | null
  model_sha256: string | null
  created_at: string
  expires_at: string | null
  card_path: string
  added_at: string
  status: 'active' | 'removed'
  removed_at: string | null
}

/** A release to add: its row fields, files and the card JSON kept verbatim. */
export type NewRelease = Omit<CatalogEntry, 'status' | 'removedAt' | 'addedAt'> & { readonly cardJson: string }

/**
 * The catalog of released synthetic datasets and the audit log, in one SQLite file. SQLite because it is a real
 * embedded store (transactions, indexes, one file to back up); the audit table is also guarded by triggers, but its
 * integrity rests on the hash chain (see audit-log.ts), which `audit verify` checks.
 */
export class Catalog {
  private constructor(
    private readonly db: BetterSqlite3.Database,
    readonly path: string,
  ) {}

  /** Opens (creating with `create`) a catalog file; a file that is not a synthkit catalog is a typed error. */
  static async open(path: string, options: { readonly create: boolean }): Promise<Catalog> {
    if (!options.create && !existsSync(path))
      throw new GovernanceError('CATALOG_INVALID', `${path}: no such catalog (synthkit catalog add creates one)`)
    const Database = await loadSqlite()
    let db: BetterSqlite3.Database
    try {
      db = new Database(path)
      db.pragma('foreign_keys = ON')
      const hasMeta = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get()
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
      if (!hasMeta && tables.n > 0) throw new Error('it holds other tables')
      db.exec(SCHEMA)
      db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?), (?, ?)').run('format', CATALOG_FORMAT, 'version', CATALOG_VERSION)
      const meta = Object.fromEntries(
        (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
      )
      if (meta.format !== CATALOG_FORMAT || meta.version !== CATALOG_VERSION)
        throw new Error(`format ${meta.format} version ${meta.version}`)
    } catch (e) {
      throw new GovernanceError('CATALOG_INVALID', `${path}: not a synthkit catalog (${(e as Error).message})`)
    }
    return new Catalog(db, path)
  }

  close(): void {
    this.db.close()
  }

  /** Appends an entry to the audit log (in the same transaction as the change it records, when inside one). */
  appendAudit(fields: {
    readonly at: string
    readonly action: AuditAction
    readonly subject: string
    readonly details: Record<string, unknown>
  }): AuditEntry {
    const write = this.db.transaction(() => {
      const last = this.db.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT 1').get() as AuditRow | undefined
      const entry = nextAuditEntry(last ? entryOf(last) : undefined, fields)
      this.db
        .prepare('INSERT INTO audit (seq, at, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(entry.seq, entry.at, entry.action, entry.subject, JSON.stringify(entry.details), entry.prev, entry.hash)
      return entry
    })
    return write.immediate()
  }

  /** Every audit entry in order. */
  auditEntries(): AuditEntry[] {
    return (this.db.prepare('SELECT * FROM audit ORDER BY seq').all() as AuditRow[]).map(entryOf)
  }

  /** Adds a release and its files, and audits it, in one transaction. */
  addRelease(release: NewRelease, at: string): AuditEntry {
    const add = this.db.transaction(() => {
      if (this.db.prepare('SELECT id FROM releases WHERE id = ?').get(release.id))
        throw new GovernanceError('CATALOG_ENTRY_EXISTS', `${release.id} is already in the catalog ${this.path}`)
      this.db
        .prepare(
          `INSERT INTO releases (id, title, purpose, owner, steward, classification, method, source_sha256, model_sha256, created_at,
             expires_at, card_path, card_json, added_at, status, removed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL)`,
        )
        .run(
          release.id,
          release.title,
          release.purpose,
          release.owner,
          release.steward,
          release.classification,
          release.method,
          release.sourceSha256,
          release.modelSha256,
          release.createdAt,
          release.expiresAt,
          release.cardPath,
          release.cardJson,
          at,
        )
      const file = this.db.prepare('INSERT INTO release_files (release_id, role, path, sha256, bytes) VALUES (?, ?, ?, ?, ?)')
      for (const f of release.files) file.run(release.id, f.role, f.path, f.sha256, f.bytes)
      return this.appendAudit({
        at,
        action: 'release',
        subject: release.id,
        details: {
          card: release.cardPath,
          owner: release.owner,
          expiresAt: release.expiresAt,
          files: release.files.map((f) => ({ path: f.path, sha256: f.sha256 })),
        },
      })
    })
    return add.immediate()
  }

  /** Marks a release removed (its files were deleted) and audits the deletion, in one transaction. */
  markRemoved(id: string, at: string, details: Record<string, unknown>): AuditEntry {
    const remove = this.db.transaction(() => {
      this.db.prepare("UPDATE releases SET status = 'removed', removed_at = ? WHERE id = ?").run(at, id)
      return this.appendAudit({ at, action: 'delete', subject: id, details })
    })
    return remove.immediate()
  }

  /** One release, or a typed error naming the id. */
  get(id: string): CatalogEntry {
    const row = this.db.prepare('SELECT * FROM releases WHERE id = ?').get(id) as ReleaseRow | undefined
    if (!row) throw new GovernanceError('CATALOG_ENTRY_UNKNOWN', `no release ${JSON.stringify(id)} in the catalog ${this.path}`)
    return this.entryOf(row)
  }

  /** The card JSON stored with a release. */
  cardJson(id: string): string {
    return (this.db.prepare('SELECT card_json FROM releases WHERE id = ?').get(id) as { card_json: string }).card_json
  }

  /** Releases matching a query, oldest first. */
  list(query: CatalogQuery = {}): CatalogEntry[] {
    const where: string[] = []
    const args: string[] = []
    if (query.owner !== undefined) where.push('owner = ?') && args.push(query.owner)
    if (query.purpose !== undefined) where.push("lower(purpose) LIKE '%' || lower(?) || '%'") && args.push(query.purpose)
    if (query.source !== undefined) where.push("source_sha256 LIKE ? || '%'") && args.push(query.source.toLowerCase())
    // ISO times in UTC with the same precision compare as strings
    if (query.expiresBefore !== undefined) where.push('expires_at IS NOT NULL AND expires_at <= ?') && args.push(query.expiresBefore)
    const status = query.status ?? 'active'
    if (status !== 'all') where.push('status = ?') && args.push(status)
    const sql = `SELECT * FROM releases${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`
    return (this.db.prepare(sql).all(...args) as ReleaseRow[]).map((r) => this.entryOf(r))
  }

  private entryOf(r: ReleaseRow): CatalogEntry {
    const files = this.db
      .prepare('SELECT role, path, sha256, bytes FROM release_files WHERE release_id = ? ORDER BY role DESC, path')
      .all(r.id) as CatalogFile[]
    return {
      id: r.id,
      title: r.title,
      purpose: r.purpose,
      owner: r.owner,
      steward: r.steward,
      classification: r.classification,
      method: r.method,
      sourceSha256: r.source_sha256,
      modelSha256: r.model_sha256,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      cardPath: r.card_path,
      addedAt: r.added_at,
      status: r.status,
      removedAt: r.removed_at,
      files,
    }
  }
}

interface AuditRow {
  seq: number
  at: string
  action: AuditAction
  subject: string
  details: string
  prev_hash: string
  hash: string
}

function entryOf(r: AuditRow): AuditEntry {
  let details: Record<string, unknown>
  try {
    details = JSON.parse(r.details) as Record<string, unknown>
  } catch {
    // an edited row whose details are no longer JSON: keep the text so verification reports the entry, not a crash
    details = { unparseable: r.details }
  }
  return { seq: r.seq, at: r.at, action: r.action, subject: r.subject, details, prev: r.prev_hash, hash: r.hash }
}

/** The catalog file: `--catalog`, else $SYNTHKIT_CATALOG, else `synthkit-catalog.db` in the working folder. */
export function catalogPath(flag: string | undefined): string {
  return flag ?? process.env.SYNTHKIT_CATALOG ?? 'synthkit-catalog.db'
}

/** Opens the catalog, runs `f`, closes it. */
export async function withCatalog<T>(path: string, create: boolean, f: (c: Catalog) => T | Promise<T>): Promise<T> {
  const c = await Catalog.open(path, { create })
  try {
    return await f(c)
  } finally {
    c.close()
  }
}
