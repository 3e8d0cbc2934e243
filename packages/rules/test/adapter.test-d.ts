// Type-level checks (tsc -p tsconfig.test.json): the adapter implements core's protocol with its own option and
// model types, and chunks carry their injection logs.
import { expectTypeOf } from 'vitest'
import type { SampledChunk, Synthesizer } from '@synthkit/core'
import { type ScenarioChunk, type ScenarioModel, type ScenarioOptions, createRulesSynthesizer, rulesSynthesizer } from '../src/index'
import { toySynthesizer } from './toy-synthesizer'

rulesSynthesizer satisfies Synthesizer<ScenarioOptions, ScenarioModel>
expectTypeOf(rulesSynthesizer).toEqualTypeOf<Synthesizer<ScenarioOptions, ScenarioModel>>()
expectTypeOf(rulesSynthesizer.method).toEqualTypeOf<string>()
expectTypeOf<ScenarioChunk>().toMatchTypeOf<SampledChunk>()
// Any protocol adapter can be registered for model-drawn tables.
createRulesSynthesizer({ synthesizers: [toySynthesizer('exact'), rulesSynthesizer] })
// @ts-expect-error scenario options are not a scenario model (no format/version)
rulesSynthesizer.schema({} as ScenarioOptions)
