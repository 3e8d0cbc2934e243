import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runReadmeExample } from '../../../testing/readme'

it('the README example prints the hand-computed DCRs, k and the copied rare combination', async () => {
  const printed = await runReadmeExample(fileURLToPath(new URL('..', import.meta.url)))
  // age range 61 − 29 = 32, three columns: (1/32)/3, 0, (31/32)/3, (3/32 + 1)/3
  expect(printed).toEqual(['DCR 0.010 0.000 0.323 0.365', 'k: real 1, synthetic 1; rare real combinations copied: 1'])
})
