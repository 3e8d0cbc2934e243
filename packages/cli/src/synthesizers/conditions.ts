import { type ConditionValue, type Conditions, type TableSchema, booleanLabels } from '@synthkit/core'
import { CliError } from '../terminal/cli-error'

const FORM = /^\s*([^=<>]+?)\s*(<=|>=|=)\s*(.*?)\s*$/

function number(text: string, where: string): number {
  const n = Number(text)
  if (text === '' || !Number.isFinite(n)) throw new CliError(`--where "${where}": expected a number, got "${text}"`)
  return n
}

/**
 * Parses `--where` clauses against a model's schema: `col=value` fixes a column (a category, a boolean label or a
 * number), `col>=a`, `col<=b` and `col=a..b` bound a numerical column (inclusive). Clauses on one column merge.
 * Unknown columns, values that do not fit the column's kind and contradictory bounds are usage errors.
 */
export function parseConditions(clauses: readonly string[], schema: TableSchema): Conditions {
  const out: Record<string, ConditionValue> = Object.create(null)
  for (const clause of clauses) {
    const m = FORM.exec(clause)
    if (!m) throw new CliError(`--where "${clause}": expected column=value, column>=number, column<=number or column=min..max`)
    const [, name, op, text] = m
    const spec = schema.columns.find((c) => c.name === name)
    if (!spec)
      throw new CliError(
        `--where "${clause}": the model has no column "${name}" (columns: ${schema.columns.map((c) => c.name).join(', ')})`,
      )
    const prev = out[name]
    if (spec.kind === 'numerical' || spec.kind === 'datetime') {
      if (spec.kind === 'datetime' && op === '=' && !text.includes('..')) {
        throw new CliError(
          `--where "${clause}": a datetime column takes a range (column=from..to, column>=from, column<=to), not one value`,
        )
      }
      // Datetime bounds stay text in the column's format (the sampler parses them); numbers must be numbers.
      const value = spec.kind === 'datetime' ? (t: string) => (t === '' ? number(t, clause) : t) : (t: string) => number(t, clause)
      const range: { min?: number | string; max?: number | string } = typeof prev === 'object' ? { ...prev } : {}
      if (typeof prev === 'number') throw new CliError(`--where "${clause}": column "${name}" is already fixed to ${prev}`)
      if (op === '=' && text.includes('..')) {
        const [a, b] = text.split('..')
        range.min = value(a.trim())
        range.max = value(b.trim())
      } else if (op === '>=') range.min = value(text)
      else if (op === '<=') range.max = value(text)
      else {
        if (prev !== undefined) throw new CliError(`--where "${clause}": column "${name}" already has a condition`)
        out[name] = number(text, clause)
        continue
      }
      if (typeof range.min === 'number' && typeof range.max === 'number' && range.min > range.max)
        throw new CliError(`--where "${clause}": empty range ${range.min}..${range.max} for column "${name}"`)
      out[name] = range
      continue
    }
    if (op !== '=') throw new CliError(`--where "${clause}": ${op} needs a numerical column; "${name}" is ${spec.kind}`)
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
