import { expect, it } from 'vitest'
import { runReadmeExample } from '../../../testing/readme'
import { PACKAGE_DIR } from './helpers'

it('the README example reads the bundled CSV, infers its schema and prints it', async () => {
  const printed = await runReadmeExample(PACKAGE_DIR)
  expect(printed[0]).toBe('7043 rows, 20 columns')
  expect(printed[1]).toMatch(/integers, \d+ distinct values: numerical int/)
  const table = printed[2].split('\n')
  expect(table[0]).toMatch(/^column\s+kind/)
  expect(table[2]).toMatch(/^tenure\s+numerical\s+int\s+public/)
})
