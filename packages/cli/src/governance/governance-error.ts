import { CliError } from '../terminal/cli-error'
import { EXIT, type ExitCode } from '../terminal/exit-codes'

/** What went wrong in a governance command; stable, so scripts and tests can branch on it. */
export type GovernanceErrorCode =
  /** A card whose `format`/`version` this synthkit does not know. */
  | 'CARD_VERSION_UNKNOWN'
  /** A card file that is not a valid card (every bad field is listed). */
  | 'CARD_INVALID'
  /** The files a card names are not the files on disk (hash or size differ). */
  | 'CARD_FILE_MISMATCH'
  /** A card without what the command needs (e.g. `reproduce` of a card that records no sampling). */
  | 'CARD_INCOMPLETE'
  /** A governance options file (`--governance`) or flag that does not decode. */
  | 'GOVERNANCE_INVALID'
  /** A provenance sidecar that does not decode. */
  | 'PROVENANCE_INVALID'
  /** A catalog entry whose files are gone (deleted or moved outside synthkit). */
  | 'CATALOG_FILES_MISSING'
  /** No catalog entry with that id. */
  | 'CATALOG_ENTRY_UNKNOWN'
  /** The card is already catalogued. */
  | 'CATALOG_ENTRY_EXISTS'
  /** The optional native store (better-sqlite3) is not installed. */
  | 'CATALOG_STORE_MISSING'
  /** The catalog file exists but is not a synthkit catalog. */
  | 'CATALOG_INVALID'

/**
 * A governance error: a {@link CliError} (one line naming the file or entry at fault, exit code 2 unless stated)
 * that also carries a {@link GovernanceErrorCode}.
 */
export class GovernanceError extends CliError {
  readonly code: GovernanceErrorCode

  constructor(code: GovernanceErrorCode, message: string, details: readonly string[] = [], exitCode: ExitCode = EXIT.input) {
    super(`${message} [${code}]`, exitCode, details)
    this.name = 'GovernanceError'
    this.code = code
  }
}

/** True for a {@link GovernanceError} (optionally of one code). */
export function isGovernanceError(e: unknown, code?: GovernanceErrorCode): e is GovernanceError {
  return e instanceof GovernanceError && (code === undefined || e.code === code)
}
