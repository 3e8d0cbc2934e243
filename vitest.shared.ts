// Shared vitest settings: tests import sibling packages from their source so that a change in one
// package is seen by the others without a rebuild. Built output is checked separately (test/dist.test.ts).
import { fileURLToPath } from 'node:url'
import { readdirSync, existsSync, readFileSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url))
// Sub-path entries first (an alias also matches the package name followed by '/').
const alias: Record<string, string> = { '@synthkit/core/expression': `${packagesDir}core/src/expression-parser.ts` }
for (const dir of readdirSync(packagesDir)) {
  const entry = `${packagesDir}${dir}/src/index.ts`
  if (existsSync(entry) && dir !== 'cli') alias[`@synthkit/${dir}`] = entry
}

// Tests run in the package folder: its version, as tsup's build defines it (see the package's tsup.config.ts).
const pkg = existsSync('package.json') ? (JSON.parse(readFileSync('package.json', 'utf8')) as { name?: string; version?: string }) : {}

// The expression parser (mathjs) costs about 1 s of CPU to import, and a setup file runs once per test file: only
// the packages whose tests evaluate expressions without importing it themselves load it (rules' and the CLI's
// entries import it on their own; the others never parse an expression).
const NEEDS_EXPRESSIONS = new Set(['@synthkit/rules', '@synthkit/cli'])

export const sharedConfig = defineConfig({
  resolve: { alias },
  define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version ?? '0.0.0') },
  test: {
    // Registers the expression parser that programs get from `import '@synthkit/core/expression'`.
    setupFiles: NEEDS_EXPRESSIONS.has(pkg.name ?? '') ? [`${packagesDir}core/src/expression-parser.ts`] : [],
    // Test files share one worker's module cache (vitest runs a package's files one after another in one worker on
    // this 2-core machine): with isolation, every file started a fresh child process and imported the package
    // sources, mathjs and the data loaders again (CPU per package run: rules 44 → 19 s, privacy 36 → 20 s,
    // metrics 28 → 16 s, bayesnet 31 → 21 s). The library modules keep no state a test could leak into another file
    // (their caches are keyed by value); a package whose tests mock modules turns isolation back on in its config.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
})
