import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import { checkConstraints, columnToStrings } from '@synthkit/core'
import { decodeScenario, generateScenario, parseScenario } from '../src/index'
import { binomialInterval, hashOutput, synthkitErrorOf } from './helpers'
import { fitToy, toySynthesizer } from './toy-synthesizer'

const model = fitToy()
const exact = { telco: { synthesizer: toySynthesizer('exact'), model } }
const plain = { telco: { synthesizer: toySynthesizer('none'), model } }
const realShare = model.values.churn!.filter((v) => v === 'Yes').length / model.values.churn!.length

const scenario = (source: Record<string, unknown>, rows = 20_000) =>
  parseScenario({
    tables: {
      customers: {
        rows,
        key: 'id',
        source: { model: 'telco', ...source },
        fields: { id: { type: 'sequence' }, yearly: { type: 'expression', expression: 'monthly_charges * 12', precision: 2 } },
      },
      tickets: {
        parent: { table: 'customers', count: { type: 'poisson', lambda: 0.5 } },
        fields: {
          customer: { type: 'parent', field: 'id' },
          churned: { type: 'expression', kind: 'boolean', expression: 'parent_churn == "Yes"' },
        },
      },
    },
  })

const share = (values: string[], v: string) => values.filter((x) => x === v).length / values.length

describe('tables drawn from a fitted model through the synthesizer protocol', () => {
  it('a structure-only check passes without the models; generation names a missing model by path', () => {
    expect(
      E.isRight(
        decodeScenario({
          tables: {
            customers: { rows: 5, source: { model: 'telco' }, fields: { y: { type: 'expression', expression: 'monthly_charges * 12' } } },
          },
        }),
      ),
    ).toBe(true)
    const e = synthkitErrorOf(() => generateScenario(scenario({}), { seed: 1, models: {} }))
    expect(e.issues.map((i) => i.path)).toEqual(['tables.customers.source.model'])
    // without any registry too: a model-drawn table never silently loses its model columns
    expect(synthkitErrorOf(() => generateScenario(scenario({}), { seed: 1 })).issues.map((i) => i.path)).toEqual([
      'tables.customers.source.model',
    ])
  })

  it('names unknown model columns in conditions, fixed columns and prevalence', () => {
    const e = synthkitErrorOf(() =>
      generateScenario(
        scenario({
          conditions: { plan: 'x' },
          fixed: { nope: 1, contract: 'Ten year' },
          prevalence: { column: 'churn', value: 'Maybe', share: 0.3 },
        }),
        { seed: 1, models: exact },
      ),
    )
    expect(e.issues.map((i) => i.path)).toEqual([
      'tables.customers.source.conditions.plan',
      'tables.customers.source.fixed.nope',
      'tables.customers.source.fixed.contract',
      'tables.customers.source.prevalence.value',
    ])
  })

  for (const [label, models] of [
    ['by the adapter (exact conditions)', exact],
    ['by rejection (adapter without conditions)', plain],
  ] as const) {
    it(`oversamples churn = Yes to 30 % ${label}, within the binomial interval, from a real share of ~26 %`, () => {
      const { tables } = generateScenario(scenario({ prevalence: { column: 'churn', value: 'Yes', share: 0.3 } }), {
        seed: 7,
        models,
      }).collect()
      const churn = columnToStrings(tables.customers!, 'churn')
      const [lo, hi] = binomialInterval(20_000, 0.3)
      expect(churn.filter((v) => v === 'Yes').length).toBeGreaterThan(lo)
      expect(churn.filter((v) => v === 'Yes').length).toBeLessThan(hi)
      // Without prevalence the share is the model's (so the option, not chance, made the 30 %).
      const base = columnToStrings(generateScenario(scenario({}), { seed: 7, models }).collect().tables.customers!, 'churn')
      const [blo, bhi] = binomialInterval(20_000, realShare)
      expect(share(base, 'Yes') * 20_000).toBeGreaterThan(blo)
      expect(share(base, 'Yes') * 20_000).toBeLessThan(bhi)
    })

    it(`honours conditions ${label} and overwrites fixed columns`, () => {
      const { tables } = generateScenario(
        scenario({ conditions: { contract: 'Two year', tenure: { min: 24 } }, fixed: { churn: 'No' } }, 3000),
        { seed: 3, models },
      ).collect()
      const c = tables.customers!
      expect(new Set(columnToStrings(c, 'contract'))).toEqual(new Set(['Two year']))
      expect(Math.min(...(c.columns.tenure as { values: Float64Array }).values)).toBeGreaterThanOrEqual(24)
      expect(new Set(columnToStrings(c, 'churn'))).toEqual(new Set(['No']))
    })
  }

  it('derives fields and children from the model rows, with integrity and chunk-size independence', () => {
    const spec = scenario({ prevalence: { column: 'churn', value: 'Yes', share: 0.5 } }, 5000)
    const out = generateScenario(spec, { seed: 5, models: exact })
    const { tables } = out.collect()
    const c = tables.customers!
    const m = (c.columns.monthly_charges as { values: Float64Array }).values
    const y = (c.columns.yearly as { values: Float64Array }).values
    for (let i = 0; i < 100; i++) expect(y[i]).toBeCloseTo(m[i]! * 12, 6)
    for (const t of Object.values(tables)) expect(checkConstraints(t, t.schema.constraints ?? [], { tables }).allValid).toBe(true)
    const churnOf = new Map(columnToStrings(c, 'id').map((id, i) => [id, columnToStrings(c, 'churn')[i]]))
    const tickets = tables.tickets!
    const ids = columnToStrings(tickets, 'customer')
    const churned = columnToStrings(tickets, 'churned')
    ids.forEach((id, i) => expect(churned[i]).toBe(churnOf.get(id) === 'Yes' ? 'true' : 'false'))
    expect(hashOutput(generateScenario(spec, { seed: 5, models: exact, chunkRows: 123 }))).toBe(hashOutput(out))
  })

  it('fails with CONSTRAINT_UNSATISFIABLE, naming the source and its acceptance, when rejection cannot find the rows', () => {
    const e = synthkitErrorOf(() =>
      generateScenario(scenario({ conditions: { tenure: { min: 1000 } } }, 100), { seed: 1, models: plain }).collect(),
    )
    expect(e.code).toBe('CONSTRAINT_UNSATISFIABLE')
    expect(e.issues[0]!.path).toBe('tables.customers.source')
    expect(e.issues[0]!.message).toMatch(/^0 of \d+ drawn rows qualified/)
  })
})
