// Test helpers: a temp folder per test file, and running the built `synthkit` bin in a child process.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))
export const BIN = join(PACKAGE_DIR, 'dist', 'bin.js')

/** A fresh temp folder; remove it with the returned function. */
export function tempDir(prefix = 'synthkit-cli-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `node dist/bin.js …args` (build first: turbo's test task does) with no TTY, like CI. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number; env?: Readonly<Record<string, string>> } = {},
): CliRun {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm --filter @synthkit/cli build\` first`)
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, CI: '1', ...options.env },
  })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

/** The non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '')
}

/**
 * Runs the CLI in this process through `main` with captured output: the same code path as the bin without the
 * ~1 s of process start-up, for the many bad-input variants (each kind is also covered once through the bin).
 */
export async function runMain(args: readonly string[], registry?: import('../src/index').SynthesizerRegistry): Promise<CliRun> {
  const { main } = await import('../src/index')
  const out: string[] = []
  const err: string[] = []
  const code = await main(
    ['node', 'synthkit', ...args],
    { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false, now: () => new Date('2026-01-01T00:00:00Z') },
    registry,
  )
  return { code, stdout: out.map((l) => `${l}\n`).join(''), stderr: err.map((l) => `${l}\n`).join('') }
}
