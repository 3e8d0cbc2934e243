import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPrivacyBudget, isDpError, laplaceMechanism, unsafeSeededForTesting, type RandomSource } from '@synthkit/dp'

describe('PrivacyBudget', () => {
  it('never goes below zero under any sequence of charges, and refused charges change nothing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.array(fc.record({ epsilon: fc.double({ min: 0, max: 5, noNaN: true }), delta: fc.double({ min: 0, max: 0.3, noNaN: true }) }), {
          maxLength: 40,
        }),
        (epsilon, delta, charges) => {
          const budget = createPrivacyBudget({ epsilon, delta, clock: () => 0 })
          let accepted = 0
          for (const cost of charges) {
            const before = budget.remaining()
            try {
              budget.charge({ what: 'q', mechanism: 'm', parameters: {}, cost })
              accepted++
            } catch (e) {
              if (!isDpError(e) || e.code !== 'PRIVACY_BUDGET_EXCEEDED') throw e
              expect(budget.remaining()).toEqual(before)
            }
            const left = budget.remaining() as { epsilon: number; delta: number }
            expect(left.epsilon).toBeGreaterThanOrEqual(0)
            expect(left.delta).toBeGreaterThanOrEqual(0)
          }
          expect(budget.ledger()).toHaveLength(accepted)
        },
      ),
      { numRuns: 300, seed: 42 },
    )
  })

  it('what is spent equals the sum of the ledger, and spent + remaining equals the total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 30 }), (thousandths) => {
        // Costs that are multiples of 2^−10 sum exactly in doubles too, so the comparison is exact.
        const budget = createPrivacyBudget({ epsilon: 64 })
        for (const t of thousandths) {
          const cost = { epsilon: t / 1024, delta: 0 }
          if (budget.canAfford(cost)) budget.charge({ what: 'q', mechanism: 'm', parameters: {}, cost })
        }
        const fromLedger = budget.ledger().reduce((s, e) => s + (e.cost as { epsilon: number }).epsilon, 0)
        const spent = (budget.spent() as { epsilon: number }).epsilon
        expect(spent).toBe(fromLedger)
        expect(spent + (budget.remaining() as { epsilon: number }).epsilon).toBe(64)
      }),
      { numRuns: 200, seed: 43 },
    )
  })

  it('sums exactly: ten charges of 0.1 fit in a budget of 1 with nothing left', () => {
    // 0.1 is not a double; ten float additions give 0.9999999999999999. Exact dyadic sums: each charge is the
    // double nearest 0.1 (slightly above 0.1), so the tenth must be refused if it would pass 1 exactly.
    const budget = createPrivacyBudget({ epsilon: 1 })
    let ok = 0
    for (let i = 0; i < 10; i++) {
      if (budget.canAfford({ epsilon: 0.1, delta: 0 })) {
        budget.charge({ what: 'q', mechanism: 'm', parameters: {}, cost: { epsilon: 0.1, delta: 0 } })
        ok++
      }
    }
    // 10 × double(0.1) = 1 + 5.55e−17 > 1 exactly: only nine fit.
    expect(ok).toBe(9)
    expect((budget.remaining() as { epsilon: number }).epsilon).toBeGreaterThan(0.0999)
  })

  it('a mechanism refused for budget releases nothing and draws no randomness', () => {
    const budget = createPrivacyBudget({ epsilon: 1 })
    let draws = 0
    const inner = unsafeSeededForTesting(1)
    const counting: RandomSource = { kind: 'seeded', nextUint32: () => (draws++, inner.nextUint32()) }
    laplaceMechanism(3, { epsilon: 0.75, sensitivity: 1, budget, rng: counting, what: 'first' })
    const drawsAfterFirst = draws
    expect(() => laplaceMechanism(3, { epsilon: 0.5, sensitivity: 1, budget, rng: counting, what: 'second' })).toThrow(
      /privacy budget exceeded/,
    )
    expect(draws).toBe(drawsAfterFirst)
    expect(budget.ledger().map((e) => e.what)).toEqual(['first'])
  })

  it('keeps a ledger of what, by which mechanism, with which parameters, and when (from the injected clock)', () => {
    let now = 1000
    const budget = createPrivacyBudget({ epsilon: 2, delta: 1e-6, clock: () => now++ })
    laplaceMechanism(1, { epsilon: 0.5, sensitivity: 2, budget, rng: unsafeSeededForTesting(2), what: 'mean income' })
    const [entry] = budget.ledger()
    expect(entry.what).toBe('mean income')
    expect(entry.mechanism).toBe('Laplace (grid)')
    expect(entry.parameters.epsilon).toBe(0.5)
    expect(entry.parameters.sensitivity).toBe(2)
    expect(entry.cost).toEqual({ epsilon: 0.5, delta: 0 })
    expect(entry.at).toBe(1000)
    expect(budget.spent()).toEqual({ epsilon: 0.5, delta: 0 })
  })

  it('a zCDP budget charges pure ε-DP releases ρ = ε²/2 and refuses approximate ones', () => {
    const budget = createPrivacyBudget({ rho: 0.5, accounting: 'zcdp' })
    budget.charge({ what: 'q', mechanism: 'm', parameters: {}, cost: { epsilon: 0.5, delta: 0 } })
    expect(budget.spent()).toEqual({ rho: 0.125 })
    expect(() => budget.charge({ what: 'q', mechanism: 'm', parameters: {}, cost: { epsilon: 0.5, delta: 1e-6 } })).toThrow(/zCDP budget/)
    expect(() => budget.charge({ what: 'q', mechanism: 'm', parameters: {}, cost: { rho: 0.4 } })).toThrow(/exceeded/)
  })
})

describe('a budget persisted across sessions', () => {
  it('replays a saved ledger with its timestamps, leaving exactly what was left', () => {
    const first = createPrivacyBudget({ epsilon: 1, clock: () => 111 })
    laplaceMechanism(1, { epsilon: 0.25, sensitivity: 1, budget: first, rng: unsafeSeededForTesting(5), what: 'a' })
    laplaceMechanism(1, { epsilon: 0.5, sensitivity: 1, budget: first, rng: unsafeSeededForTesting(6), what: 'b' })
    const saved = JSON.parse(JSON.stringify(first.ledger()))
    const second = createPrivacyBudget({ epsilon: 1, history: saved, clock: () => 222 })
    expect(second.remaining()).toEqual({ epsilon: 0.25, delta: 0 })
    expect(second.ledger().map((e) => [e.what, e.at])).toEqual([
      ['a', 111],
      ['b', 111],
    ])
    expect(() => laplaceMechanism(1, { epsilon: 0.5, sensitivity: 1, budget: second })).toThrow(/exceeded/)
    expect(() => createPrivacyBudget({ epsilon: 0.5, history: saved })).toThrow(/exceeded/)
  })
})
