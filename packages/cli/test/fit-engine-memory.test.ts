// DuckDB's memory limit from the CLI: the default (256 MB) fits a wide categorical real table, `--engine-memory`
// changes it, and running out of it is a usage error naming the flag — not an internal error asking for a report.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { runCli, tempDir } from './helpers'

describe('synthkit fit --engine duckdb and its memory limit', { timeout: 180_000 }, () => {
  it('fits telco_churn (17 categorical columns) at the default limit, and refuses to run out of --engine-memory silently', () => {
    const { dir, cleanup } = tempDir()
    try {
      const data = dataPath('telco_churn')
      for (const method of ['copula', 'bayesnet']) {
        const ok = runCli([
          'fit',
          '--data',
          data,
          '--engine',
          'duckdb',
          '--method',
          method,
          '--no-discover',
          '--out',
          join(dir, `${method}.json`),
        ])
        expect(ok.stderr, method).toBe('')
        expect(ok.code, method).toBe(0)
        expect(ok.stdout).toMatch(/through DuckDB .* \(7,043 rows × 20 columns\)/)
      }
      const big = runCli([
        'fit',
        '--data',
        data,
        '--engine',
        'duckdb',
        '--engine-memory',
        '1GB',
        '--no-discover',
        '--out',
        join(dir, 'big.json'),
      ])
      expect(big.code).toBe(0)
      const tiny = runCli([
        'fit',
        '--data',
        data,
        '--engine',
        'duckdb',
        '--engine-memory',
        '4MB',
        '--no-discover',
        '--out',
        join(dir, 'tiny.json'),
      ])
      expect(tiny.code).toBe(2)
      expect(tiny.stderr).toMatch(/DuckDB needed more memory than its memory_limit of 4MB.*--engine-memory/)
      expect(tiny.stderr).not.toMatch(/internal error/)
    } finally {
      cleanup()
    }
  })

  it('refuses a malformed size, and the flag where DuckDB does not run', () => {
    const { dir, cleanup } = tempDir()
    try {
      const data = dataPath('penguins')
      const bad = runCli(['fit', '--data', data, '--engine', 'duckdb', '--engine-memory', 'lots', '--out', join(dir, 'a.json')])
      expect(bad.code).toBe(2)
      expect(bad.stderr).toMatch(/--engine-memory.*expected a size such as 512MB or 2GB, got "lots"/)
      const memory = runCli(['fit', '--data', data, '--engine', 'memory', '--engine-memory', '1GB', '--out', join(dir, 'b.json')])
      expect(memory.code).toBe(2)
      expect(memory.stderr).toMatch(/--engine-memory sets DuckDB's memory limit: add --engine duckdb/)
    } finally {
      cleanup()
    }
  })
})
