import { fromColumns, parseTableSchema } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { anonymityReport } from '../src'

// A hand-worked table: quasi-identifiers (zip, age band), sensitive disease and salary.
const schema = parseTableSchema({
  columns: [
    { name: 'zip', kind: 'categorical', sensitivity: 'quasi-identifier' },
    { name: 'band', kind: 'categorical', sensitivity: 'quasi-identifier' },
    { name: 'disease', kind: 'categorical', sensitivity: 'sensitive' },
    { name: 'salary', kind: 'numerical', type: 'int', sensitivity: 'sensitive' },
  ],
})
const real = fromColumns(
  {
    zip: ['476', '476', '476', '479', '479', '479', '476'],
    band: ['20s', '20s', '20s', '40s', '40s', '40s', '30s'],
    disease: ['flu', 'flu', 'flu', 'flu', 'cancer', 'gastritis', 'flu'],
    salary: [3, 4, 5, 6, 11, 8, 7],
  },
  schema,
)

describe('k-anonymity, l-diversity and t-closeness', () => {
  it('computes k, the rare combinations, distinct/entropy l and t by hand', () => {
    const r = anonymityReport(real, undefined, { rareBelow: 2 })
    expect(r.parameters.quasiIdentifiers).toEqual(['zip', 'band'])
    expect(r.real.classes).toBe(3)
    expect(r.real.k).toBe(1)
    expect(r.real.rare).toEqual([{ values: { zip: '476', band: '30s' }, count: 1 }])
    const disease = r.real.sensitive.find((s) => s.column === 'disease')!
    expect(disease.distinctL).toBe(1)
    expect(disease.entropyL).toBeCloseTo(1, 12)
    // overall flu 5/7, cancer 1/7, gastritis 1/7; class {flu,flu,flu}: ½(|1 − 5/7| + 1/7 + 1/7) = 2/7; class
    // {flu, cancer, gastritis}: ½(|1/3 − 5/7| + 2·|1/3 − 1/7|) = 8/21 (the largest); singleton {flu}: 2/7.
    expect(disease.t).toBeCloseTo(8 / 21, 12)
    // salary (ordered, 7 distinct values 3…11 and no missing): class {3,4,5} vs uniform 1/7 over 7 values:
    // cumulative differences 4/21, 8/21, 12/21, then 9/21, 6/21, 3/21, 0, 0 → sum 2, divided by m − 1 = 7 (m = 8
    // levels: 7 values + missing) = 2/7; class {6, 8, 11} gives 5/21 and the singleton {7} 13/49, so t = 2/7.
    const salary = r.real.sensitive.find((s) => s.column === 'salary')!
    expect(salary.t).toBeCloseTo(2 / 7, 12)
  })

  it('counts the rare real combinations that the synthetic table reproduces', () => {
    const synthetic = fromColumns({ zip: ['476', '479'], band: ['30s', '20s'], disease: ['flu', 'flu'], salary: [1, 2] }, schema)
    const r = anonymityReport(real, synthetic, { rareBelow: 2 })
    expect(r.rareRealInSynthetic).toBe(1)
    expect(r.synthetic!.k).toBe(1)
    expect(r.synthetic!.classes).toBe(2)
  })
})
