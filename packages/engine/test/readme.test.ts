import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runReadmeExample } from '../../../testing/readme'

it('the README example fits a copula through DuckDB and samples from it', { timeout: 60_000 }, async () => {
  const printed = await runReadmeExample(fileURLToPath(new URL('..', import.meta.url)))
  expect(printed[0]).toBe('200000 rows, 3 copula coordinates')
  // fare = (7919 i mod 1000) + minutes: positively correlated with minutes, but far from 1
  const r = Number(printed[1].split(': ')[1])
  expect(r).toBeGreaterThan(0.02)
  expect(r).toBeLessThan(0.5)
  expect(printed[2]).toBe('3 rows sampled')
})
