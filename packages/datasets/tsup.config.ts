import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  // No source maps: they would repeat the embedded base64 strings and double the package.
  sourcemap: false,
  clean: true,
  target: 'es2022',
})
