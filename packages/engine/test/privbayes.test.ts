import { type PrivBayesOptions, fitPrivBayes } from '@synthkit/bayesnet'
import { type RandomSource, createRng, secureRng } from '@synthkit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DatasetName, dataPath } from '../../../testing/data'
import { type SqlEngine, duckDbFileRelation, fitPrivBayesSql, openDuckDb } from '../src/index'
import { publicTable } from './privbayes-public'

let engine: SqlEngine
beforeAll(async () => {
  engine = await openDuckDb({ memoryLimit: '512MB', threads: 2 })
})
afterAll(async () => {
  await engine?.close()
})

/** An engine whose `nth` GROUP BY result (counting from 0; −1: the last one run) has one count raised by one. */
function perturbed(inner: SqlEngine, nth: number, total: number): SqlEngine {
  let seen = 0
  const at = nth < 0 ? total + nth : nth
  return {
    ...inner,
    async query(sql) {
      const rows = await inner.query(sql)
      if (!/GROUP BY/.test(sql)) return rows
      if (seen++ !== at || rows.length === 0) return rows
      return rows.map((r, i) => (i === 0 ? { ...r, n: Number(r.n) + 1 } : r))
    },
  }
}

/** Counts the GROUP BY queries a fit runs. */
function counting(inner: SqlEngine): SqlEngine & { groupBys: number } {
  const out = {
    ...inner,
    groupBys: 0,
    async query(sql: string) {
      if (/GROUP BY/.test(sql)) out.groupBys++
      return inner.query(sql)
    },
  }
  return out
}

/** A seeded, unsafe noise stream that skips its first `skip` words (a stream one draw off). */
function offset(seed: number, skip: number): RandomSource {
  const rng = createRng(seed)
  for (let i = 0; i < skip; i++) rng.nextUint32()
  return rng
}

// declared bounds: the whole ε on structure and tables; learned bounds: the noisy octave histograms first
const CASES = (['penguins', 'seattle_weather', 'telco_churn'] as const).flatMap((name) => [
  [name, true, 1, {}],
  [name, false, 2, { degree: 2 }],
]) as [DatasetName, boolean, number, PrivBayesOptions][]

describe('PrivBayes through DuckDB', () => {
  it.each(CASES)(
    'gives the in-memory model on %s (declared bounds: %s, ε = %d, %j) for the same noise stream',
    {
      timeout: 60_000,
    },
    async (name, bounds, epsilon, extra) => {
      const { table, nullable } = publicTable(name, bounds)
      const options = { ...extra, nullable }
      const memory = fitPrivBayes(table, options, { epsilon, noise: createRng(11) }, { rng: createRng(3) })
      const { model } = await fitPrivBayesSql(
        engine,
        duckDbFileRelation(dataPath(name)),
        { ...options, schema: table.schema, rng: createRng(3) },
        { epsilon, noise: createRng(11) },
      )
      expect(model.nodes.map((n) => [n.column, n.parents])).toEqual(memory.nodes.map((n) => [n.column, n.parents]))
      expect(model).toEqual(memory)
      // the ledger is the in-memory one (the toEqual above) and spends exactly ε
      const spent = model.privacy.kind === 'differential-privacy' ? model.privacy.ledger.reduce((a, e) => a + e.epsilon, 0) : 0
      expect(spent).toBeCloseTo(epsilon, 12)
    },
  )

  describe('the equality fails on a broken variant (penguins, learned bounds)', () => {
    const { table, nullable } = publicTable('penguins', false)
    const relation = duckDbFileRelation(dataPath('penguins'))
    const options = { nullable, schema: table.schema }
    const memory = () => fitPrivBayes(table, { nullable }, { epsilon: 2, noise: createRng(11) }, { rng: createRng(3) })

    it('one exact count of the noisy tables raised by one', async () => {
      const probe = counting(engine)
      await fitPrivBayesSql(probe, relation, { ...options, rng: createRng(3) }, { epsilon: 2, noise: createRng(11) })
      const reference = memory()
      for (const nth of [-1]) {
        const { model } = await fitPrivBayesSql(
          perturbed(engine, nth, probe.groupBys),
          relation,
          { ...options, rng: createRng(3) },
          {
            epsilon: 2,
            noise: createRng(11),
          },
        )
        expect(model).not.toEqual(reference)
      }
    })

    it('a noise stream one word off, a different root stream, noise at the wrong scale', async () => {
      const reference = memory()
      const fit = (noise: RandomSource, seed: number, divisor?: number) =>
        fitPrivBayesSql(
          engine,
          relation,
          { ...options, rng: createRng(seed), ...(divisor ? { unsafeTestOnlyNoiseDivisor: divisor } : {}) },
          { epsilon: 2, noise },
        )
      expect((await fit(createRng(11), 3)).model).toEqual(reference)
      expect((await fit(offset(11, 1), 3)).model).not.toEqual(reference)
      expect((await fit(createRng(11), 4)).model.parameters.root).not.toEqual(reference.parameters.root)
      expect((await fit(createRng(11), 3, 2)).model).not.toEqual(reference)
    })
  })

  it('codes small integer ranges by exact values as in memory (adult, first 5,000 rows, 16 bins: education_num)', async () => {
    const { table, nullable } = publicTable('adult', true, 5000)
    const options = { nullable, bins: 16, degree: 2 }
    const memory = fitPrivBayes(table, options, { epsilon: 1, noise: createRng(5) }, { rng: createRng(8) })
    expect(memory.nodes.some((n) => n.states.type === 'values')).toBe(true)
    const relation = `(SELECT * FROM ${duckDbFileRelation(dataPath('adult'))} LIMIT 5000)`
    const { model } = await fitPrivBayesSql(
      engine,
      relation,
      { ...options, schema: table.schema, rng: createRng(8) },
      { epsilon: 1, noise: createRng(5) },
    )
    expect(model).toEqual(memory)
  })

  it('draws secure noise by default-grade sources and says the model is fit for release', async () => {
    const { table, nullable } = publicTable('penguins', true)
    const { model } = await fitPrivBayesSql(
      engine,
      duckDbFileRelation(dataPath('penguins')),
      { nullable, schema: table.schema },
      { epsilon: 1, noise: secureRng() },
    )
    expect(model.privacy).toMatchObject({ kind: 'differential-privacy', epsilon: 1, delta: 0, fitForRelease: true })
  })

  it('stops before any release on a value outside the declared categories or a missing value without a state', async () => {
    const { table, nullable } = publicTable('penguins', true)
    const schema = {
      ...table.schema,
      columns: table.schema.columns.map((c) => (c.kind === 'categorical' && c.name === 'Island' ? { ...c, categories: ['Biscoe'] } : c)),
    }
    const relation = duckDbFileRelation(dataPath('penguins'))
    await expect(fitPrivBayesSql(engine, relation, { nullable, schema }, { epsilon: 1, noise: createRng(1) })).rejects.toMatchObject({
      code: 'DATA_INVALID',
      issues: [expect.objectContaining({ path: 'Island' })],
    })
    const strict = nullable.filter((c) => c !== 'Beak Length (mm)')
    await expect(
      fitPrivBayesSql(engine, relation, { nullable: strict, schema: table.schema }, { epsilon: 1, noise: createRng(1) }),
    ).rejects.toMatchObject({ code: 'DATA_INVALID', issues: [expect.objectContaining({ path: 'Beak Length (mm)' })] })
    // the in-memory fit refuses the same data
    expect(() => fitPrivBayes(table, { nullable: strict }, { epsilon: 1, noise: createRng(1) })).toThrow(/missing values/)
  })
})
