import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { runCli, tempDir } from './helpers'

// The whole pipeline per shared dataset, in a file of its own (apart from e2e-generate.test.ts) so that the test
// runner can give these four long runs a worker of their own.
const tmp = tempDir()
afterAll(tmp.cleanup)
const out = (f: string) => join(tmp.dir, f)

describe('the pipeline on the shared datasets', () => {
  // One process per dataset: demo --data runs infer, fit, sample, evaluate, report and card end to end.
  for (const name of ['penguins', 'seattle_weather', 'diamonds', 'adult'] as const) {
    it(`demo --data runs end to end on ${name}`, () => {
      const dir = out(`demo-${name}`)
      const r = runCli(['demo', '--data', dataPath(name), '--rows', '2000', '--out-dir', dir, '--seed', '3'], { timeoutMs: 230_000 })
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8'))
      expect(card.synthetic.rows).toBe(2000)
      expect(card.real.sha256).toBe(
        createHash('sha256')
          .update(readFileSync(dataPath(name)))
          .digest('hex'),
      )
      // The copula keeps values inside the real ranges and categories (enforceMinMax): validity is high.
      expect(card.diagnostic.dataValidity).toBeGreaterThan(0.9)
      expect(card.quality.score).toBeGreaterThan(0.5)
      // the demo runs the privacy attacks against its held-out fifth
      expect(card.privacy.attacks.maxMiaAuc).toBeGreaterThan(0)
    }, 240_000) // a whole demo in a child process (adult: 48k rows, with the attacks) while other packages test in parallel
  }
})
