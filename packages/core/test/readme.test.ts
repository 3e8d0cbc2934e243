import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runReadmeExample } from '../../../testing/readme'

it('the README example runs and prints what it claims', async () => {
  const printed = await runReadmeExample(fileURLToPath(new URL('..', import.meta.url)))
  expect(printed[0]).toBe('age: numerical (integers, 4 distinct values: numerical int)')
  expect(printed[1]).toBe('3 rows, mean age 41')
  expect(printed[2]).toMatch(/^row 2, age: expected a number, got "old"$/)
})
