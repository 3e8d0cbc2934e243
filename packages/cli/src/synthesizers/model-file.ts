import { CliError } from '../terminal/cli-error'
import { readJsonFile } from '../io/json-file'

/** Generators the CLI can fit (`--method`). */
export const METHODS = ['copula'] as const
export type Method = (typeof METHODS)[number]

/** Where a model came from: enough to trace synthetic data back to its input (the card's lineage record). */
export interface ModelLineage {
  /** The input file as given on the command line. */
  readonly input: string
  /** SHA-256 of the input file's bytes. */
  readonly sha256: string
  readonly rows: number
  readonly columns: number
  /** Seed of the fit, or null when a secure random source was used. */
  readonly seed: number | null
  /** ISO 8601 time the fit finished. */
  readonly fittedAt: string
  readonly fitSeconds: number
  /** Versions of synthkit packages and Node used. */
  readonly versions: Readonly<Record<string, string>>
  /** Options passed to the generator, as given. */
  readonly options: Readonly<Record<string, unknown>>
  /** Whether a schema file was given (else the schema was inferred). */
  readonly schemaSource: string
  /** Differential-privacy budget spent by the fit, for generators that have one. */
  readonly dp?: { readonly epsilon: number; readonly delta: number; readonly mechanism?: string }
}

/**
 * The file `synthkit fit` writes: the generator's own JSON model wrapped with its lineage, so `sample` and `card`
 * can say where synthetic data came from.
 */
export interface ModelFile {
  readonly format: 'synthkit.model'
  readonly version: 1
  readonly method: Method
  readonly lineage: ModelLineage
  readonly model: unknown
}

/** Checks the `--method` option. */
export function parseMethod(value: string): Method {
  if (!(METHODS as readonly string[]).includes(value)) throw new CliError(`unknown method "${value}"; available: ${METHODS.join(', ')}`)
  return value as Method
}

/**
 * Reads a model file written by `synthkit fit`. A bare generator model (e.g. a `synthkit.copula` JSON written by
 * the library) is accepted too, without lineage. The generator's model itself is validated by its package.
 */
export async function readModelFile(path: string): Promise<{ method: Method; model: unknown; lineage?: ModelLineage }> {
  const json = (await readJsonFile(path, 'model')) as Record<string, unknown> | null
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CliError(`${path}: not a synthkit model (expected a JSON object)`)
  if (json.format === 'synthkit.model') {
    if (json.version !== 1) throw new CliError(`${path}: model file version ${String(json.version)} is not supported by this synthkit (expected 1)`)
    const method = json.method
    if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method)) throw new CliError(`${path}: unknown method "${String(method)}" in the model file`)
    const lineage = typeof json.lineage === 'object' && json.lineage !== null ? (json.lineage as ModelLineage) : undefined
    return { method: method as Method, model: json.model, lineage }
  }
  if (json.format === 'synthkit.copula') return { method: 'copula', model: json }
  throw new CliError(`${path}: not a synthkit model (format ${JSON.stringify(json.format ?? null)}; expected "synthkit.model", written by synthkit fit)`)
}
