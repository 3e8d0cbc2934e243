// Ctrl-C and SIGTERM during long work, through the built bin in a child process (signals need a real process).
import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dataPath } from '../../../testing/data'
import { BIN, runCli, tempDir } from './helpers'

const { dir, cleanup } = tempDir('synthkit-interrupt-')
afterAll(cleanup)

/** 20 rows × `columns` numbers: a Bayesian network structure search on it runs for tens of seconds (∝ columns²). */
function wideCsv(columns: number): string {
  const path = join(dir, `wide-${columns}.csv`)
  let state = 1
  const next = () => {
    state = (state * 16807) % 2147483647
    return ((state / 2147483647) * 100).toFixed(2)
  }
  const header = Array.from({ length: columns }, (_, j) => `c${j}`).join(',')
  const rows = Array.from({ length: 20 }, () => Array.from({ length: columns }, next).join(','))
  writeFileSync(path, `${header}\n${rows.join('\n')}\n`)
  return path
}

interface Stopped {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stderr: string
  /** Milliseconds from the signal to the exit. */
  readonly stopMs: number
}

/** Starts the bin, sends `signal` after `afterMs`, and resolves when it exits (or rejects after `limitMs`). */
function interrupt(args: readonly string[], signal: NodeJS.Signals, afterMs: number, limitMs = 60_000): Promise<Stopped> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (d) => (stderr += String(d)))
    let sentAt = 0
    const send = setTimeout(() => {
      sentAt = performance.now()
      child.kill(signal)
    }, afterMs)
    const limit = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`still running ${limitMs} ms after start; stderr: ${stderr}`))
    }, limitMs)
    child.on('exit', (code, sig) => {
      clearTimeout(send)
      clearTimeout(limit)
      resolve({ code, signal: sig, stderr, stopMs: sentAt === 0 ? -1 : performance.now() - sentAt })
    })
  })
}

/** Files in the temp folder other than the inputs: the outputs and any temp file left behind. */
function leftovers(): string[] {
  return readdirSync(dir).filter((f) => !f.startsWith('wide-') && !f.endsWith('.model.json'))
}

describe('stopping long work', () => {
  it('SIGINT during a long fit stops it within a few seconds: exit 130, no model file, no temp file', async () => {
    const data = wideCsv(900)
    const out = join(dir, 'fit.json')
    const r = await interrupt(['fit', '--data', data, '--method', 'bayesnet', '--seed', '1', '--out', out], 'SIGINT', 4000)
    expect(r.signal).toBeNull()
    expect(r.code).toBe(130)
    // stopped by the fit's own check (the cooperative path), not by the grace-period fallback
    expect(r.stderr).toMatch(/was cancelled.*no output file was left half-written \[CANCELLED\]/)
    expect(r.stopMs).toBeGreaterThan(0)
    expect(r.stopMs).toBeLessThan(5000)
    expect(leftovers()).toEqual([])
  }, 90_000)

  it('SIGTERM stops it the same way, with exit 143', async () => {
    const data = wideCsv(900)
    const out = join(dir, 'term.json')
    const r = await interrupt(['fit', '--data', data, '--method', 'bayesnet', '--seed', '1', '--out', out], 'SIGTERM', 4000)
    expect(r.code).toBe(143)
    expect(r.stderr).toMatch(/terminated, stopping/)
    expect(leftovers()).toEqual([])
  }, 90_000)

  it('SIGINT while sampling millions of rows leaves neither the output nor its temp file', async () => {
    const model = join(dir, 'telco.model.json')
    const fit = runCli(['fit', '--data', dataPath('telco_churn'), '--seed', '1', '--out', model])
    expect(fit.code, fit.stderr).toBe(0)
    const out = join(dir, 'big.csv')
    const r = await interrupt(['sample', '--model', model, '--rows', '50000000', '--seed', '2', '--out', out], 'SIGINT', 4000)
    expect(r.code).toBe(130)
    expect(r.stderr).toMatch(/cancelled/)
    expect(leftovers()).toEqual([])
  }, 120_000)
})
