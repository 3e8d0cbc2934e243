// Runs the first ```ts block of a package README as a test: the example users copy must keep working.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Extracts the first ```ts code block of a README. */
export function readmeExample(readmePath: string): string {
  const text = readFileSync(readmePath, 'utf8')
  const m = /```ts\n([\s\S]*?)```/.exec(text)
  if (!m) throw new Error(`no \`\`\`ts example in ${readmePath}`)
  return m[1]
}

/**
 * Writes the README example of the package in `packageDir` to a temporary module, imports it, and returns what it
 * printed with console.log (one string per call). Imports of @synthkit/* resolve through vitest's aliases.
 */
export async function runReadmeExample(packageDir: string): Promise<string[]> {
  const code = readmeExample(join(packageDir, 'README.md'))
  const dir = join(packageDir, 'test', '.readme')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `example-${process.pid}-${Date.now()}.ts`)
  writeFileSync(file, code)
  const printed: string[] = []
  const original = console.log
  console.log = (...args: unknown[]) => {
    printed.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '))
  }
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href)
  } finally {
    console.log = original
  }
  return printed
}
