import type { TableSchema } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { parseConditions } from '../src/index'

const schema: TableSchema = {
  columns: [
    { name: 'contract', kind: 'categorical', categories: ['Month-to-month', 'One year', 'Two year'] },
    { name: 'region', kind: 'categorical' },
    { name: 'tenure', kind: 'numerical', type: 'int' },
    { name: 'paperless', kind: 'boolean', labels: ['No', 'Yes'] },
    { name: 'signup', kind: 'datetime' },
    { name: 'email', kind: 'text', sensitivity: 'pii' },
  ],
}

describe('--where conditions', () => {
  it('fixes categories, booleans by label and numbers, and merges bounds on one column', () => {
    expect(parseConditions(['contract=Two year', 'region=North', 'paperless=Yes', 'tenure>=12', 'tenure <= 24'], schema)).toEqual({
      contract: 'Two year',
      region: 'North',
      paperless: true,
      tenure: { min: 12, max: 24 },
    })
    expect(parseConditions(['tenure=5'], schema)).toEqual({ tenure: 5 })
    expect(parseConditions(['tenure=1..3', 'signup=2014-01-01..2014-06-30'], schema)).toEqual({
      tenure: { min: 1, max: 3 },
      signup: { min: '2014-01-01', max: '2014-06-30' },
    })
    expect(parseConditions(['signup>=2015-01-01'], schema)).toEqual({ signup: { min: '2015-01-01' } })
  })

  it('rejects unknown columns, bad values, empty ranges and conditions on text, each naming the clause', () => {
    const cases: [string[], RegExp][] = [
      [['plan=gold'], /--where "plan=gold": the model has no column "plan" \(columns: contract, /],
      [['contract=Weekly'], /"Weekly" is not a category of "contract"/],
      [['tenure=ten'], /expected a number, got "ten"/],
      [['tenure=5..1'], /empty range 5\.\.1/],
      [['paperless=maybe'], /boolean \(No\/Yes\), got "maybe"/],
      [['contract>=1'], />= needs a numerical column/],
      [['email=a@b.c'], /cannot condition on text column "email"/],
      [['tenure'], /expected column=value/],
      [['contract=One year', 'contract=Two year'], /already has a condition/],
    ]
    for (const [clauses, message] of cases) expect(() => parseConditions(clauses, schema)).toThrow(message)
  })
})
