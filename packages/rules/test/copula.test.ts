// Integration with a real sampler through the protocol: a scenario table drawn from a fitted Gaussian copula
// (@synthkit/copula's adapter), with churn oversampled through the copula's exact conditions, and the copula's pii
// column filled by createValueGenerator instead of placeholders.
import { describe, expect, it } from 'vitest'
import { type TableSchema, checkConstraints, columnToStrings, createRng, fromRows } from '@synthkit/core'
import { copulaSynthesizer } from '@synthkit/copula'
import { createValueGenerator, generateScenario, parseScenario } from '../src/index'
import { loadRows } from '../../../testing/data'
import { binomialInterval } from './helpers'

const schema: TableSchema = {
  columns: [
    { name: 'churn', kind: 'categorical' },
    { name: 'contract', kind: 'categorical' },
    { name: 'tenure', kind: 'numerical', type: 'int', min: 0 },
    { name: 'monthly_charges', kind: 'numerical', type: 'float', precision: 2 },
    { name: 'email', kind: 'text', sensitivity: 'pii' },
  ],
}

describe('a scenario table drawn from a fitted copula', () => {
  const rows = loadRows('telco_churn', 2000).map((r) => ({
    churn: r.churn,
    contract: r.contract,
    tenure: r.tenure,
    monthly_charges: r.monthly_charges,
    email: 'real.person@example.com',
  }))
  const model = copulaSynthesizer.fit({ kind: 'table', table: fromRows(rows, schema) }, {}, { rng: createRng(1) })
  const spec = parseScenario({
    tables: {
      customers: {
        rows: 10_000,
        key: 'id',
        source: { model: 'telco', prevalence: { column: 'churn', value: 'Yes', share: 0.4 } },
        fields: { id: { type: 'sequence' } },
      },
      invoices: {
        parent: { table: 'customers', count: { type: 'integer', min: 1, max: 3 } },
        fields: {
          customer: { type: 'parent', field: 'id' },
          amount: { type: 'expression', expression: 'parent_monthly_charges', precision: 2 },
        },
      },
    },
  })
  const { tables } = generateScenario(spec, {
    seed: 9,
    models: { telco: { synthesizer: copulaSynthesizer, model } },
    values: createValueGenerator(),
  }).collect()

  it('hits the target prevalence through the copula’s conditions and keeps integrity', () => {
    const yes = columnToStrings(tables.customers!, 'churn').filter((v) => v === 'Yes').length
    const [lo, hi] = binomialInterval(10_000, 0.4)
    expect(yes).toBeGreaterThan(lo)
    expect(yes).toBeLessThan(hi)
    for (const t of Object.values(tables)) expect(checkConstraints(t, t.schema.constraints ?? [], { tables }).allValid).toBe(true)
  })

  it('fills the pii column with realistic e-mails, never the real value', () => {
    const emails = columnToStrings(tables.customers!, 'email')
    expect(emails.every((e) => /^[a-z0-9._]+@[a-z0-9.-]+\.[a-z]{2,}$/.test(e))).toBe(true)
    expect(emails.includes('real.person@example.com')).toBe(false)
    expect(new Set(emails).size).toBeGreaterThan(9000)
  })
})
