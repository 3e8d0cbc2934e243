import type { SynthesizerDescription, TableSchema } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { buildCard, renderCardMarkdown, type CardGenerator, type ModelLineage } from '../src/index'

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
  readSeconds: 0.1,
  versions: { '@toy/sampler': '0.3.0' },
  options: { degree: 2 },
  schemaSource: 'schema file s.json',
  package: '@toy/sampler',
  packageVersion: '0.3.0',
  privacy: { epsilon: 1, delta: 1e-6 },
}
const description: SynthesizerDescription = {
  title: 'Toy private sampler',
  parameters: { degree: 2 },
  privacy: {
    kind: 'differential-privacy',
    epsilon: 1,
    delta: 1e-6,
    neighbouring: 'add-remove-one-row',
    accounting: 'basic composition',
    split: { structure: 0.3, counts: 0.7 },
    fitForRelease: true,
    publicInputs: ['column bounds from the schema'],
  },
  limitations: ['Toy limitation.'],
  trainingRows: 1000,
}
const generator: CardGenerator = { method: 'toy', package: '@toy/sampler', version: '0.3.0', description }

describe('the dataset card', () => {
  it('records lineage, sensitivity tags, seed and DP budget without an evaluation, and says what is missing', () => {
    const card = buildCard({
      createdAt: '2026-01-02T00:00:00.000Z',
      schema,
      schemaSource: lineage.schemaSource,
      lineage,
      generator,
      versions: { synthkit: '0.1.0' },
    })
    expect(card.title).toBe('Synthetic patients')
    expect(card.purpose).toBeNull()
    expect(card.real).toEqual({ path: 'patients.csv', sha256: lineage.sha256, bytes: null, rows: 1000, columns: 3 })
    expect(card.seed).toBe(7)
    expect(card.generator).toMatchObject({
      method: 'toy',
      title: 'Toy private sampler',
      version: '0.3.0',
      options: { degree: 2 },
      parameters: { degree: 2 },
      trainingRows: 1000,
    })
    expect(card.schema.columns.map((c) => c.sensitivity)).toEqual(['pii', 'quasi-identifier', 'sensitive'])
    expect(card.privacy).toMatchObject({
      differentialPrivacy: { kind: 'differential-privacy', epsilon: 1, delta: 1e-6 },
      piiColumns: ['email'],
      newRowRate: null,
    })
    expect(card.limitations).toContain('Toy limitation.')
    expect(card.limitations.join(' ')).toMatch(/not evaluated/)
    expect(card.limitations.join(' ')).not.toMatch(/No differential-privacy guarantee/)
    expect(card.limitations.join(' ')).toMatch(/pii \(email\) were not learned from/)
    const md = renderCardMarkdown(card)
    expect(md).toContain('ε = 1, δ = 0.000001 (add remove one row neighbours; basic composition; split: structure 0.3, counts 0.7)')
    expect(md).toContain('Public (not noised): column bounds from the schema')
    expect(md).toContain('| email | text |  | pii |')
    expect(md).toContain('_Not stated.')
    expect(md).toContain('_Not evaluated._')
    // The card is plain JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(card))).toEqual(card)
  })
})

describe('the dataset card of a model fitted with seeded DP noise', () => {
  it('says in the limitations that the guarantee does not hold', () => {
    const seeded: CardGenerator = {
      ...generator,
      description: {
        ...description,
        privacy: {
          ...(description.privacy as Extract<SynthesizerDescription['privacy'], { kind: 'differential-privacy' }>),
          fitForRelease: false,
        },
      },
    }
    const card = buildCard({ createdAt: '2026-01-02T00:00:00.000Z', schema, schemaSource: 's', lineage, generator: seeded, versions: {} })
    expect(card.limitations.join(' ')).toMatch(/seeded \(reproducible\) source/)
    expect(renderCardMarkdown(card)).toContain('NOT fit for release')
  })
})
