import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runReadmeExample } from '../../../testing/readme'

it('the README example runs and prints the scores it claims', async () => {
  const printed = await runReadmeExample(fileURLToPath(new URL('..', import.meta.url)))
  // age: real {31,38,45,52} vs synthetic {33,45,50,61}; the CDFs differ by at most 1/4 → KSComplement 0.75.
  // city: real Oslo/Lima 1/2 each vs synthetic 1/4, 3/4 → TVD 1/4 → TVComplement 0.75.
  expect(printed[1]).toBe('age: KSComplement 0.7500')
  expect(printed[2]).toBe('city: TVComplement 0.7500')
  expect(printed[0]).toMatch(/^quality 0\.\d{4}$/)
  expect(printed[3]).toBe('KS complement 0.75')
})
