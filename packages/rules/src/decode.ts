import { either as E } from 'fp-ts'
import { parse as parseYaml } from 'yaml'
import { type Issue, type SynthkitError, ioTsIssues, orThrow, synthkitError } from '@synthkit/core'
import { compileScenario } from './internal/plan'
import type { ModelRegistry } from './model-source'
import { type ScenarioSpec, ScenarioSpecCodec } from './spec'

/** Options of {@link decodeScenario}. */
export interface DecodeScenarioOptions {
  /** The fitted models `source.model` keys name; without them, model-drawn tables are checked for structure only. */
  readonly models?: ModelRegistry
  /** The scale generation will use (uniqueness is checked against the scaled row counts); default 1. */
  readonly scale?: number
}

/** Parses YAML (or JSON, which is YAML) text; duplicate keys and alias bombs are errors. */
function parseText(text: string): E.Either<Issue[], unknown> {
  try {
    return E.right(parseYaml(text, { uniqueKeys: true, maxAliasCount: 100, prettyErrors: true }) as unknown)
  } catch (e) {
    return E.left([{ path: '', message: `not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}` }])
  }
}

/**
 * Decodes an untrusted scenario — YAML or JSON text, or an already parsed object — and checks it whole: the codec
 * (unknown generators, fields and types, with paths such as `tables.orders.fields.total.type`), then every
 * contradiction between rules (see the README's list). Returns every problem at once in a SCHEMA_INVALID error.
 */
export function decodeScenario(input: unknown, options: DecodeScenarioOptions = {}): E.Either<SynthkitError, ScenarioSpec> {
  const parsed = typeof input === 'string' ? parseText(input) : E.right(input)
  const decoded = E.chain((u: unknown) => E.mapLeft(ioTsIssues)(ScenarioSpecCodec.decode(u)))(parsed)
  const checked = E.chain((spec: ScenarioSpec) => {
    const { issues } = compileScenario(spec, { models: options.models, scale: options.scale })
    return issues.length === 0 ? E.right(spec) : E.left(issues)
  })(decoded)
  return E.mapLeft((issues: Issue[]) => synthkitError('SCHEMA_INVALID', 'Invalid scenario', issues))(checked)
}

/** Throwing form of {@link decodeScenario}. */
export function parseScenario(input: unknown, options: DecodeScenarioOptions = {}): ScenarioSpec {
  return orThrow(decodeScenario(input, options))
}

/** The model keys a scenario's tables draw from (`source.model`), for a caller that loads models (the CLI: files). */
export function scenarioModelKeys(spec: ScenarioSpec): string[] {
  return [...new Set(Object.values(spec.tables).flatMap((t) => (t.source ? [t.source.model] : [])))]
}
