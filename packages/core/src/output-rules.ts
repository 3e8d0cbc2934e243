import * as t from 'io-ts'
import { FiniteNumber, NonNegativeInt, strictObject } from './codec'

/**
 * How sampled numbers are written: rounded to `precision` decimals (integers: 0), datetimes to whole
 * milliseconds, and kept within [min, max] when given (the schema's bounds, or the observed range when a sampler
 * enforces it).
 */
export const OutputRule = strictObject(
  {
    integer: t.boolean,
    precision: t.union([NonNegativeInt, t.null]),
    min: t.union([FiniteNumber, t.null]),
    max: t.union([FiniteNumber, t.null]),
  },
  {},
  'OutputRule',
)
export type OutputRule = t.TypeOf<typeof OutputRule>

/** Largest precision a rule may carry: 10^p must stay an exact double and x·10^p finite for ordinary data. */
export const MAX_OUTPUT_PRECISION = 15

/** Problems of a rule that the codec cannot see (min > max, an integer rule with a fractional precision …). */
export function outputRuleIssues(rule: OutputRule, path: string): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = []
  if (rule.precision !== null && rule.precision > MAX_OUTPUT_PRECISION)
    issues.push({ path: `${path}.precision`, message: `at most ${MAX_OUTPUT_PRECISION} decimals, got ${rule.precision}` })
  if (rule.integer && rule.precision !== 0) issues.push({ path: `${path}.precision`, message: 'an integer rule has precision 0' })
  if (rule.min !== null && rule.max !== null && rule.min > rule.max)
    issues.push({ path: `${path}.min`, message: `min ${rule.min} is greater than max ${rule.max}` })
  if (rule.integer && ((rule.min !== null && !Number.isInteger(rule.min)) || (rule.max !== null && !Number.isInteger(rule.max)))) {
    issues.push({ path, message: 'the bounds of an integer rule must be integers' })
  }
  return issues
}

/** Applies a rule in place (NaN stays missing): rounding first, then the bounds. */
export function applyOutputRule(values: Float64Array, rule: OutputRule, datetime: boolean): void {
  const { precision, min, max } = rule
  const scale = precision === null ? 0 : 10 ** precision
  for (let i = 0; i < values.length; i++) {
    let x = values[i]
    if (x !== x) continue
    // beyond 2^53 / 10^p every double is already a multiple of 10^−p's grid: rounding would only overflow
    if (precision !== null) x = precision === 0 ? Math.round(x) : Math.abs(x) * scale < 9007199254740992 ? Math.round(x * scale) / scale : x
    else if (datetime) x = Math.round(x)
    if (min !== null && x < min) x = min
    if (max !== null && x > max) x = max
    values[i] = x
  }
}
