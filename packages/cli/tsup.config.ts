import { defineConfig } from 'tsup'

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    // import.meta.url (package.json and the chart bundles are found relative to the module) in the CJS build too.
    shims: true,
    target: 'es2022',
  },
  {
    // The executable: one ESM file with its dependencies bundled in. Loading @synthkit/core's dependency graph
    // (mathjs: hundreds of modules) file by file costs ~0.6 s per start; bundled, the CLI starts in ~0.15 s.
    // The chart libraries are not imported but read as files from node_modules (chart-bundles.ts).
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    platform: 'node',
    sourcemap: false,
    target: 'es2022',
    noExternal: [/.*/],
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __synthkitCreateRequire } from 'node:module';\nconst require = __synthkitCreateRequire(import.meta.url);" },
  },
])
