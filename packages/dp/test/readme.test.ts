import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runReadmeExample } from '../../../testing/readme'

it('the README example releases a count and a mean, records both, and refuses the release that would overspend', async () => {
  const printed = await runReadmeExample(fileURLToPath(new URL('..', import.meta.url)))
  expect(printed).toEqual([
    'count is an integer, fit for release: false',
    'mean within the declared bounds: true',
    'spent {"epsilon":1,"delta":0}, ledger: count, mean: sum, mean: count',
    'PRIVACY_BUDGET_EXCEEDED, ledger still has 3 entries',
  ])
})
