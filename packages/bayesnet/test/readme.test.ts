import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runReadmeExample } from '../../../testing/readme'

it('the README example runs and prints what it claims', async () => {
  const printed = await runReadmeExample(fileURLToPath(new URL('..', import.meta.url)))
  expect(printed[0]).toBe('rows: 1000, every plan is known: true')
  expect(printed[1]).toBe('pro rows given seats >= 20: 1')
  expect(printed[2]).toMatch(/^privbayes: ε = 1 \(structure 0\.3, conditionals 0\.7\), replace-one-row, fit for release: false$/)
})
