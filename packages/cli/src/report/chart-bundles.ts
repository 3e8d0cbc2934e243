import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const requireHere = createRequire(import.meta.url)

/** The browser builds of vega, vega-lite and vega-embed, in load order (vega-embed expects the other two as globals). */
const BUNDLES: readonly (readonly [pkg: string, file: string])[] = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
]

let cached: string[] | undefined

/**
 * The minified browser bundles of the chart libraries, read from node_modules so that the HTML report carries
 * them inline and opens without network. Each package's entry resolves into its build/ folder, which also holds
 * the UMD bundle (the packages' export maps do not expose it by name).
 */
export function chartBundles(): readonly string[] {
  if (cached) return cached
  cached = BUNDLES.map(([pkg, file]) => {
    const entry = requireHere.resolve(pkg)
    return readFileSync(join(dirname(entry), file), 'utf8')
  })
  return cached
}
