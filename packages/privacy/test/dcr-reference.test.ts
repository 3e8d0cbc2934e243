import { describe, expect, it } from 'vitest'
import { dcrValues } from '../src'
import { loadTable, localReference, readReference, schemaFromSdv } from './helpers'

// SDMetrics 0.20.1 calculate_dcr of the first 500 rows of SDV's synthetic output against all real rows.
const CASES = [
  ['telco_churn', 'telco_churn.sdv-synthetic.csv'],
  ['diamonds', 'diamonds.sdv-synthetic.csv'],
  ['seattle_weather', 'seattle_weather.sdv-synthetic.csv'],
] as const

describe('DCR reproduces SDMetrics to 1e-9', () => {
  for (const [name, file] of CASES) {
    it(`on ${name}: every one of the 500 per-row distances to all real rows`, () => {
      const schema = schemaFromSdv(`${name}.metadata.json`)
      const real = loadTable(name, schema)
      const synthetic = loadTable(localReference(file), schema, 500)
      const expected = readReference<{ dcr: { values: number[] } }>(`${name}.sdv.dcr.json`).dcr.values
      const { dcr } = dcrValues(synthetic, real)
      expect(dcr.length).toBe(500)
      let worst = 0
      for (let i = 0; i < 500; i++) worst = Math.max(worst, Math.abs(dcr[i] - expected[i]))
      expect(worst).toBeLessThan(1e-9)
    })
  }
})
