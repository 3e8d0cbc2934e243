import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../versions'

/** The browser builds of vega, vega-lite and vega-embed, in load order (vega-embed expects the other two as globals). */
const BUNDLES: readonly (readonly [pkg: string, file: string])[] = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
]

let cached: string[] | undefined

/**
 * The minified browser bundles of the chart libraries, so that the HTML report carries them inline and opens
 * without network. The build copies them (with their licences) from the packages' build/ folders into dist/vendor,
 * so the installed CLI needs no chart package (tsup.config.ts).
 */
export function chartBundles(): readonly string[] {
  if (cached) return cached
  cached = BUNDLES.map(([, file]) => readFileSync(join(packageRoot(), 'dist', 'vendor', file), 'utf8'))
  return cached
}
