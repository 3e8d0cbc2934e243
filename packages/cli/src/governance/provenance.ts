import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { NonEmptyString, NonNegativeInt, ioTsIssues, strictObject } from '@synthkit/core'
import { either as E } from 'fp-ts'
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet'
import * as t from 'io-ts'
import { writeTextAtomic } from '../io/atomic-write'
import { fileSha256 } from '../io/table-io'
import { IsoTime, Sha256 } from '../synthesizers/model-file'
import { GovernanceError } from './governance-error'

export const PROVENANCE_FORMAT = 'synthkit.provenance'
export const PROVENANCE_VERSION = 1
/** Parquet key/value metadata key holding the whole provenance record as JSON. */
export const PROVENANCE_METADATA_KEY = 'synthkit.provenance'
/** File name suffix of the sidecar written beside every data file: `out.csv` → `out.csv.synthkit.json`. */
export const SIDECAR_SUFFIX = '.synthkit.json'

const provenanceProps = {
  format: t.literal(PROVENANCE_FORMAT),
  version: t.literal(PROVENANCE_VERSION),
  /** Always true: the rows were generated, not collected. Said in so many words so that no reader has to infer it. */
  synthetic: t.literal(true),
  /** The tool and its version (`synthkit 0.3.0`). */
  generator: NonEmptyString,
  /** The synthesizer (its method name) and the package that implements it. */
  method: NonEmptyString,
  package: NonEmptyString,
  packageVersion: t.string,
  /** The model (or scenario spec) the rows were sampled from, as given on the command line, and its SHA-256. */
  model: t.union([strictObject({ path: t.string, sha256: Sha256 }, {}, 'ProvenanceModel'), t.null]),
  /** The real data the model was fitted on (from the model's lineage), null when no real data was involved. */
  source: t.union([strictObject({ sha256: Sha256, rows: NonNegativeInt }, {}, 'ProvenanceSource'), t.null]),
  /** Seed of sampling; null: a secure random source (the file cannot be reproduced). */
  seed: t.union([NonNegativeInt, t.null]),
  /** Rows sampled, the chunk size asked for (part of the recipe for some samplers) and the conditions. */
  rows: NonNegativeInt,
  chunkRows: t.union([NonNegativeInt, t.null]),
  conditions: t.union([t.UnknownRecord, t.null]),
  /** Name of the table in the model's output. */
  table: t.string,
  /** When synthkit wrote the file (the CLI's clock, never a library's). */
  createdAt: IsoTime,
  /** The dataset card that documents this release, when one was written with it. */
  cardId: t.union([NonEmptyString, t.null]),
  versions: t.record(t.string, t.string),
}

/** The provenance mark of a synthetic data file: what it is, where it came from and how to regenerate it. */
export const ProvenanceCodec = strictObject(provenanceProps, {}, 'Provenance')
export type Provenance = t.TypeOf<typeof ProvenanceCodec>

/** The sidecar (`FILE.synthkit.json`): the provenance plus the file's name, size and SHA-256 when written. */
export const ProvenanceSidecarCodec = strictObject(
  { ...provenanceProps, file: strictObject({ name: t.string, bytes: NonNegativeInt, sha256: Sha256 }, {}, 'SidecarFile') },
  {},
  'ProvenanceSidecar',
)
export type ProvenanceSidecar = t.TypeOf<typeof ProvenanceSidecarCodec>

/** Path of the sidecar of a data file. */
export function sidecarPath(file: string): string {
  return `${file}${SIDECAR_SUFFIX}`
}

/**
 * The Parquet key/value metadata entries of a provenance record: the record as JSON under
 * {@link PROVENANCE_METADATA_KEY}, and flat `synthkit.*` keys that other tools (pyarrow's `schema.metadata`,
 * DuckDB's `parquet_kv_metadata`) show without parsing JSON.
 */
export function provenanceMetadata(p: Provenance): { key: string; value: string }[] {
  return [
    { key: PROVENANCE_METADATA_KEY, value: JSON.stringify(p) },
    { key: 'synthkit.synthetic', value: 'true' },
    { key: 'synthkit.generator', value: p.generator },
    { key: 'synthkit.method', value: p.method },
    { key: 'synthkit.model_sha256', value: p.model?.sha256 ?? '' },
    { key: 'synthkit.seed', value: p.seed === null ? '' : String(p.seed) },
    { key: 'synthkit.created_at', value: p.createdAt },
    { key: 'synthkit.card_id', value: p.cardId ?? '' },
  ]
}

/** Writes the sidecar of a data file just written: its provenance with the file's size and SHA-256. */
export async function writeSidecar(file: string, p: Provenance): Promise<ProvenanceSidecar> {
  const [info, sha256] = await Promise.all([stat(file), fileSha256(file)])
  const sidecar: ProvenanceSidecar = { ...p, file: { name: basename(file), bytes: info.size, sha256 } }
  await writeTextAtomic(sidecarPath(file), `${JSON.stringify(sidecar, null, 2)}\n`)
  return sidecar
}

function decodeOrThrow<A>(codec: t.Decoder<unknown, A>, value: unknown, where: string): A {
  const r = codec.decode(value)
  if (E.isLeft(r)) {
    const issues = ioTsIssues(r.left)
    throw new GovernanceError(
      'PROVENANCE_INVALID',
      `${where}: invalid provenance (${issues[0] ? `${issues[0].path || '(root)'}: ${issues[0].message}` : 'unreadable'})`,
      issues.map((i) => `${i.path}: ${i.message}`),
    )
  }
  return r.right
}

/** The provenance a Parquet file carries in its key/value metadata, or null when it carries none. */
export async function readParquetProvenance(file: string): Promise<Provenance | null> {
  let entries: readonly { key: string; value?: string }[] | undefined
  try {
    entries = (await parquetMetadataAsync(await asyncBufferFromFile(file))).key_value_metadata
  } catch {
    return null
  }
  const entry = entries?.find((e) => e.key === PROVENANCE_METADATA_KEY)
  if (!entry?.value) return null
  let json: unknown
  try {
    json = JSON.parse(entry.value)
  } catch {
    throw new GovernanceError('PROVENANCE_INVALID', `${file}: the ${PROVENANCE_METADATA_KEY} metadata is not JSON`)
  }
  return decodeOrThrow(ProvenanceCodec, json, `${file} (Parquet metadata)`)
}

/** The sidecar of a data file, or null when there is none. */
export async function readSidecar(file: string): Promise<ProvenanceSidecar | null> {
  const path = sidecarPath(file)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null
    throw e
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new GovernanceError('PROVENANCE_INVALID', `${path}: not valid JSON (${(e as Error).message})`)
  }
  return decodeOrThrow(ProvenanceSidecarCodec, json, path)
}
