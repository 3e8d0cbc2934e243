import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { readCardFile } from '../card/card-read'
import { type Provenance, readParquetProvenance, readSidecar, sidecarPath } from '../governance/provenance'
import { fileSha256, formatOf } from '../io/table-io'
import { CliError } from '../terminal/cli-error'
import { EXIT } from '../terminal/exit-codes'
import type { Io } from '../terminal/io'

export interface VerifyCommandOptions {
  readonly file: string
  /** A card that should describe the file: its recorded hash and id are checked too. */
  readonly card?: string
  readonly json?: boolean
}

/** What `synthkit verify` found out about a file. */
export interface Verification {
  readonly file: string
  /** True when the file carries a synthkit mark (sidecar or Parquet metadata) or is the file a given card records. */
  readonly synthkitOutput: boolean
  /** Where the mark was found. */
  readonly marks: readonly ('sidecar' | 'parquet-metadata' | 'card')[]
  readonly provenance: Provenance | null
  readonly sha256: string
  /** The hash recorded when the file was written (sidecar, else card); null when none was recorded. */
  readonly recordedSha256: string | null
  /** True: the bytes are the ones written; false: changed; null: no recorded hash to compare with. */
  readonly unchanged: boolean | null
  readonly cardId: string | null
  /** Every mismatch found (hash, card id, sidecar vs metadata). Empty when the file verifies. */
  readonly problems: readonly string[]
}

function short(h: string): string {
  return `${h.slice(0, 12)}…`
}

/** Checks a file's provenance mark and hash; see {@link verifyCommand}. Throws only for an unreadable file. */
export async function verifyFile(options: VerifyCommandOptions): Promise<Verification> {
  const { file } = options
  const info = await stat(file).catch((e: { code?: string }) => {
    throw new CliError(`${file}: ${e.code === 'ENOENT' ? 'no such file' : `cannot read (${e.code ?? 'unknown error'})`}`)
  })
  if (info.isDirectory()) throw new CliError(`${file}: is a folder; verify one data file at a time`)
  const sha256 = await fileSha256(file)
  const sidecar = await readSidecar(file)
  let isParquet = false
  try {
    isParquet = formatOf(file) === 'parquet'
  } catch {
    isParquet = false
  }
  const embedded = isParquet ? await readParquetProvenance(file) : null
  const card = options.card ? await readCardFile(options.card) : undefined
  const problems: string[] = []
  const marks: Verification['marks'][number][] = []
  if (sidecar) marks.push('sidecar')
  if (embedded) marks.push('parquet-metadata')
  let provenance: Provenance | null = null
  if (sidecar) {
    const { file: _file, ...p } = sidecar
    provenance = p
  } else provenance = embedded
  if (sidecar && embedded) {
    for (const k of ['createdAt', 'cardId', 'seed', 'method', 'generator'] as const)
      if (JSON.stringify(sidecar[k]) !== JSON.stringify(embedded[k]))
        problems.push(
          `the sidecar and the Parquet metadata disagree on ${k} (${JSON.stringify(sidecar[k])} vs ${JSON.stringify(embedded[k])})`,
        )
    if (sidecar.model?.sha256 !== embedded.model?.sha256) problems.push('the sidecar and the Parquet metadata name different models')
  }
  let recordedSha256: string | null = sidecar?.file.sha256 ?? null
  if (sidecar && sidecar.file.sha256 !== sha256)
    problems.push(
      `the file changed since synthkit wrote it: SHA-256 ${short(sha256)} now, ${short(sidecar.file.sha256)} recorded in ${sidecarPath(file)}`,
    )
  if (sidecar && sidecar.file.name !== basename(file)) problems.push(`the sidecar was written for ${sidecar.file.name} (renamed?)`)
  if (card) {
    if (!card.synthetic) problems.push(`${card.path} describes no synthetic file`)
    else {
      recordedSha256 ??= card.synthetic.sha256
      if (card.synthetic.sha256 !== sha256)
        problems.push(
          `the file is not the one ${card.path} describes: SHA-256 ${short(sha256)} now, ${short(card.synthetic.sha256)} in the card`,
        )
      else if (!sidecar && !embedded) marks.push('card')
    }
    if (provenance && card.id !== undefined && provenance.cardId !== null && provenance.cardId !== card.id)
      problems.push(`the file's mark names card ${provenance.cardId}, not ${card.id} (${card.path})`)
    if (!provenance && card.provenance) provenance = card.provenance
  }
  return {
    file,
    synthkitOutput: marks.length > 0,
    marks,
    provenance,
    sha256,
    recordedSha256,
    unchanged: recordedSha256 === null ? null : recordedSha256 === sha256,
    cardId: provenance?.cardId ?? card?.id ?? null,
    problems,
  }
}

/**
 * `synthkit verify FILE [--card CARD]`: is this synthkit output, from which model and card, and unchanged since it
 * was written? Exit 0 when it verifies, 1 when it is marked but changed or does not match the card, 4 when it carries
 * no synthkit mark at all (not synthkit output, or its mark was stripped).
 */
export async function verifyCommand(options: VerifyCommandOptions, io: Io): Promise<Verification> {
  const v = await verifyFile(options)
  if (options.json) io.out(JSON.stringify(v, null, 2))
  else if (!v.synthkitOutput) {
    io.out(
      `${v.file}: NOT synthkit output — no provenance mark (no ${basename(sidecarPath(v.file))} sidecar, no synthkit Parquet metadata)`,
    )
    io.out(`  SHA-256 ${v.sha256}`)
  } else {
    const p = v.provenance
    io.out(`${v.file}: synthkit output — synthetic data, not real records (mark: ${v.marks.join(', ')})`)
    if (p) {
      io.out(
        `  generated by ${p.generator} with ${p.method} (${p.package} ${p.packageVersion}) at ${p.createdAt}; seed ${p.seed ?? 'none (secure random)'}; ${p.rows.toLocaleString('en-US')} rows`,
      )
      if (p.model) io.out(`  model: ${p.model.path} (SHA-256 ${short(p.model.sha256)})`)
      if (p.source) io.out(`  fitted on real data with SHA-256 ${short(p.source.sha256)} (${p.source.rows.toLocaleString('en-US')} rows)`)
    }
    io.out(`  card: ${v.cardId ?? 'none recorded'}`)
    io.out(
      v.unchanged === null
        ? '  unchanged: cannot tell — no hash was recorded for this file (pass --card with its dataset card)'
        : v.unchanged
          ? `  unchanged: SHA-256 ${short(v.sha256)} matches the recorded hash`
          : `  CHANGED: SHA-256 ${short(v.sha256)} does not match the recorded ${short(v.recordedSha256!)}`,
    )
    for (const p of v.problems) io.out(`  problem: ${p}`)
  }
  if (!v.synthkitOutput)
    throw new CliError(`${v.file} is not synthkit output (it carries no provenance mark)`, EXIT.notSynthkit, [...v.problems])
  if (v.problems.length > 0)
    throw new CliError(
      `verification failed: ${v.problems[0]}${v.problems.length > 1 ? ` (+${v.problems.length - 1} more)` : ''}`,
      EXIT.gateFailed,
      v.problems,
    )
  return v
}
