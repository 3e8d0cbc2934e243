// Checks a package's built dist/ in plain Node (ESM import and CJS require), outside vitest's resolver.
import { execFileSync } from 'node:child_process'

/** Imports and requires `pkg` from `cwd` in fresh Node processes and returns the export names each saw. */
export function distExports(pkg: string, cwd: string): { esm: string[]; cjs: string[] } {
  const esm = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pkg)}); console.log(JSON.stringify(Object.keys(m).sort()))`],
    { cwd, encoding: 'utf8' },
  )
  const cjs = execFileSync(
    process.execPath,
    ['-e', `const m = require(${JSON.stringify(pkg)}); console.log(JSON.stringify(Object.keys(m).sort()))`],
    { cwd, encoding: 'utf8' },
  )
  return { esm: JSON.parse(esm), cjs: JSON.parse(cjs) }
}
