// Registers the expression parser, as a program's `import '@synthkit/core/expression'` does (not a global setup:
// loading mathjs costs about a second per test file).
import '../src/expression-parser'
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { compileExpression, fromColumns, hasExpressionParser, isSynthkitError, parseTableSchema } from '../src/index'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const schema = parseTableSchema({ columns: [{ name: 'a', kind: 'numerical', type: 'float' }] })
const KEY = Symbol.for('synthkit.expressionParser')

describe("the expression parser entry '@synthkit/core/expression'", () => {
  it('is registered by importing it and compiles expressions', () => {
    expect(hasExpressionParser()).toBe(true)
    expect([...compileExpression('a > 1', schema).evaluate(fromColumns({ a: [0, 2] }, schema))]).toEqual([0, 1])
  })

  it('without it, compiling an expression throws a typed error that names the import', () => {
    const registry = globalThis as Record<symbol, unknown>
    const saved = registry[KEY]
    delete registry[KEY]
    try {
      expect(hasExpressionParser()).toBe(false)
      let error: unknown
      try {
        compileExpression('a > 1', schema)
      } catch (e) {
        error = e
      }
      expect(isSynthkitError(error) && error.code).toBe('UNSUPPORTED')
      expect((error as Error).message).toContain("import '@synthkit/core/expression'")
    } finally {
      registry[KEY] = saved
    }
  })

  it('the built main entry does not load mathjs; the expression entry does and registers the parser (ESM and CJS)', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs'])
      expect(readFileSync(`${packageDir}${file}`, 'utf8')).not.toMatch(/from ['"]mathjs['"]|require\(['"]mathjs['"]\)/)
    const script = (load: string) =>
      `${load}; const s = core.parseTableSchema({ columns: [{ name: 'a', kind: 'numerical', type: 'float' }] }); const before = core.hasExpressionParser(); ${load.replace('core', 'parser').replace("'@synthkit/core'", "'@synthkit/core/expression'")}; console.log(JSON.stringify([before, core.hasExpressionParser(), Array.from(core.compileExpression('a * 2 > 1', s).evaluate(core.fromColumns({ a: [0, 1] }, s)))]))`
    const cjs = execFileSync(process.execPath, ['-e', script("const core = require('@synthkit/core')")], {
      cwd: packageDir,
      encoding: 'utf8',
    })
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', script("const core = await import('@synthkit/core')")], {
      cwd: packageDir,
      encoding: 'utf8',
    })
    expect(JSON.parse(cjs)).toEqual([false, true, [0, 1]])
    expect(JSON.parse(esm)).toEqual([false, true, [0, 1]])
  })
})
