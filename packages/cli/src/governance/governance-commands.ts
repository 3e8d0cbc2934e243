import { type Command, InvalidArgumentError } from 'commander'
import { auditListCommand, auditVerifyCommand } from '../commands/audit'
import { catalogAddCommand, catalogExpiredCommand, catalogListCommand, catalogRemoveCommand, catalogShowCommand } from '../commands/catalog'
import { DEFAULT_MAX_DRIFT, driftCommand } from '../commands/drift'
import { reproduceCommand } from '../commands/reproduce'
import { verifyCommand } from '../commands/verify'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import type { Io } from '../terminal/io'
import { DEFAULT_BASELINE_THRESHOLDS } from './baseline-gate'

function unit(value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`expected a number between 0 and 1, got "${value}"`)
  return n
}

const CATALOG_FLAG = ['--catalog <catalog.db>', 'the catalog file (default: $SYNTHKIT_CATALOG, else ./synthkit-catalog.db)'] as const

/**
 * Adds the governance commands (verify, catalog, audit, reproduce, drift) and the baseline flags of `gate` to the
 * program. Kept apart from program.ts so the governance surface lives in one place.
 */
export function addGovernanceCommands(program: Command, io: Io, registry: SynthesizerRegistry): void {
  program
    .command('verify')
    .description('is FILE synthkit output? from which model and card? unchanged since it was written? (exit 4: not synthkit output)')
    .argument('<file>', 'a data file (its FILE.synthkit.json sidecar and Parquet metadata are read)')
    .option('--card <card.json>', 'the dataset card that should describe the file: its hash and id are checked too')
    .option('--json', 'print the findings as JSON')
    .action(async (file: string, opts: { card?: string; json?: boolean }) => {
      await verifyCommand({ file, ...opts }, io)
    })

  const catalog = program
    .command('catalog')
    .description('the catalog of released synthetic datasets (SQLite; needs the optional package better-sqlite3)')
  catalog
    .command('add')
    .description('record a release: checks the card against its files, audits the release')
    .argument('<card>', 'the dataset card (.json twin, or the .md beside it)')
    .option(...CATALOG_FLAG)
    .action(async (card: string, opts: { catalog?: string }) => {
      await catalogAddCommand({ card, ...opts }, io)
    })
  catalog
    .command('list')
    .description('list active releases, filtered by owner, purpose, source hash or expiry')
    .option(...CATALOG_FLAG)
    .option('--owner <name>', 'only releases of this owner')
    .option('--purpose <text>', 'only releases whose purpose contains this text')
    .option('--source <sha256>', 'only releases of the real data with this SHA-256 (or prefix)')
    .option('--expires-before <date>', 'only releases whose retention ends by this ISO date/time')
    .option('--all', 'include removed releases')
    .option('--json', 'print as JSON')
    .action(
      async (opts: {
        catalog?: string
        owner?: string
        purpose?: string
        source?: string
        expiresBefore?: string
        all?: boolean
        json?: boolean
      }) => {
        await catalogListCommand(opts, io)
      },
    )
  catalog
    .command('show')
    .description('one release and the state of its files (an active release whose files are gone is an error)')
    .argument('<id>', 'the card id')
    .option(...CATALOG_FLAG)
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { catalog?: string; json?: boolean }) => {
      await catalogShowCommand({ id, ...opts }, io)
    })
  catalog
    .command('expired')
    .description('releases past their retention')
    .option(...CATALOG_FLAG)
    .option('--now <date>', 'judge expiry at this ISO time instead of now')
    .option('--json', 'print as JSON')
    .action(async (opts: { catalog?: string; now?: string; json?: boolean }) => {
      await catalogExpiredCommand(opts, io)
    })
  catalog
    .command('remove')
    .description('delete a release’s files (data and sidecar; the card stays) and record the deletion in the audit log')
    .argument('<id>', 'the card id')
    .option(...CATALOG_FLAG)
    .option('--missing-ok', 'record the deletion even if files are already gone')
    .action(async (id: string, opts: { catalog?: string; missingOk?: boolean }) => {
      await catalogRemoveCommand({ id, ...opts }, io)
    })

  const audit = program.command('audit').description('the hash-chained audit log of fits, samples, releases and deletions')
  audit
    .command('verify')
    .description('recompute the hash chain: exit 1 naming each edited, removed or reordered entry')
    .option(...CATALOG_FLAG)
    .option('--head <sha256>', 'the head hash kept from an earlier verify: also detects a shortened log')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { catalog?: string; head?: string; json?: boolean }) => {
      await auditVerifyCommand(opts, io)
    })
  audit
    .command('list')
    .description('every entry of the audit log')
    .option(...CATALOG_FLAG)
    .option('--json', 'print as JSON')
    .action(async (opts: { catalog?: string; json?: boolean }) => {
      await auditListCommand(opts, io)
    })

  program
    .command('reproduce')
    .description('regenerate a release from its card (model file, seed, rows, versions) and compare byte for byte')
    .argument('<card>', 'the dataset card written by sample --card')
    .option('--out <file>', 'keep the regenerated file here (default: a temporary file)')
    .action(async (card: string, opts: { out?: string }) => {
      await reproduceCommand({ card, ...opts }, io, registry)
    })

  program
    .command('drift')
    .description('how far each column of the real data moved between two versions (SDMetrics KSComplement / TVComplement)')
    .requiredOption('--from <file>', 'the earlier version of the real data')
    .requiredOption('--to <file>', 'the later version')
    .option('--schema <schema.json>', 'schema for both files (default: inferred from --from)')
    .option('--max-drift <d>', `largest allowed drift of a column, 1 − similarity (default ${DEFAULT_MAX_DRIFT})`, unit)
    .option('--json <file>', 'write the per-column drift as JSON')
    .action(async (opts: { from: string; to: string; schema?: string; maxDrift?: number; json?: string }) => {
      await driftCommand(opts, io)
    })

  const d = DEFAULT_BASELINE_THRESHOLDS
  program.commands
    .find((c) => c.name() === 'gate')
    ?.option('--baseline <card.json>', 'the previous release’s card: fail when this release is worse or its schema changed')
    .option('--max-quality-drop <d>', `with --baseline: largest allowed fall of a quality score (default ${d.maxQualityDrop})`, unit)
    .option('--max-risk-rise <d>', `with --baseline: largest allowed rise of a privacy risk (default ${d.maxRiskRise})`, unit)
    .option(
      '--max-validity-drop <d>',
      `with --baseline: largest allowed fall of data/constraint validity (default ${d.maxValidityDrop})`,
      unit,
    )
}
