import { fromColumns, inferSchema } from '@synthkit/core'
import { expect, it } from 'vitest'
import { correlationSimilarity, ksComplement, qualityReport, shuffleColumns } from '../src/index'
import { createRng } from '@synthkit/core'
import { loadColumns } from '../../../testing/data'

it('compares a datetime column as numbers: KS and correlations equal those of the epoch values', () => {
  const raw = loadColumns('seattle_weather')
  const { schema } = inferSchema(raw)
  expect(schema.columns.find((c) => c.name === 'date')?.kind).toBe('datetime')
  const real = fromColumns(raw, schema)
  const synthetic = shuffleColumns(real, createRng(3))
  const r = qualityReport(real, synthetic)
  const date = (t: typeof real) => (t.columns.date.type === 'numeric' ? t.columns.date.values : new Float64Array())
  const temp = (t: typeof real) => (t.columns.temp_max.type === 'numeric' ? t.columns.temp_max.values : new Float64Array())
  expect(r.columnShapes.find((s) => s.column === 'date')).toMatchObject({
    metric: 'KSComplement',
    score: ksComplement(date(real), date(synthetic)),
  })
  const pair = r.columnPairTrends.find((p) => p.columnA === 'date' && p.columnB === 'temp_max')!
  const direct = correlationSimilarity([date(real), temp(real)], [date(synthetic), temp(synthetic)])
  expect(pair.metric).toBe('CorrelationSimilarity')
  expect(pair.score!).toBeCloseTo(direct.score, 12)
  // seasonal temperature: the real date-temperature relation is weak linearly but the shuffle removes it entirely
  expect(Math.abs(pair.syntheticCorrelation!)).toBeLessThan(0.06)
})
