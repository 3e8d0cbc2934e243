import { createRng, standardNormal } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import {
  type DesignMatrix,
  fitBoostedTrees,
  fitLinear,
  fitLogistic,
  predictBoostedTrees,
  predictLogistic,
  rSquared,
  rocAuc,
} from '../src/index'

function matrix(rows: number[][]): DesignMatrix {
  return { x: Float64Array.from(rows.flat()), n: rows.length, p: rows[0].length }
}

describe('logistic regression (L-BFGS)', () => {
  it('recovers the coefficients of simulated data within sampling error (n = 20,000, seed 1)', () => {
    const rng = createRng(1)
    const rows: number[][] = []
    const y = new Uint8Array(20_000)
    for (let i = 0; i < y.length; i++) {
      const a = standardNormal(rng)
      const b = standardNormal(rng)
      rows.push([a, b])
      y[i] = rng.next() < 1 / (1 + Math.exp(-(0.5 + 1.5 * a - 1 * b))) ? 1 : 0
    }
    const m = fitLogistic(matrix(rows), y, { l2: 0 })
    // standard errors here are ≈ 0.02–0.03: 0.15 is > 5 SE
    expect(Math.abs(m.intercept - 0.5)).toBeLessThan(0.15)
    expect(Math.abs(m.weights[0] - 1.5)).toBeLessThan(0.15)
    expect(Math.abs(m.weights[1] + 1)).toBeLessThan(0.15)
  })
})

describe('gradient-boosted trees', () => {
  it('learn an interaction (XOR) that a linear model cannot', () => {
    const rng = createRng(2)
    const rows: number[][] = []
    const y = new Uint8Array(4000)
    for (let i = 0; i < y.length; i++) {
      const a = rng.next() < 0.5 ? 0 : 1
      const b = rng.next() < 0.5 ? 0 : 1
      rows.push([a + 0.1 * standardNormal(rng), b + 0.1 * standardNormal(rng)])
      y[i] = a ^ b
    }
    const m = matrix(rows)
    expect(rocAuc(predictBoostedTrees(fitBoostedTrees(m, y), m), y)).toBeGreaterThan(0.99)
    expect(Math.abs(rocAuc(predictLogistic(fitLogistic(m, y), m), y) - 0.5)).toBeLessThan(0.05)
  })

  it('fit a regression (squared loss) of a step function', () => {
    const rows: number[][] = []
    const y = new Float64Array(1000)
    for (let i = 0; i < y.length; i++) {
      rows.push([i / 1000])
      y[i] = i < 500 ? 1 : 3
    }
    const m = matrix(rows)
    expect(rSquared(predictBoostedTrees(fitBoostedTrees(m, y, { loss: 'squared' }), m), y)).toBeGreaterThan(0.99)
  })
})

describe('linear regression', () => {
  it('recovers exact coefficients of noise-free data', () => {
    const rows = [
      [1, 2],
      [2, 0],
      [3, 1],
      [4, 5],
      [0, 1],
    ]
    const y = rows.map(([a, b]) => 2 + 3 * a - b)
    const m = fitLinear(matrix(rows), y, 0)
    expect(m.intercept).toBeCloseTo(2, 9)
    expect(m.weights[0]).toBeCloseTo(3, 9)
    expect(m.weights[1]).toBeCloseTo(-1, 9)
  })
})
