import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { Conditions } from '@synthkit/core'
import { readCardFile } from '../card/card-read'
import { GovernanceError } from '../governance/governance-error'
import { fileSha256 } from '../io/table-io'
import { readModelFile } from '../synthesizers/model-file'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { sampleToFile } from '../synthesizers/run'
import { CliError } from '../terminal/cli-error'
import { EXIT } from '../terminal/exit-codes'
import type { Io } from '../terminal/io'
import { synthkitVersions } from '../versions'

export interface ReproduceCommandOptions {
  readonly card: string
  /** Keep the regenerated file here (default: a temporary file, removed). */
  readonly out?: string
}

/** What `reproduce` found. */
export interface Reproduction {
  readonly identical: boolean
  readonly sha256: string
  readonly recordedSha256: string
  /** Recorded versions that differ from those running now: `name: recorded → now`. */
  readonly versionChanges: readonly string[]
}

/** The versions of the recorded run that differ now (a package added, removed or at another version). */
export function versionChanges(recorded: Readonly<Record<string, string>>, now: Readonly<Record<string, string>>): string[] {
  const names = [...new Set([...Object.keys(recorded), ...Object.keys(now)])].sort()
  return names
    .filter((n) => recorded[n] !== now[n] && recorded[n] !== undefined)
    .map((n) => `${n}: ${recorded[n]} recorded, ${now[n] ?? 'not installed'} now`)
}

/**
 * `synthkit reproduce CARD`: samples again from the card's model file with its seed, rows, chunk size, conditions
 * and provenance mark, and compares the bytes with the SHA-256 the card records. Exit 0 when identical; exit 1 with
 * what differs (the model file, a package version) when not; a card that cannot be reproduced (no seed, no model)
 * is a typed error.
 */
export async function reproduceCommand(options: ReproduceCommandOptions, io: Io, registry: SynthesizerRegistry): Promise<Reproduction> {
  const card = await readCardFile(options.card)
  const p = card.provenance
  if (!p || !card.synthetic)
    throw new GovernanceError('CARD_INCOMPLETE', `${card.path} records no release to reproduce (write it with synthkit sample --card)`)
  if (!p.model) throw new GovernanceError('CARD_INCOMPLETE', `${card.path}: the release names no model file`)
  if (p.seed === null)
    throw new GovernanceError('CARD_INCOMPLETE', `${card.path}: the release was sampled from a secure random seed and cannot be reproduced`)
  const modelSha256 = await fileSha256(p.model.path).catch(() => {
    throw new GovernanceError('CARD_FILE_MISMATCH', `${card.path}: the model file ${p.model!.path} is gone`)
  })
  if (modelSha256 !== p.model.sha256)
    throw new CliError(
      `not reproducible: the model file ${p.model.path} changed since the release (SHA-256 ${modelSha256.slice(0, 12)}… now, ${p.model.sha256.slice(0, 12)}… recorded)`,
      EXIT.gateFailed,
    )
  const loaded = await readModelFile(p.model.path, registry)
  const changes = versionChanges(p.versions, synthkitVersions(registry))
  const dir = options.out ? undefined : await mkdtemp(join(tmpdir(), 'synthkit-reproduce-'))
  const out = options.out ?? join(dir!, basename(card.synthetic.path))
  try {
    await sampleToFile(
      {
        model: loaded,
        rows: p.rows,
        out,
        seed: p.seed,
        chunkRows: p.chunkRows ?? undefined,
        conditions: (p.conditions as Conditions | null) ?? undefined,
        provenance: p,
      },
      { ...io, interactive: false },
    )
    const sha256 = await fileSha256(out)
    const result = { identical: sha256 === card.synthetic.sha256, sha256, recordedSha256: card.synthetic.sha256, versionChanges: changes }
    if (!result.identical) {
      const why =
        changes.length > 0
          ? `versions differ: ${changes.join('; ')}`
          : 'every recorded version matches, so the difference is not explained by an upgrade (please report it)'
      throw new CliError(
        `not reproduced: SHA-256 ${sha256.slice(0, 12)}… regenerated, ${card.synthetic.sha256.slice(0, 12)}… recorded in ${card.path}; ${why}`,
        EXIT.gateFailed,
        changes,
      )
    }
    io.out(
      `reproduced ${card.synthetic.path} byte for byte from ${p.model.path} (seed ${p.seed}, ${p.rows.toLocaleString('en-US')} rows): SHA-256 ${sha256}`,
    )
    for (const c of changes) io.out(`  note: ${c} (output unchanged)`)
    return result
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true })
  }
}
