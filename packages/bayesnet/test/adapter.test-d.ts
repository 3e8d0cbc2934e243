// Type-level test (vitest typecheck, and `pnpm typecheck`): both adapters satisfy the synthesizer protocol v1.
import type { Synthesizer } from '@synthkit/core'
import { expectTypeOf } from 'vitest'
import { type BayesNetModel, type BayesNetOptions, type PrivBayesOptions, bayesnetSynthesizer, privbayesSynthesizer } from '../src/index'

expectTypeOf(bayesnetSynthesizer).toMatchTypeOf<Synthesizer<BayesNetOptions, BayesNetModel>>()
expectTypeOf(privbayesSynthesizer).toMatchTypeOf<Synthesizer<PrivBayesOptions, BayesNetModel>>()
expectTypeOf(bayesnetSynthesizer.protocol).toEqualTypeOf<1>()
expectTypeOf(privbayesSynthesizer.fit).returns.toMatchTypeOf<BayesNetModel | Promise<BayesNetModel>>()
expectTypeOf(bayesnetSynthesizer.method).toEqualTypeOf<string>()
