import type { Conditions } from '@synthkit/core'
import { fileSha256 } from '../io/table-io'
import type { LoadedModel } from '../synthesizers/model-file'
import { cliVersion, synthkitVersions } from '../versions'
import { PROVENANCE_FORMAT, PROVENANCE_VERSION, type Provenance } from './provenance'

/** What a sampling run knows beyond the model: the rows asked for and the CLI's clock. */
export interface ReleaseMarkInput {
  readonly table: string
  readonly rows: number
  readonly seed: number | null
  readonly chunkRows: number | null
  readonly conditions: Conditions | null
  /** ISO time from the CLI's clock (`io.now()`). */
  readonly createdAt: string
  readonly cardId: string | null
}

/** The provenance mark of rows sampled from a model file: model hash, input hash (from the lineage), seed, versions. */
export async function releaseProvenance(model: LoadedModel, input: ReleaseMarkInput): Promise<Provenance> {
  const { synthesizer, lineage } = model
  return {
    format: PROVENANCE_FORMAT,
    version: PROVENANCE_VERSION,
    synthetic: true,
    generator: `synthkit ${cliVersion()}`,
    method: synthesizer.method,
    package: synthesizer.packageName,
    packageVersion: synthesizer.version,
    model: { path: model.path, sha256: await fileSha256(model.path) },
    source: lineage.rows > 0 || lineage.input !== '' ? { sha256: lineage.sha256, rows: lineage.rows } : null,
    seed: input.seed,
    rows: input.rows,
    chunkRows: input.chunkRows,
    conditions: input.conditions as Provenance['conditions'],
    table: input.table,
    createdAt: input.createdAt,
    cardId: input.cardId,
    versions: { ...synthkitVersions(), [synthesizer.packageName]: synthesizer.version },
  }
}

/** The provenance mark of a table generated from a scenario spec (`synthkit generate`): no real data involved. */
export async function scenarioProvenance(
  spec: string,
  input: Omit<ReleaseMarkInput, 'conditions' | 'cardId'> & { readonly packageVersion: string },
): Promise<Provenance> {
  return {
    format: PROVENANCE_FORMAT,
    version: PROVENANCE_VERSION,
    synthetic: true,
    generator: `synthkit ${cliVersion()}`,
    method: 'rules',
    package: '@synthkit/rules',
    packageVersion: input.packageVersion,
    model: { path: spec, sha256: await fileSha256(spec) },
    source: null,
    seed: input.seed,
    rows: input.rows,
    chunkRows: input.chunkRows,
    conditions: null,
    table: input.table,
    createdAt: input.createdAt,
    cardId: null,
    versions: { ...synthkitVersions(), '@synthkit/rules': input.packageVersion },
  }
}
