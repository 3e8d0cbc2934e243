import { type Table, createRng, createTable, isSynthkitError } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { MAX_BAYESNET_COLUMNS, bayesnetSynthesizer, fitBayesNet, fitBayesNetAsync, fitPrivBayes, fitPrivBayesAsync } from '../src/index'
import { loadTable } from './helpers'
import { declaredPublic } from './public-schema'

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

describe('the cooperative Bayesian network fits', () => {
  const real = loadTable('telco_churn', 2000)

  it('bayesnet: the same model as the synchronous fit for the same seed, through every phase', async () => {
    const phases = new Set<string>()
    const model = await fitBayesNetAsync(real, {}, { rng: createRng(5) }, { progress: (e) => phases.add(e.phase) })
    expect(model).toEqual(fitBayesNet(real, {}, { rng: createRng(5) }))
    expect([...phases]).toEqual(['columns', 'mutual information', 'structure', 'conditional tables'])
  })

  it('privbayes: the same model as the synchronous fit for the same seeds', async () => {
    const pub = declaredPublic(real)
    const privacy = () => ({ epsilon: 1, noise: createRng(9) })
    const model = await fitPrivBayesAsync(pub.table, { nullable: pub.nullable }, privacy(), { rng: createRng(5) })
    expect(model).toEqual(fitPrivBayes(pub.table, { nullable: pub.nullable }, privacy(), { rng: createRng(5) }))
  })

  it('stops with CANCELLED when a timer aborts the signal during the structure search', async () => {
    const controller = new AbortController()
    const phases: string[] = []
    setTimeout(() => controller.abort(), 0)
    const error = await caught(
      fitBayesNetAsync(
        wideTable(200, 150),
        {},
        {},
        { signal: controller.signal, progress: (e) => phases.push(e.phase), workPerYield: 1 << 10 },
      ),
    )
    expect(isSynthkitError(error) && error.code).toBe('CANCELLED')
    expect(phases.length).toBeGreaterThan(0)
  })

  it('the adapter is cooperative when given a signal', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await caught(
      Promise.resolve(bayesnetSynthesizer.fit({ kind: 'table', table: real }, {}, { rng: createRng(1), signal: controller.signal })),
    )
    expect(isSynthkitError(error) && error.code).toBe('CANCELLED')
  })

  it(`refuses more than ${MAX_BAYESNET_COLUMNS} learned columns up front`, () => {
    let error: unknown
    try {
      fitBayesNet(wideTable(5, MAX_BAYESNET_COLUMNS + 1))
    } catch (e) {
      error = e
    }
    expect(isSynthkitError(error) && error.code).toBe('UNSUPPORTED')
    expect((error as Error).message).toContain(
      `A Bayesian network fits at most ${MAX_BAYESNET_COLUMNS} learned columns; this table has ${MAX_BAYESNET_COLUMNS + 1}`,
    )
  })
})
