import * as bayesnet from '@synthkit/bayesnet'
import * as copula from '@synthkit/copula'
import * as core from '@synthkit/core'
import * as metrics from '@synthkit/metrics'
import * as privacy from '@synthkit/privacy'
import * as rules from '@synthkit/rules'
import { describe, expect, it } from 'vitest'
import * as cli from '../src/index'

// The codec naming rule of docs/data-model.md ("Naming"), over every package's public exports: the codec of a
// document decoded at a boundary (it has a decodeX/parseX, or is the options of the function that decodes them)
// is `XCodec`; a codec it is built of has its type's name `X`. Either way the io-ts name, which error paths print,
// is `X`.
const packages: Record<string, Record<string, unknown>> = { core, copula, bayesnet, metrics, privacy, rules, cli }

interface Codec {
  readonly name: string
  decode(u: unknown): unknown
  is(u: unknown): boolean
  validate(u: unknown, c: unknown): unknown
}
const isCodec = (v: unknown): v is Codec =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Codec).decode === 'function' &&
  typeof (v as Codec).is === 'function' &&
  typeof (v as Codec).validate === 'function'

const codecs = Object.entries(packages).flatMap(([pkg, exports]) =>
  Object.entries(exports)
    .filter(([, v]) => isCodec(v))
    .map(([exported, v]) => ({ pkg, exported, name: (v as Codec).name })),
)

describe('exported io-ts codecs follow one naming rule', () => {
  it('finds the codecs of every package that has them', () => {
    expect(new Set(codecs.map((c) => c.pkg))).toEqual(new Set(['core', 'copula', 'bayesnet', 'rules', 'cli']))
  })

  it.each(codecs.map((c) => [`${c.pkg}.${c.exported}`, c]))('%s is named X or XCodec after its io-ts name X', (_, c) => {
    expect([c.name, `${c.name}Codec`]).toContain(c.exported)
  })

  it('the XCodec ones are exactly the boundary documents, each with its decode/parse function or options role', () => {
    const documents = codecs.filter((c) => c.exported.endsWith('Codec')).map((c) => `${c.pkg}.${c.exported}`)
    expect(documents.sort()).toEqual(
      [
        'bayesnet.BayesNetModelCodec',
        'bayesnet.BayesNetOptionsCodec',
        'bayesnet.PrivBayesOptionsCodec',
        'cli.GovernanceInputCodec',
        'cli.ModelFileCodec',
        'cli.ProvenanceCodec',
        'cli.ProvenanceSidecarCodec',
        'copula.CopulaModelCodec',
        'copula.CopulaOptionsCodec',
        'core.DatasetSchemaCodec',
        'core.DiscoverOptionsCodec',
        'core.InferOptionsCodec',
        'core.TableSchemaCodec',
        'rules.ScenarioSpecCodec',
      ].sort(),
    )
  })
})
