import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { defineConfig } from 'tsup'

const require = createRequire(import.meta.url)

// Versions of the synthkit packages bundled into the CLI, recorded in the lineage of every model and card.
const bundledVersions = Object.fromEntries(
  ['core', 'copula', 'metrics', 'datasets', 'bayesnet', 'privacy', 'rules', 'dp', 'engine'].map((dir) => {
    const pkg = JSON.parse(readFileSync(`../${dir}/package.json`, 'utf8')) as { name: string; version: string }
    return [pkg.name, pkg.version]
  }),
)
const define = { __SYNTHKIT_BUNDLED_VERSIONS__: JSON.stringify(bundledVersions) }

/** Copies the chart libraries' browser bundles and licences into dist/vendor (read by chart-bundles.ts). */
function copyChartBundles(): void {
  mkdirSync('dist/vendor', { recursive: true })
  for (const [pkg, file] of [
    ['vega', 'vega.min.js'],
    ['vega-lite', 'vega-lite.min.js'],
    ['vega-embed', 'vega-embed.min.js'],
  ]) {
    const build = dirname(require.resolve(pkg))
    copyFileSync(join(build, file), join('dist/vendor', file))
    copyFileSync(join(build, '..', 'LICENSE'), join('dist/vendor', `${pkg}.LICENSE`))
  }
}

// Everything is bundled (all dependencies are devDependencies): a global install is the CLI alone (≈ 10 MB instead
// of 109 MB). @synthkit/core, copula, metrics, fp-ts and io-ts are optional peers for the types of the library entry.

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    // No source maps: they would mostly map the bundled third-party code (2 MB).
    sourcemap: false,
    clean: true,
    // import.meta.url (package.json and the chart bundles are found relative to the module) in the CJS build too.
    shims: true,
    target: 'es2022',
    platform: 'node',
    noExternal: [/^(?!@duckdb\/|pg$|pg\/)/],
    // optional peers loaded with a dynamic import by @synthkit/engine (a typed error names them when absent): DuckDB
    // (native) and pg (`fit --engine postgres` only: a user without a server installs nothing)
    external: ['@duckdb/node-api', 'pg'],
    define,
    onSuccess: async () => copyChartBundles(),
    // Bundled CommonJS dependencies call require(); give the ESM build one (the CJS build has its own).
    banner: ({ format }) =>
      format === 'esm'
        ? {
            js: "import { createRequire as __synthkitCreateRequire } from 'node:module';\nconst require = __synthkitCreateRequire(import.meta.url);",
          }
        : {},
  },
  {
    // The executable: one ESM file with its dependencies bundled in. Loading @synthkit/core's dependency graph
    // file by file costs ~0.6 s per start; bundled, the CLI starts in ~0.15 s. Of @synthkit/datasets esbuild keeps
    // only the datasets the code names (telco_churn: 125 KB; `getDataset(name)` would keep all six, 2.7 MB).
    // sample-worker.js: the worker thread of `sample --workers` (started from bin.js and from the library entry).
    entry: { bin: 'src/bin.ts', 'sample-worker': 'src/synthesizers/sample-worker.ts' },
    format: ['esm'],
    // each file self-contained (no shared chunk to load at start-up)
    splitting: false,
    platform: 'node',
    sourcemap: false,
    target: 'es2022',
    noExternal: [/^(?!@duckdb\/|pg$|pg\/)/],
    // optional peers loaded with a dynamic import by @synthkit/engine (a typed error names them when absent): DuckDB
    // (native) and pg (`fit --engine postgres` only: a user without a server installs nothing)
    external: ['@duckdb/node-api', 'pg'],
    define,
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __synthkitCreateRequire } from 'node:module';\nconst require = __synthkitCreateRequire(import.meta.url);",
    },
  },
])
