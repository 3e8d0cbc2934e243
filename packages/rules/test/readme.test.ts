import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runReadmeExample } from '../../../testing/readme'

it('the README example generates customers and orders with integrity and a truthful injection log', async () => {
  const printed = await runReadmeExample(fileURLToPath(new URL('..', import.meta.url)))
  expect(printed).toEqual([
    'orders: between 1 and 5 per customer: true',
    'every order has its customer: true',
    'missing e-mails logged: true, rule tables.customers.fields.email.missing',
  ])
})
