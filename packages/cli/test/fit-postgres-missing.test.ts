// Without the optional peer `pg`, `synthkit fit --engine postgres` fails with the typed error naming the package to
// install (and nothing is written); the other engines do not need it.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it, vi } from 'vitest'
import { runMain, tempDir } from './helpers'

vi.mock('pg', () => {
  throw new Error("Cannot find package 'pg' imported from @synthkit/engine")
})

it('fit --engine postgres without pg installed says to install it [UNSUPPORTED]', async () => {
  const { dir, cleanup } = tempDir()
  try {
    const out = join(dir, 'model.json')
    const r = await runMain([
      'fit',
      '--engine',
      'postgres',
      '--url',
      'postgres://u:pw@127.0.0.1:1/db',
      '--table',
      't',
      '--no-discover',
      '--out',
      out,
    ])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      /^synthkit: The PostgreSQL engine needs the package pg: npm install pg: engine: pg could not be loaded .*\[UNSUPPORTED\]/,
    )
    expect(r.stderr).not.toContain(':pw@')
    expect(existsSync(out)).toBe(false)
  } finally {
    cleanup()
  }
})
