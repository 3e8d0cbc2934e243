// Type-level test (checked by `pnpm typecheck`): the adapter satisfies the synthesizer protocol.
import type { Synthesizer } from '@synthkit/core'
import { expectTypeOf } from 'vitest'
import { type CopulaAdapterOptions, type CopulaModel, copulaSynthesizer } from '../src/index'

expectTypeOf(copulaSynthesizer).toMatchTypeOf<Synthesizer<CopulaAdapterOptions, CopulaModel>>()
expectTypeOf(copulaSynthesizer.protocol).toEqualTypeOf<1>()
expectTypeOf(copulaSynthesizer.fit).returns.toMatchTypeOf<CopulaModel | Promise<CopulaModel>>()
