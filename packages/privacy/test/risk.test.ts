import { describe, expect, it } from 'vitest'
import { attackOutcome, normalQuantile, wilsonRate } from '../src'
import { readReference } from './helpers'

type Risks = { risks: Record<string, { risk: number; ci: [number, number] }> }

describe("anonymeter's confidence arithmetic", () => {
  it('the normal quantile matches known values to 1e-15', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 15)
    expect(normalQuantile(0.5)).toBe(0)
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12)
    expect(normalQuantile(0.9999)).toBeCloseTo(3.719016485455709, 13)
  })

  it('the Wilson interval matches the closed form', () => {
    const z = 1.959963984540054
    const r = wilsonRate(500, 40)
    expect(r.rate).toBeCloseTo((40 + (z * z) / 2) / (500 + z * z), 14)
    expect(r.error).toBeCloseTo((z / (500 + z * z)) * Math.sqrt((40 * 460) / 500 + (z * z) / 4), 14)
  })

  // The reference CIs are reproduced to 1e-12 from the success counts they imply (found by exhaustive search over
  // 0…500 × 0…500; each CI is hit by exactly one pair): a known-answer test of Wilson + residual + bounding.
  it.each([
    ['diamonds', 'linkability', 0, 3],
    ['diamonds', 'inference', 154, 173],
    ['seattle_weather', 'linkability', 1, 2],
    ['seattle_weather', 'inference', 228, 221],
  ] as const)('reproduces anonymeter 1.0 risk and CI of %s %s', (dataset, attack, success, control) => {
    const ref = readReference<Risks>(`${dataset}.anonymeter.json`).risks[attack]
    const out = attackOutcome(500, success, 0, control)
    expect(out.risk.value).toBeCloseTo(ref.risk, 12)
    expect(out.risk.ci[0]).toBeCloseTo(ref.ci[0], 12)
    expect(out.risk.ci[1]).toBeCloseTo(ref.ci[1], 12)
  })
})
