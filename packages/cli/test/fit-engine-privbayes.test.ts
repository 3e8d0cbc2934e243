// `synthkit fit --engine duckdb --method privbayes`: the model the in-memory fit writes. In this process the CLI's
// secure source is replaced by one seeded stream (vi.mock), so both fits draw the same noise and the models must be
// equal to the last bit; through the bin the noise is secure, and the runs agree on everything the noise does not
// decide (the split, the ledger's charges, the root, the guarantee).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { dataPath } from '../../../testing/data'
import { runCli, runMain, tempDir } from './helpers'

vi.mock('@synthkit/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@synthkit/core')>()
  // seeded and declared as such: the models say they are not fit for release
  return { ...core, secureRng: () => core.createRng(2026) }
})

const model = (path: string) => JSON.parse(readFileSync(path, 'utf8'))
const withoutConstraints = (m: { schema: Record<string, unknown> }) => {
  const { constraints, ...schema } = m.schema
  expect(constraints ?? []).toEqual([])
  return { ...m, schema }
}

describe('synthkit fit --engine duckdb --method privbayes', () => {
  const { dir, cleanup } = tempDir()
  afterAll(cleanup)
  const data = dataPath('penguins')
  const schema = join(dir, 'schema.json')
  const fit = (engine: string, out: string, extra: string[] = []) => [
    'fit',
    '--data',
    data,
    '--schema',
    schema,
    '--method',
    'privbayes',
    '--epsilon',
    '1',
    '--engine',
    engine,
    '--no-discover',
    '--seed',
    '4',
    '--out',
    join(dir, out),
    ...extra,
  ]

  it('writes the in-memory model for the same seed and noise stream (in this process, seeded noise)', { timeout: 60_000 }, async () => {
    expect((await runMain(['infer', '--data', data, '--out', schema, '--with-categories'])).code).toBe(0)
    const duck = await runMain(fit('duckdb', 'duck.json'))
    expect(duck.stderr).toBe('')
    expect(duck.code).toBe(0)
    expect(duck.stdout).toMatch(/fitted privbayes through DuckDB .* \(344 rows × 7 columns\)/)
    expect(duck.stdout).toMatch(/differential privacy spent: ε = 1, δ = 0 \(seeded noise: NOT fit for release\)/)
    expect((await runMain(fit('memory', 'memory.json'))).code).toBe(0)
    const a = model(join(dir, 'duck.json'))
    const b = model(join(dir, 'memory.json'))
    expect(withoutConstraints(a.model)).toEqual(withoutConstraints(b.model))
    expect(a.lineage.privacy).toEqual({ epsilon: 1, delta: 0 })
    expect(a.lineage.privacy).toEqual(b.lineage.privacy)
    expect(a.lineage.rows).toBe(b.lineage.rows)
    // another seed chooses another root: the seed reaches the engine fit
    expect((await runMain(fit('duckdb', 'other.json', ['--seed', '5']))).code).toBe(0)
    expect(model(join(dir, 'other.json')).model.parameters.root).not.toBe(a.model.parameters.root)
  })

  it('refuses what the in-memory fit refuses: --epsilon for a non-private method, privbayes without --epsilon', async () => {
    const bayesnet = await runMain([
      'fit',
      '--data',
      data,
      '--method',
      'bayesnet',
      '--engine',
      'duckdb',
      '--epsilon',
      '1',
      '--out',
      join(dir, 'x.json'),
    ])
    expect(bayesnet.code).not.toBe(0)
    expect(bayesnet.stderr).toMatch(/bayesnet is not differentially private/)
    const budgetless = await runMain([
      'fit',
      '--data',
      data,
      '--schema',
      schema,
      '--method',
      'privbayes',
      '--engine',
      'duckdb',
      '--no-discover',
      '--out',
      join(dir, 'y.json'),
    ])
    expect(budgetless.code).not.toBe(0)
    expect(budgetless.stderr).toMatch(/privacy budget/)
  })

  it('through the bin, with secure noise: fit for release, the in-memory split, charges and root', { timeout: 120_000 }, () => {
    const duck = runCli(fit('duckdb', 'bin-duck.json'))
    expect(duck.stderr).toBe('')
    expect(duck.code).toBe(0)
    expect(duck.stdout).toMatch(/differential privacy spent: ε = 1, δ = 0\n/)
    expect(runCli(fit('memory', 'bin-memory.json')).code).toBe(0)
    const a = model(join(dir, 'bin-duck.json')).model
    const b = model(join(dir, 'bin-memory.json')).model
    expect(a.privacy.fitForRelease).toBe(true)
    // the charges the structure does not decide (bounds, structure steps), the whole ε spent, the same parameters
    // but the number of noisy tables (which depends on the noisy structure)
    type Entry = { what: string; mechanism: string; epsilon: number }
    const fixed = (m: { privacy: { ledger: Entry[] } }) =>
      m.privacy.ledger.filter((e) => !e.what.startsWith('noisy joint counts')).map((e) => [e.what, e.mechanism, e.epsilon])
    expect(fixed(a)).toEqual(fixed(b))
    expect(a.privacy.ledger.reduce((t: number, e: Entry) => t + e.epsilon, 0)).toBeCloseTo(1, 12)
    expect({ ...a.privacy, ledger: null }).toEqual({ ...b.privacy, ledger: null })
    expect({ ...a.parameters, tables: null }).toEqual({ ...b.parameters, tables: null })
  })
})
