import { defineConfig } from 'tsup'

export default defineConfig({
  // '@synthkit/core/expression' registers the mathjs parser; the main entry does not load mathjs.
  entry: { index: 'src/index.ts', expression: 'src/expression-parser.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
})
