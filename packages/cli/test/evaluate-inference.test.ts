import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runMain, tempDir } from './helpers'

const { dir, cleanup } = tempDir('synthkit-eval-inference-')
afterAll(cleanup)

describe('evaluate says what inference changed in the real data', () => {
  it('lists the cells read as missing, by column with their rows, as fit does', async () => {
    // "amount" is numeric with one unreadable cell (row 7) and one non-finite value (row 12)
    const rows = Array.from({ length: 60 }, (_, i) => `${i % 3 === 0 ? 'a' : 'b'},${i === 6 ? 'twelve' : i === 11 ? 'Infinity' : 10 + i}`)
    const real = join(dir, 'real.csv')
    writeFileSync(real, `kind,amount\n${rows.join('\n')}\n`)
    const synthetic = join(dir, 'synthetic.csv')
    writeFileSync(synthetic, `kind,amount\n${rows.filter((_, i) => i !== 6 && i !== 11).join('\n')}\n`)
    const fit = await runMain(['fit', '--data', real, '--seed', '1', '--out', join(dir, 'm.json')])
    const evaluated = await runMain(['evaluate', '--real', real, '--synthetic', synthetic])
    expect(evaluated.code, evaluated.stderr).toBe(0)
    const problems = (s: string) => s.split('\n').filter((l) => l.startsWith('warning: '))
    expect(problems(evaluated.stderr).length).toBeGreaterThan(0)
    expect(evaluated.stderr).toMatch(/warning: column "amount": .*\[rows [^\]]*7/)
    // the same lines as fit prints
    expect(problems(evaluated.stderr)).toEqual(problems(fit.stderr))
  }, 60_000)
})
