import { describe, expect, it } from 'vitest'
import { type WorkSteps, isSynthkitError, runWorkSteps, runWorkStepsAsync } from '../src/index'

/** A computation of `n` steps summing 0..n−1; `finished` records whether its `finally` ran. */
function* counting(n: number, work: number, state: { steps: number; finished: boolean }): WorkSteps<number> {
  let sum = 0
  try {
    for (let i = 0; i < n; i++) {
      sum += i
      state.steps++
      yield { phase: 'count', done: i + 1, total: n, work }
    }
  } finally {
    state.finished = true
  }
  return sum
}

describe('cooperative computations', () => {
  it('give the same result run at once or cooperatively, and report every step', async () => {
    const seen: number[] = []
    const sync = runWorkSteps(counting(500, 10, { steps: 0, finished: false }))
    const async = await runWorkStepsAsync(counting(500, 10, { steps: 0, finished: false }), { progress: (e) => seen.push(e.done) })
    expect(async).toBe(sync)
    expect(sync).toBe((499 * 500) / 2)
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i + 1))
  })

  it('hand the event loop back, so a timer (like a signal handler) can cancel them midway', async () => {
    const controller = new AbortController()
    // Fires only if the computation gives the loop a macrotask turn: a microtask-only driver would finish first.
    setTimeout(() => controller.abort(), 0)
    const state = { steps: 0, finished: false }
    let error: unknown
    try {
      await runWorkStepsAsync(counting(100_000, 1 << 20, state), { signal: controller.signal, what: 'The count' })
    } catch (e) {
      error = e
    }
    expect(isSynthkitError(error) && error.code).toBe('CANCELLED')
    expect((error as Error).message).toMatch(/^The count was cancelled in phase "count"/)
    expect(state.steps).toBeLessThan(100_000)
    // the generator was closed: its clean-up ran
    expect(state.finished).toBe(true)
  })

  it('do not start when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const state = { steps: 0, finished: false }
    await expect(runWorkStepsAsync(counting(10, 1, state), { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(state.steps).toBe(0)
  })

  it('yield to the loop only every workPerYield units (few timers on many small steps)', async () => {
    let turns = 0
    const controller = new AbortController()
    const timer = setInterval(() => turns++, 0)
    await runWorkStepsAsync(counting(1000, 1, { steps: 0, finished: false }), { workPerYield: 1 << 30, signal: controller.signal })
    clearInterval(timer)
    expect(turns).toBe(0)
  })
})
