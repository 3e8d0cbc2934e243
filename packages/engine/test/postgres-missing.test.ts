// Without the optional peer `pg`, openPostgres throws a typed error naming the package to install.
import { expect, it, vi } from 'vitest'

vi.mock('pg', () => {
  throw new Error("Cannot find package 'pg' imported from @synthkit/engine")
})

it('openPostgres without pg installed throws UNSUPPORTED naming the package', async () => {
  const { openPostgres } = await import('../src/postgres-engine')
  const error = await openPostgres({ port: 1 }).catch((e: unknown) => e)
  expect(error).toMatchObject({ code: 'UNSUPPORTED', issues: [expect.objectContaining({ path: 'engine' })] })
  expect((error as Error).message).toContain('npm install pg')
})
