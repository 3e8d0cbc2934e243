import { type Table, createRng, createTable, isSynthkitError } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { MAX_COPULA_DIMENSIONS, copulaSynthesizer, fitCopula, fitCopulaAsync } from '../src/index'
import { loadTable } from './helpers'

/** `rows` × `columns` of seeded uniform numbers. */
function wideTable(rows: number, columns: number): Table {
  const rng = createRng(3)
  const schema = {
    columns: Array.from({ length: columns }, (_, j) => ({ name: `c${j}`, kind: 'numerical' as const, type: 'float' as const })),
  }
  const cols = Object.fromEntries(
    schema.columns.map((c) => [c.name, { type: 'numeric' as const, values: Float64Array.from({ length: rows }, () => rng.next()) }]),
  )
  return createTable(schema, cols)
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  return undefined
}

describe('the cooperative copula fit', () => {
  const real = loadTable('telco_churn', 3000)

  it('gives exactly the synchronous model, reporting the columns and correlation phases', async () => {
    const phases = new Set<string>()
    const model = await fitCopulaAsync(real, {}, { progress: (e) => phases.add(e.phase), workPerYield: 1 << 14 })
    expect(model).toEqual(fitCopula(real))
    expect([...phases]).toEqual(expect.arrayContaining(['columns', 'correlation']))
  })

  it('stops with CANCELLED when the signal is aborted from a timer while it runs', async () => {
    const controller = new AbortController()
    let steps = 0
    // The fit must hand the loop back for this timer to run before the fit ends (a synchronous fit never lets it).
    setTimeout(() => controller.abort(), 0)
    const error = await caught(
      fitCopulaAsync(wideTable(2000, 200), {}, { signal: controller.signal, progress: () => steps++, workPerYield: 1 << 12 }),
    )
    expect(isSynthkitError(error) && error.code).toBe('CANCELLED')
    expect(steps).toBeGreaterThan(0)
  })

  it('the adapter is cooperative when given a signal: an aborted signal stops it', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await caught(
      Promise.resolve(copulaSynthesizer.fit({ kind: 'table', table: real }, {}, { rng: createRng(1), signal: controller.signal })),
    )
    expect(isSynthkitError(error) && error.code).toBe('CANCELLED')
  })

  it(`refuses a table wider than ${MAX_COPULA_DIMENSIONS} learned columns before any work, naming the limit`, async () => {
    let steps = 0
    const error = await caught(fitCopulaAsync(wideTable(20, MAX_COPULA_DIMENSIONS + 1), {}, { progress: () => steps++ }))
    expect(isSynthkitError(error) && error.code).toBe('UNSUPPORTED')
    expect((error as Error).message).toContain(`at most ${MAX_COPULA_DIMENSIONS} dimensions`)
    expect((error as Error).message).toContain(`${MAX_COPULA_DIMENSIONS + 1} learned columns`)
    expect(steps).toBe(0)
  })

  it('refuses a table whose missing-value indicators push it past the limit, after the columns', () => {
    // 130 columns, each missing on its own set of rows (the bits of j + 1) → 130 values + 130 indicators
    const t = wideTable(40, 130)
    for (const [j, c] of Object.values(t.columns).entries())
      if (c.type === 'numeric') for (let b = 0; b < 9; b++) if (((j + 1) >> b) & 1) c.values[b] = Number.NaN
    let error: unknown
    try {
      fitCopula(t)
    } catch (e) {
      error = e
    }
    expect(isSynthkitError(error) && error.code).toBe('UNSUPPORTED')
    expect((error as Error).message).toContain('this table has 260 dimensions')
  })
})
