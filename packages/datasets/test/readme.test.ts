import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runReadmeExample } from '../../../testing/readme'

it('the README example reads penguins as columns and decodes seattle_weather into a Table', async () => {
  const printed = await runReadmeExample(fileURLToPath(new URL('..', import.meta.url)))
  expect(printed).toEqual(['7 344 10', '1461 datetime', 'BSD-3-Clause (vega-datasets); data CC0'])
})
