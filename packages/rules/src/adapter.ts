import * as t from 'io-ts'
import { either as E } from 'fp-ts'
import {
  type FitContext,
  NonEmptyString,
  type OutputSchema,
  SYNTHESIZER_PROTOCOL,
  type StreamRequest,
  type Synthesizer,
  type SynthesizerDescription,
  type SynthesizerInput,
  SynthkitError,
  ioTsIssues,
  orThrow,
  strictObject,
  synthkitError,
} from '@synthkit/core'
import { decodeScenario } from './decode'
import { type ScenarioChunk, generateScenario } from './generate'
import { compileScenario } from './internal/plan'
import type { ModelRegistry } from './model-source'
import type { ScenarioSpec } from './spec'

/** The package version, reported by the adapter. */
export const RULES_VERSION = '0.1.0'

/** A fitted model embedded in a scenario model: the synthesizer's method and its model JSON. */
export interface EmbeddedModel {
  readonly method: string
  readonly model: unknown
}

/** Options of the rules synthesizer: the scenario, and the fitted models its tables draw from (by key). */
export interface ScenarioOptions {
  readonly spec: ScenarioSpec
  readonly models: Readonly<Record<string, EmbeddedModel>>
}

/** A scenario model: the decoded spec plus the fitted models its model-drawn tables sample from. */
export interface ScenarioModel {
  readonly format: 'synthkit.rules.scenario'
  readonly version: 1
  readonly spec: ScenarioSpec
  readonly models: Readonly<Record<string, EmbeddedModel>>
}

const Embedded = strictObject({ method: NonEmptyString, model: t.unknown }, {}, 'EmbeddedModel')
const OptionsCodec = strictObject({ spec: t.unknown }, { models: t.record(t.string, Embedded) }, 'ScenarioOptions')
const ModelCodec = strictObject(
  { format: t.literal('synthkit.rules.scenario'), version: t.literal(1), spec: t.unknown },
  { models: t.record(t.string, Embedded) },
  'ScenarioModel',
)

/** Options of {@link createRulesSynthesizer}. */
export interface RulesSynthesizerOptions {
  /** The adapters that embedded models may name (by `method`); model-drawn tables need them. */
  readonly synthesizers?: readonly Synthesizer<unknown, unknown>[]
}

/**
 * A rules synthesizer that can draw tables from fitted models of the given synthesizers. `rulesSynthesizer` is the
 * one without any (scenarios made only of rules).
 */
export function createRulesSynthesizer(options: RulesSynthesizerOptions = {}): Synthesizer<ScenarioOptions, ScenarioModel> {
  const byMethod = new Map((options.synthesizers ?? []).map((s) => [s.method, s]))

  const registry = (models: Readonly<Record<string, unknown>>, path: string): E.Either<SynthkitError, ModelRegistry> => {
    const out: Record<string, { synthesizer: Synthesizer<unknown, unknown>; model: unknown }> = {}
    for (const [key, entry] of Object.entries(models as Record<string, EmbeddedModel>)) {
      const synthesizer = byMethod.get(entry.method)
      if (!synthesizer) {
        return E.left(
          synthkitError('MODEL_INVALID', 'Unknown synthesizer', [
            {
              path: `${path}.${key}.method`,
              message: `no synthesizer "${entry.method}" was registered with createRulesSynthesizer (have: ${[...byMethod.keys()].join(', ') || 'none'})`,
            },
          ]),
        )
      }
      const decoded = synthesizer.decodeModel(entry.model)
      if (E.isLeft(decoded)) {
        const e = decoded.left
        return E.left(
          synthkitError(
            'MODEL_INVALID',
            `Invalid model "${key}"`,
            e.issues.map((i) => ({ ...i, path: `${path}.${key}.model${i.path ? `.${i.path}` : ''}` })),
          ),
        )
      }
      out[key] = { synthesizer, model: decoded.right }
    }
    return E.right(out)
  }

  const decodeParts = (input: unknown, codec: typeof OptionsCodec | typeof ModelCodec, code: 'OPTIONS_INVALID' | 'MODEL_INVALID') => {
    const raw = codec.decode(input)
    if (E.isLeft(raw))
      return E.left(
        synthkitError(code, code === 'MODEL_INVALID' ? 'Invalid scenario model' : 'Invalid scenario options', ioTsIssues(raw.left)),
      )
    const models = (raw.right.models ?? {}) as Record<string, EmbeddedModel>
    const reg = registry(models, 'models')
    if (E.isLeft(reg)) return reg
    const spec = decodeScenario(raw.right.spec, { models: reg.right })
    if (E.isLeft(spec))
      return E.left(
        synthkitError(
          spec.left.code,
          spec.left.message.split('\n')[0]!,
          spec.left.issues.map((i) => ({ ...i, path: `spec${i.path ? `.${i.path}` : ''}` })),
        ),
      )
    return E.right({ spec: spec.right, models, registry: reg.right })
  }

  const resolved = new WeakMap<ScenarioModel, ModelRegistry>()
  const registryOf = (model: ScenarioModel): ModelRegistry => {
    let r = resolved.get(model)
    if (!r) {
      r = orThrow(registry(model.models, 'models'))
      resolved.set(model, r)
    }
    return r
  }

  return {
    protocol: SYNTHESIZER_PROTOCOL,
    method: 'rules',
    packageName: '@synthkit/rules',
    version: RULES_VERSION,
    summary: 'Declarative multi-table scenarios: fake values, distributions, relationships and logged edge cases',
    capabilities: { input: 'none', conditions: 'none', constraints: true, randomizedFit: false, differentiallyPrivate: false },
    decodeOptions: (input) =>
      E.map((p: { spec: ScenarioSpec; models: Record<string, EmbeddedModel> }) => ({ spec: p.spec, models: p.models }))(
        decodeParts(input, OptionsCodec, 'OPTIONS_INVALID'),
      ),
    decodeModel: (input) =>
      E.map(
        (p: { spec: ScenarioSpec; models: Record<string, EmbeddedModel> }): ScenarioModel => ({
          format: 'synthkit.rules.scenario',
          version: 1,
          spec: p.spec,
          models: p.models,
        }),
      )(decodeParts(input, ModelCodec, 'MODEL_INVALID')),
    fit: (input: SynthesizerInput, options: ScenarioOptions, _context: FitContext): ScenarioModel => {
      if (input.kind !== 'none') {
        throw new SynthkitError('UNSUPPORTED', 'The rules synthesizer learns from no data', [
          { path: 'input', message: `expected { kind: 'none' }, got kind "${input.kind}"` },
        ])
      }
      return { format: 'synthkit.rules.scenario', version: 1, spec: options.spec, models: options.models }
    },
    schema: (model): OutputSchema => {
      const { plan, issues } = compileScenario(model.spec, { models: registryOf(model) })
      if (plan === null) throw new SynthkitError('MODEL_INVALID', 'Invalid scenario', issues)
      return { kind: 'dataset', schema: plan.schema }
    },
    stream: (model, request: StreamRequest): Iterable<ScenarioChunk> =>
      generateScenario(model.spec, {
        rng: request.rng,
        scale: request.scale,
        // A single count cannot apply to a multi-table scenario: per-table counts override root tables' rows.
        ...(typeof request.rows === 'object' ? { rows: request.rows } : {}),
        chunkRows: request.chunkRows,
        models: registryOf(model),
        values: request.values,
        signal: request.signal,
      }).stream(),
    describe: (model): SynthesizerDescription => ({
      title: 'Rule-based scenario',
      parameters: {
        tables: Object.fromEntries(
          Object.entries(model.spec.tables).map(([name, t]) => [
            name,
            t.parent ? { parent: t.parent.table, count: t.parent.count } : { rows: t.rows ?? null },
          ]),
        ),
        locale: model.spec.locale ?? 'en',
        ...(model.spec.anchor !== undefined ? { anchor: model.spec.anchor } : {}),
        models: Object.fromEntries(Object.entries(model.models).map(([k, m]) => [k, m.method])),
      },
      privacy: {
        kind: 'none',
        statement:
          Object.keys(model.models).length === 0
            ? 'Generated from declared rules and faker locale data only; no real data is read.'
            : 'Rule-generated tables read no data; model-drawn tables carry whatever guarantee their fitted models state.',
      },
      limitations: [
        'Values follow the declared distributions; correlations exist only where fields are derived from each other or drawn from a model.',
        'Unique fields other than sequences keep every value seen in memory.',
        'Edge cases are injected after derived fields are computed, so derived fields see the clean values.',
      ],
    }),
  }
}

/** The rules synthesizer (method `rules`) without model-drawn tables. */
export const rulesSynthesizer = createRulesSynthesizer() satisfies Synthesizer<ScenarioOptions, ScenarioModel>
