import { type ColumnSpec, type ConditionValue, type Conditions, type TableSchema, booleanLabels, parseDatetime } from '@synthkit/core'
import { CliError } from '../terminal/cli-error'
import { type ObservedRanges, formatObserved } from './observed-ranges'

const FORM = /^\s*([^=<>]+?)\s*(<=|>=|=|<|>)\s*(.*?)\s*$/

const DAY_MS = 86_400_000

/** What parseConditions checks clauses against besides the schema. */
export interface ConditionContext {
  /** Observed [min, max] of numerical and datetime columns in the training data (from the model file's lineage). */
  readonly observed?: ObservedRanges
}

function number(text: string, where: string): number {
  const n = Number(text)
  if (text === '' || !Number.isFinite(n)) throw new CliError(`--where "${where}": expected a number, got "${text}"`)
  return n
}

/** A bound as a number (epoch ms for datetimes), checked against the column's kind. */
function valueOf(spec: ColumnSpec, text: string, clause: string): number {
  if (spec.kind !== 'datetime') return number(text, clause)
  const t = text === '' ? Number.NaN : parseDatetime(text, spec.format)
  if (Number.isNaN(t))
    throw new CliError(
      `--where "${clause}": column "${spec.name}" is a datetime${spec.format ? ` (${spec.format})` : ''}; could not read "${text}" as one`,
    )
  return t
}

/** A datetime given without a time of day ("2014-06-01", "Jun 12 1998") stands for its whole day. */
function isWholeDay(text: string): boolean {
  return !/\d:\d/.test(text)
}

/** The smallest double above x (for a strict lower bound on a float column). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE
  const b = new Float64Array([x])
  const i = new BigInt64Array(b.buffer)
  i[0] += x > 0 ? 1n : -1n
  return b[0]
}

function nextDown(x: number): number {
  return -nextUp(-x)
}

/**
 * Parses `--where` clauses against a model's schema. `col=value` fixes a column (a category, a boolean label, a
 * number, or a datetime: one given without a time of day stands for that whole day); `col>=a`, `col<=b`, `col>a`,
 * `col<b` and `col=a..b` bound a numerical or datetime column. Clauses on one column merge. On an integer column a
 * value must be whole and strict bounds become the next whole number (`age>60` is `age>=61`); on a float column a
 * strict bound is the next representable number. Unknown columns, values that do not fit the column's kind,
 * contradictory bounds and (given the observed ranges) values outside what the training data held are usage errors
 * naming the clause, the column and the observed range. The observed minimum and maximum themselves are accepted.
 */
export function parseConditions(clauses: readonly string[], schema: TableSchema, context: ConditionContext = {}): Conditions {
  const out: Record<string, ConditionValue> = Object.create(null)
  for (const clause of clauses) {
    const m = FORM.exec(clause)
    if (!m)
      throw new CliError(
        `--where "${clause}": expected column=value, column>=number, column<=number, column>number, column<number or column=min..max`,
      )
    const [, name, op, text] = m
    const spec = schema.columns.find((c) => c.name === name)
    if (!spec)
      throw new CliError(
        `--where "${clause}": the model has no column "${name}" (columns: ${schema.columns.map((c) => c.name).join(', ')})`,
      )
    const prev = out[name]
    if (spec.kind === 'numerical' || spec.kind === 'datetime') {
      out[name] = numericCondition(spec, op, text, clause, prev, context)
      continue
    }
    if (op !== '=') throw new CliError(`--where "${clause}": ${op} needs a numerical column (or a datetime); "${name}" is ${spec.kind}`)
    if (prev !== undefined) throw new CliError(`--where "${clause}": column "${name}" already has a condition`)
    if (spec.kind === 'boolean') {
      const [f, t] = booleanLabels(spec)
      const w = text.toLowerCase()
      if (text === t || w === 'true') out[name] = true
      else if (text === f || w === 'false') out[name] = false
      else throw new CliError(`--where "${clause}": column "${name}" is boolean (${f}/${t}), got "${text}"`)
      continue
    }
    if (spec.kind === 'categorical') {
      if (spec.categories && !spec.categories.includes(text)) {
        throw new CliError(
          `--where "${clause}": "${text}" is not a category of "${name}" (${spec.categories.slice(0, 12).join(', ')}${spec.categories.length > 12 ? ', …' : ''})`,
        )
      }
      out[name] = text
      continue
    }
    throw new CliError(`--where "${clause}": cannot condition on ${spec.kind} column "${name}"`)
  }
  return out
}

function numericCondition(
  spec: ColumnSpec & { kind: 'numerical' | 'datetime' },
  op: string,
  text: string,
  clause: string,
  prev: ConditionValue | undefined,
  context: ConditionContext,
): ConditionValue {
  const name = spec.name
  const integer = spec.kind === 'numerical' && spec.type === 'int'
  if (typeof prev === 'number' || (prev !== undefined && typeof prev !== 'object'))
    throw new CliError(`--where "${clause}": column "${name}" is already fixed to ${String(prev)}`)
  const range: { min?: number | string; max?: number | string } = prev ? { ...prev } : {}
  const observed = context.observed?.[name]
  const outside = (text: string): never => {
    throw new CliError(
      `--where "${clause}": ${text} is outside the observed range of "${name}" (${formatObserved(spec, observed!)}); ` +
        'the model cannot sample it',
    )
  }
  // Every bound is checked as a number; datetime ranges written a..b keep their text (the sampler parses it).
  const check = (value: number, raw: string) => {
    if (observed && (value < observed.min || value > observed.max)) outside(raw)
  }
  if (op === '=' && !text.includes('..')) {
    if (prev !== undefined) throw new CliError(`--where "${clause}": column "${name}" already has a condition`)
    const v = valueOf(spec, text, clause)
    if (integer && !Number.isInteger(v))
      throw new CliError(
        `--where "${clause}": column "${name}" holds whole numbers; ${text} cannot occur (use a range, e.g. ${name}>=${Math.ceil(v)})`,
      )
    if (spec.kind === 'datetime' && isWholeDay(text)) {
      // the day [t, t + 1 day): it meets the observed range when any of it does
      const end = v + DAY_MS - 1
      if (observed && (end < observed.min || v > observed.max)) outside(text)
      return { min: v, max: end }
    }
    check(v, text)
    return v
  }
  if (op === '=') {
    const [a, b] = text.split('..').map((s) => s.trim())
    const lo = valueOf(spec, a, clause)
    const hi = valueOf(spec, b, clause)
    if (lo > hi) throw new CliError(`--where "${clause}": empty range ${a}..${b} for column "${name}"`)
    if (observed && (hi < observed.min || lo > observed.max)) outside(`${a}..${b}`)
    range.min = spec.kind === 'datetime' ? a : lo
    range.max = spec.kind === 'datetime' ? b : hi
  } else {
    const v = valueOf(spec, text, clause)
    const step = spec.kind === 'datetime' ? 1 : undefined // epoch ms are whole
    if (op === '>=' || op === '>') {
      let min = v
      if (op === '>') min = integer ? Math.floor(v) + 1 : step ? v + step : nextUp(v)
      else if (integer) min = Math.ceil(v)
      if (observed && min > observed.max) outside(text)
      range.min = spec.kind === 'datetime' && op === '>=' ? text : min
    } else {
      let max = v
      if (op === '<') max = integer ? Math.ceil(v) - 1 : step ? v - step : nextDown(v)
      else if (integer) max = Math.floor(v)
      if (observed && max < observed.min) outside(text)
      range.max = spec.kind === 'datetime' && op === '<=' ? text : max
    }
  }
  const lo = typeof range.min === 'string' ? valueOf(spec, range.min, clause) : range.min
  const hi = typeof range.max === 'string' ? valueOf(spec, range.max, clause) : range.max
  if (lo !== undefined && hi !== undefined && lo > hi)
    throw new CliError(`--where "${clause}": empty range ${String(range.min)}..${String(range.max)} for column "${name}"`)
  return range
}
