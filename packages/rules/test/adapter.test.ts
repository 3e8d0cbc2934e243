import { readFileSync } from 'node:fs'
import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import { SYNTHESIZER_PROTOCOL, createRng } from '@synthkit/core'
import {
  type ScenarioChunk,
  type ScenarioModel,
  createRulesSynthesizer,
  generateScenario,
  parseScenario,
  rulesSynthesizer,
  toJsonLines,
} from '../src/index'
import { fitToy, toySynthesizer } from './toy-synthesizer'

const shopText = readFileSync(new URL('../examples/shop.yaml', import.meta.url), 'utf8')

function text(chunks: Iterable<ScenarioChunk>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const c of chunks) out[c.table] = (out[c.table] ?? '') + toJsonLines(c.rows)
  return out
}

describe('the rules adapter (protocol v1)', () => {
  it('decodes YAML options, fits from no input, and streams what generateScenario gives', () => {
    expect(rulesSynthesizer.protocol).toBe(SYNTHESIZER_PROTOCOL)
    expect(rulesSynthesizer.capabilities.input).toBe('none')
    const options = rulesSynthesizer.decodeOptions({ spec: shopText })
    if (E.isLeft(options)) throw options.left
    const model = rulesSynthesizer.fit({ kind: 'none' }, options.right, { rng: createRng(0) }) as ScenarioModel
    const schema = rulesSynthesizer.schema(model)
    expect(schema.kind).toBe('dataset')
    if (schema.kind === 'dataset') expect(Object.keys(schema.schema.tables)).toEqual(['products', 'customers', 'orders', 'items'])
    const streamed = text(rulesSynthesizer.stream(model, { rng: createRng(42), chunkRows: 500, scale: 2 }) as Iterable<ScenarioChunk>)
    const direct = text(generateScenario(parseScenario(shopText), { seed: 42, scale: 2 }).stream())
    expect(streamed).toEqual(direct)
    // The model is plain JSON and decodes back.
    const back = rulesSynthesizer.decodeModel(JSON.parse(JSON.stringify(model)))
    expect(E.isRight(back) && back.right.spec).toEqual(model.spec)
    const card = rulesSynthesizer.describe(model)
    expect(card.privacy.kind).toBe('none')
    expect(card.parameters.tables).toMatchObject({ customers: { rows: 1000 }, orders: { parent: 'customers' } })
  })

  it('refuses data input and reports spec problems under spec.<path>', () => {
    const bad = rulesSynthesizer.decodeOptions({ spec: { tables: { a: { rows: 1, fields: { x: { type: 'nope' } } } } } })
    expect(E.isLeft(bad) && bad.left.issues[0]!.path).toBe('spec.tables.a.fields.x.type')
    const options = rulesSynthesizer.decodeOptions({ spec: shopText })
    if (E.isLeft(options)) throw options.left
    expect(() =>
      rulesSynthesizer.fit({ kind: 'table', table: { schema: { columns: [] }, nRows: 0, columns: {} } }, options.right, {
        rng: createRng(0),
      }),
    ).toThrow(/learns from no data/)
  })

  it('embeds fitted models of registered synthesizers and decodes them through their adapters', () => {
    const toy = toySynthesizer('exact')
    const rules = createRulesSynthesizer({ synthesizers: [toy] })
    const spec = {
      tables: {
        customers: {
          rows: 50,
          key: 'id',
          source: { model: 'telco', prevalence: { column: 'churn', value: 'Yes', share: 0.5 } },
          fields: { id: { type: 'sequence' } },
        },
      },
    }
    const options = rules.decodeOptions({ spec, models: { telco: { method: 'toy', model: fitToy(500) } } })
    if (E.isLeft(options)) throw options.left
    const model = rules.fit({ kind: 'none' }, options.right, { rng: createRng(0) }) as ScenarioModel
    const chunks = [...rules.stream(JSON.parse(JSON.stringify(model)), { rng: createRng(1) })]
    expect(chunks.reduce((a, c) => a + c.rows.nRows, 0)).toBe(50)
    const unknown = rules.decodeOptions({ spec, models: { telco: { method: 'copula', model: {} } } })
    expect(E.isLeft(unknown) && unknown.left.issues[0]!.path).toBe('models.telco.method')
    const invalid = rules.decodeModel({
      format: 'synthkit.rules.scenario',
      version: 1,
      spec,
      models: { telco: { method: 'toy', model: { format: 'x' } } },
    })
    expect(E.isLeft(invalid) && invalid.left.issues[0]!.path).toBe('models.telco.model.format')
  })
})
