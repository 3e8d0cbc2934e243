import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runReadmeExample } from '../../../testing/readme'

it('the README example runs and prints the share and the association it claims', async () => {
  const printed = await runReadmeExample(fileURLToPath(new URL('..', import.meta.url)))
  expect(printed[0]).toBe('rows: 1000, share of pro: 0.25')
  expect(printed[1]).toBe('pro rows have >= 20 seats: true')
})
