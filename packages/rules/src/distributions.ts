import {
  randomBeta,
  randomBinomial,
  randomExponential,
  randomGamma,
  randomGeometric,
  randomLogNormal,
  randomLogistic,
  randomNormal,
  randomPareto,
  randomPoisson,
  randomUniform,
  randomWeibull,
} from 'd3-random'
import { type Issue, type Rng, d3Source, uniformInt } from '@synthkit/core'
import type { Cardinality, FieldSpec } from './spec'

/** Field types drawn from a d3-random distribution (or a uniform integer). */
export const DISTRIBUTION_TYPES = [
  'uniform',
  'integer',
  'normal',
  'lognormal',
  'exponential',
  'gamma',
  'beta',
  'weibull',
  'pareto',
  'logistic',
  'poisson',
  'binomial',
  'geometric',
] as const
export type DistributionType = (typeof DISTRIBUTION_TYPES)[number]
export type DistributionField = Extract<FieldSpec, { type: DistributionType }>

/** Whether a field type is a distribution. */
export function isDistribution(spec: FieldSpec): spec is DistributionField {
  return (DISTRIBUTION_TYPES as readonly string[]).includes(spec.type)
}

/** Whether the distribution gives integers. */
export function isIntegerDistribution(type: DistributionType): boolean {
  return type === 'integer' || type === 'poisson' || type === 'binomial' || type === 'geometric'
}

/** Parameter problems of a distribution (positive scales, probabilities in range), with paths under `path`. */
export function distributionIssues(spec: DistributionField, path: string): Issue[] {
  const issues: Issue[] = []
  const positive = (key: string, v: number) => {
    if (!(v > 0)) issues.push({ path: `${path}.${key}`, message: `${key} must be > 0, got ${v}` })
  }
  switch (spec.type) {
    case 'normal':
      positive('sd', spec.sd)
      break
    case 'lognormal':
      positive('sigma', spec.sigma)
      break
    case 'exponential':
      positive('rate', spec.rate)
      break
    case 'gamma':
    case 'weibull':
      positive('shape', spec.shape)
      positive('scale', spec.scale)
      break
    case 'beta':
      positive('alpha', spec.alpha)
      positive('beta', spec.beta)
      break
    case 'pareto':
      positive('alpha', spec.alpha)
      break
    case 'logistic':
      positive('scale', spec.scale)
      break
    case 'poisson':
      if (!(spec.lambda >= 0)) issues.push({ path: `${path}.lambda`, message: `lambda must be ≥ 0, got ${spec.lambda}` })
      break
    case 'geometric':
      positive('p', spec.p)
      break
    default:
      break
  }
  const min = 'min' in spec ? spec.min : undefined
  const max = 'max' in spec ? spec.max : undefined
  if (min !== undefined && max !== undefined && min > max)
    issues.push({ path: `${path}.min`, message: `min ${min} is greater than max ${max}` })
  return issues
}

/**
 * A sampler of the distribution bound to `rng` through d3-random's `.source()` (never the platform's unseeded generator). `uniform` and
 * `integer` draw from [min, max) and [min, max]; the others' optional min/max truncate (applied by the caller).
 */
export function distributionSampler(spec: DistributionField, rng: Rng): () => number {
  const source = d3Source(rng)
  switch (spec.type) {
    case 'uniform':
      return randomUniform.source(source)(spec.min, spec.max)
    case 'integer': {
      const width = spec.max - spec.min + 1
      return () => spec.min + uniformInt(rng, width)
    }
    case 'normal':
      return randomNormal.source(source)(spec.mean, spec.sd)
    case 'lognormal':
      return randomLogNormal.source(source)(spec.mu, spec.sigma)
    case 'exponential':
      return randomExponential.source(source)(spec.rate)
    case 'gamma':
      return randomGamma.source(source)(spec.shape, spec.scale)
    case 'beta':
      return randomBeta.source(source)(spec.alpha, spec.beta)
    case 'weibull':
      // d3's randomWeibull(k, a, b) is a generalised extreme value form; with k > 0, a = 0 and b = scale it is the
      // two-parameter Weibull with shape k (d3-random README).
      return randomWeibull.source(source)(spec.shape, 0, spec.scale)
    case 'pareto':
      return randomPareto.source(source)(spec.alpha)
    case 'logistic':
      return randomLogistic.source(source)(spec.location, spec.scale)
    case 'poisson':
      return randomPoisson.source(source)(spec.lambda)
    case 'binomial':
      return randomBinomial.source(source)(spec.n, spec.p)
    case 'geometric':
      return randomGeometric.source(source)(spec.p)
  }
}

/** Problems of a per-parent cardinality: bounds in order, parameters in range, weights matching values. */
export function cardinalityIssues(c: Cardinality, path: string): Issue[] {
  const issues: Issue[] = []
  if (
    (c.type === 'integer' || c.type === 'poisson' || c.type === 'binomial' || c.type === 'geometric') &&
    c.min !== undefined &&
    c.max !== undefined &&
    c.min > c.max
  ) {
    issues.push({ path: `${path}.min`, message: `cardinality min ${c.min} is greater than max ${c.max}` })
  }
  if (c.type === 'poisson' && !(c.lambda >= 0)) issues.push({ path: `${path}.lambda`, message: `lambda must be ≥ 0, got ${c.lambda}` })
  if (c.type === 'geometric' && !(c.p > 0)) issues.push({ path: `${path}.p`, message: `p must be > 0, got ${c.p}` })
  if (c.type === 'geometric' && c.max !== undefined && c.max < 1)
    issues.push({ path: `${path}.max`, message: 'a geometric count is at least 1: max must be ≥ 1' })
  if (c.type === 'binomial' && c.min !== undefined && c.min > c.n)
    issues.push({ path: `${path}.min`, message: `min ${c.min} exceeds n ${c.n}: no count is possible` })
  if (c.type === 'choice') issues.push(...weightIssues(c.values.length, c.weights, path, 'values'))
  return issues
}

/** Weights: as many as values, non-negative, not all zero; at least one value. */
export function weightIssues(count: number, weights: readonly number[] | undefined, path: string, valuesKey: string): Issue[] {
  const issues: Issue[] = []
  if (count === 0) issues.push({ path: `${path}.${valuesKey}`, message: 'needs at least one value' })
  if (weights === undefined) return issues
  if (weights.length !== count) issues.push({ path: `${path}.weights`, message: `${weights.length} weights for ${count} values` })
  weights.forEach((w, i) => {
    if (!(w >= 0)) issues.push({ path: `${path}.weights.${i}`, message: `weights must be ≥ 0, got ${w}` })
  })
  if (weights.length > 0 && weights.every((w) => w === 0)) issues.push({ path: `${path}.weights`, message: 'all weights are 0' })
  return issues
}

/** Mean children per parent (before truncation; used to plan row counts and check uniqueness capacity). */
export function cardinalityMean(c: Cardinality): number {
  switch (c.type) {
    case 'fixed':
      return c.value
    case 'integer':
      return (c.min + c.max) / 2
    case 'poisson':
      return clampMean(c.lambda, c.min, c.max)
    case 'binomial':
      return clampMean(c.n * c.p, c.min, c.max)
    case 'geometric':
      return clampMean(1 / c.p, c.min, c.max)
    case 'choice': {
      const w = c.weights ?? c.values.map(() => 1)
      const total = w.reduce((a, b) => a + b, 0)
      return c.values.reduce((a, v, i) => a + (v * w[i]!) / total, 0)
    }
  }
}

function clampMean(m: number, min: number | undefined, max: number | undefined): number {
  return Math.min(max ?? Infinity, Math.max(min ?? 0, m))
}

/** The largest possible count, Infinity when unbounded. */
export function cardinalityMax(c: Cardinality): number {
  switch (c.type) {
    case 'fixed':
      return c.value
    case 'integer':
      return c.max
    case 'binomial':
      return Math.min(c.n, c.max ?? Infinity)
    case 'poisson':
    case 'geometric':
      return c.max ?? Infinity
    case 'choice':
      return Math.max(...c.values)
  }
}
