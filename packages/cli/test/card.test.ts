import type { TableSchema } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { buildCard, renderCardMarkdown, type ModelLineage } from '../src/index'

const schema: TableSchema = {
  name: 'patients',
  columns: [
    { name: 'email', kind: 'text', sensitivity: 'pii' },
    { name: 'age', kind: 'numerical', type: 'int', min: 0, max: 120, sensitivity: 'quasi-identifier' },
    { name: 'diagnosis', kind: 'categorical', categories: ['a', 'b'], sensitivity: 'sensitive' },
  ],
}
const lineage: ModelLineage = {
  input: 'patients.csv',
  sha256: 'ab'.repeat(32),
  rows: 1000,
  columns: 3,
  seed: 7,
  fittedAt: '2026-01-01T00:00:00.000Z',
  fitSeconds: 0.5,
  versions: { '@synthkit/copula': '0.1.0' },
  options: { marginals: 'auto' },
  schemaSource: 'schema file s.json',
  dp: { epsilon: 1, delta: 1e-6, mechanism: 'Gaussian' },
}

describe('the dataset card', () => {
  it('records lineage, sensitivity tags, seed and DP budget without an evaluation, and says what is missing', () => {
    const card = buildCard({ createdAt: '2026-01-02T00:00:00.000Z', schema, schemaSource: lineage.schemaSource, lineage, method: 'copula', versions: { synthkit: '0.1.0' } })
    expect(card.title).toBe('Synthetic patients')
    expect(card.purpose).toBeNull()
    expect(card.real).toEqual({ path: 'patients.csv', sha256: lineage.sha256, bytes: null, rows: 1000, columns: 3 })
    expect(card.seed).toBe(7)
    expect(card.generator).toMatchObject({ method: 'copula', version: '0.1.0', parameters: { marginals: 'auto' } })
    expect(card.schema.columns.map((c) => c.sensitivity)).toEqual(['pii', 'quasi-identifier', 'sensitive'])
    expect(card.privacy).toMatchObject({ differentialPrivacy: { epsilon: 1, delta: 1e-6 }, piiColumns: ['email'], newRowRate: null })
    expect(card.limitations.join(' ')).toMatch(/not evaluated/)
    expect(card.limitations.join(' ')).not.toMatch(/No differential-privacy guarantee/)
    expect(card.limitations.join(' ')).toMatch(/pii \(email\) were not learned from/)
    const md = renderCardMarkdown(card)
    expect(md).toContain('ε = 1, δ = 0.000001 (Gaussian)')
    expect(md).toContain('| email | text |  | pii |')
    expect(md).toContain('_Not stated.')
    expect(md).toContain('_Not evaluated._')
    // The card is plain JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(card))).toEqual(card)
  })
})
