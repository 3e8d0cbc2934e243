import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { defineConfig } from 'tsup'

const require = createRequire(import.meta.url)

/** Copies the chart libraries' browser bundles and licences into dist/vendor (read by chart-bundles.ts). */
function copyChartBundles(): void {
  mkdirSync('dist/vendor', { recursive: true })
  for (const [pkg, file] of [['vega', 'vega.min.js'], ['vega-lite', 'vega-lite.min.js'], ['vega-embed', 'vega-embed.min.js']]) {
    const build = dirname(require.resolve(pkg))
    copyFileSync(join(build, file), join('dist/vendor', file))
    copyFileSync(join(build, '..', 'LICENSE'), join('dist/vendor', `${pkg}.LICENSE`))
  }
}

// Third-party code is bundled (it is in devDependencies); synthkit's own packages and fp-ts/io-ts stay external
// in the library entry, so an application shares one copy of them with the CLI.
const external = [/^@synthkit\//, /^fp-ts/, /^io-ts/]

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
    external,
    noExternal: [/^(?!@synthkit\/|fp-ts|io-ts)/],
    onSuccess: async () => copyChartBundles(),
    // Bundled CommonJS dependencies call require(); give the ESM build one (the CJS build has its own).
    banner: ({ format }) => (format === 'esm' ? { js: "import { createRequire as __synthkitCreateRequire } from 'node:module';\nconst require = __synthkitCreateRequire(import.meta.url);" } : {}),
  },
  {
    // The executable: one ESM file with its dependencies bundled in. Loading @synthkit/core's dependency graph
    // file by file costs ~0.6 s per start; bundled, the CLI starts in ~0.15 s. @synthkit/datasets stays external
    // (a runtime dependency, imported on demand by `demo`) so that 2.7 MB of embedded data is not parsed at every start.
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    platform: 'node',
    sourcemap: false,
    target: 'es2022',
    external: ['@synthkit/datasets'],
    noExternal: [/^(?!@synthkit\/datasets)/],
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __synthkitCreateRequire } from 'node:module';\nconst require = __synthkitCreateRequire(import.meta.url);" },
  },
])
