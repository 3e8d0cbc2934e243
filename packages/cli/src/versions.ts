import { createRequire } from 'node:module'
import { dirname } from 'node:path'

const requireHere = createRequire(import.meta.url)

// The built CLI bundles synthkit's packages (tsup.config.ts defines this as their versions at build time); from
// source (tests) they are looked up in node_modules.
declare const __SYNTHKIT_BUNDLED_VERSIONS__: Readonly<Record<string, string>> | undefined
const bundledVersions: Readonly<Record<string, string>> =
  typeof __SYNTHKIT_BUNDLED_VERSIONS__ === 'undefined' ? {} : __SYNTHKIT_BUNDLED_VERSIONS__

/** The version of an installed package, or undefined when it is not installed (optional generators). */
export function packageVersion(name: string): string | undefined {
  if (bundledVersions[name] !== undefined) return bundledVersions[name]
  try {
    return (requireHere(`${name}/package.json`) as { version: string }).version
  } catch {
    return undefined
  }
}

/** The folder of this package (found by self-reference, so it works from src/, dist/ and any bundle chunk). */
export function packageRoot(): string {
  return dirname(requireHere.resolve('@synthkit/cli/package.json'))
}

/** This CLI's own version. */
export function cliVersion(): string {
  return (requireHere('@synthkit/cli/package.json') as { version: string }).version
}

/** Versions of synthkit's packages that a run used (the CLI, core, metrics and every registered sampler). */
export function synthkitVersions(registry?: {
  readonly synthesizers: readonly { readonly packageName: string; readonly version: string }[]
}): Record<string, string> {
  const out: Record<string, string> = { synthkit: cliVersion(), node: process.versions.node }
  for (const name of ['@synthkit/core', '@synthkit/metrics']) {
    const v = packageVersion(name)
    if (v !== undefined) out[name] = v
  }
  for (const s of registry?.synthesizers ?? []) out[s.packageName] = s.version
  return out
}
