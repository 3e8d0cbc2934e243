// Size of a browser bundle that uses only `fitCopula` and `sampleCopula` (no expression constraints): esbuild,
// platform browser, minified, from the built package as an application would import it. Target (issue 13):
// below 250 KB minified. Prints the total and the largest contributors; never asserts.
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const cwd = fileURLToPath(new URL('..', import.meta.url))
const result = await build({
  stdin: { contents: "export { fitCopula, sampleCopula } from '@synthkit/copula'", resolveDir: cwd, loader: 'js' },
  bundle: true,
  minify: true,
  platform: 'browser',
  format: 'esm',
  write: false,
  metafile: true,
  logLevel: 'silent',
})
const out = result.outputFiles[0].contents
const inputs = Object.values(result.metafile.outputs)[0].inputs
const byPackage = new Map<string, number>()
for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
  const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path)
  // workspace packages appear by path: dist/… is this package, ../core/dist/… a sibling
  const name = m ? m[1] : path.startsWith('dist/') ? '@synthkit/copula' : `@synthkit/${path.replace(/^(?:\.\.\/)+/, '').split('/')[0]}`
  byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput)
}
const kb = (n: number) => (n / 1024).toFixed(1)
console.log(`fitCopula + sampleCopula, browser bundle (esbuild, minified): ${kb(out.length)} KB, ${kb(gzipSync(out).length)} KB gzipped`)
console.log('')
console.log('| from | KB minified |')
console.log('|---|---|')
for (const [name, bytes] of [...byPackage]
  .filter(([, b]) => b > 0)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 12))
  console.log(`| ${name} | ${kb(bytes)} |`)
