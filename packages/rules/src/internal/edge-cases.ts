import { type ColumnData, type Issue, type Rng } from '@synthkit/core'
import type { EdgeCase } from '../spec'
import type { FieldPlan } from './fields'
import { pickIndex } from './weighted'

/** Text in other scripts, combining marks, emoji, right-to-left and zero-width characters. */
export const NON_ASCII_SAMPLES: readonly string[] = [
  'Zoë Saldaña',
  'Łukasz Żółć',
  '山田 太郎',
  'Алёна Смирнова',
  'محمد علي',
  'Ǆemal Đorđević',
  'e\u0301le\u0300ve',
  '😀 Ünïcødé ✓',
  'שָׁלוֹם\u200f',
  'zero\u200bwidth',
]

/** A compiled edge-case rule. */
export interface EdgePlan {
  readonly path: string
  readonly rule: EdgeCase['rule']
  readonly field: string
  readonly rate: number
  /** Writes the injected values into `col` at the block rows listed in `rows` (ascending). */
  readonly apply: (col: ColumnData, rows: readonly number[], rng: Rng) => void
}

function setMissing(col: ColumnData, i: number): void {
  if (col.type === 'numeric') col.values[i] = Number.NaN
  else if (col.type === 'coded') col.codes[i] = -1
  else (col.values as (string | null)[])[i] = null
}

/** Compiles an edge-case rule against the field it targets, listing every contradiction with its path. */
export function compileEdgeCase(
  e: EdgeCase,
  path: string,
  plan: FieldPlan | undefined,
  opaque: boolean,
): { edge: EdgePlan | null; issues: Issue[] } {
  const issues: Issue[] = []
  if (!plan) {
    if (!opaque) issues.push({ path: `${path}.field`, message: `unknown field "${e.field}"` })
    return { edge: null, issues }
  }
  const spec = plan.spec
  const storage =
    spec.kind === 'numerical' || spec.kind === 'datetime'
      ? 'numeric'
      : spec.kind === 'categorical' || spec.kind === 'boolean'
        ? 'coded'
        : 'string'
  if (plan.link)
    issues.push({
      path: `${path}.field`,
      message: `"${e.field}" carries a key of table "${plan.link.table}": edge cases would break the relationship`,
    })
  if (plan.unique && e.rule !== 'missing')
    issues.push({ path: `${path}.rule`, message: `"${e.field}" is unique: ${e.rule} values could repeat (only missing is allowed)` })
  if ((e.rule === 'long' || e.rule === 'nonAscii') && storage !== 'string')
    issues.push({ path: `${path}.rule`, message: `${e.rule} needs a text field, "${e.field}" is ${spec.kind}` })
  const base = { path, rule: e.rule, field: e.field, rate: e.rate }
  switch (e.rule) {
    case 'missing':
      return { edge: { ...base, apply: (col, rows) => rows.forEach((i) => setMissing(col, i)) }, issues }
    case 'duplicate':
      return {
        edge: {
          ...base,
          apply: (col, rows, rng) => {
            for (const i of rows) {
              const j = pickIndex(rng, i) // an earlier row of the block (row 0 is never picked: see planRows)
              if (col.type === 'numeric') col.values[i] = col.values[j]!
              else if (col.type === 'coded') col.codes[i] = col.codes[j]!
              else (col.values as (string | null)[])[i] = col.values[j] ?? null
            }
          },
        },
        issues,
      }
    case 'long': {
      const length = e.length ?? 10_000
      return {
        edge: {
          ...base,
          apply: (col, rows) => {
            if (col.type !== 'string') return
            const values = col.values as (string | null)[]
            for (const i of rows) {
              const seed = values[i] || 'x'
              values[i] = seed.repeat(Math.ceil(length / seed.length)).slice(0, length)
            }
          },
        },
        issues,
      }
    }
    case 'nonAscii':
      return {
        edge: {
          ...base,
          apply: (col, rows, rng) => {
            if (col.type !== 'string') return
            const values = col.values as (string | null)[]
            for (const i of rows) values[i] = NON_ASCII_SAMPLES[pickIndex(rng, NON_ASCII_SAMPLES.length)]!
          },
        },
        issues,
      }
    case 'boundary': {
      let candidates: (number | string)[]
      if (e.values !== undefined) {
        candidates = []
        e.values.forEach((v, k) => {
          const p = `${path}.values.${k}`
          if (storage === 'numeric') {
            if (typeof v !== 'number') issues.push({ path: p, message: `"${e.field}" is ${spec.kind}: expected a number` })
            else if ((plan.bounds.min !== undefined && v < plan.bounds.min) || (plan.bounds.max !== undefined && v > plan.bounds.max)) {
              issues.push({
                path: p,
                message: `${v} lies outside the field's declared [${plan.bounds.min ?? '-∞'}, ${plan.bounds.max ?? '∞'}]`,
              })
            } else candidates.push(v)
          } else if (storage === 'string') {
            if (typeof v !== 'string') issues.push({ path: p, message: `"${e.field}" is text: expected a string` })
            else candidates.push(v)
          } else issues.push({ path: p, message: `boundary values need a numeric, date or text field, "${e.field}" is ${spec.kind}` })
        })
      } else if (storage === 'numeric') {
        const { min, max } = plan.bounds
        candidates = [
          ...new Set(
            [min, max, spec.kind === 'numerical' && (min ?? 0) <= 0 && (max ?? 0) >= 0 ? 0 : undefined].filter(
              (v): v is number => v !== undefined,
            ),
          ),
        ]
        if (candidates.length === 0)
          issues.push({
            path: `${path}.values`,
            message: `"${e.field}" has no declared min or max and 0 is outside it: list the boundary values`,
          })
      } else if (storage === 'string') candidates = ['']
      else {
        issues.push({ path: `${path}.rule`, message: `boundary values need a numeric, date or text field, "${e.field}" is ${spec.kind}` })
        candidates = []
      }
      return {
        edge: {
          ...base,
          apply: (col, rows, rng) => {
            for (const i of rows) {
              const v = candidates[pickIndex(rng, candidates.length)]!
              if (col.type === 'numeric') col.values[i] = v as number
              else if (col.type === 'string') (col.values as (string | null)[])[i] = v as string
            }
          },
        },
        issues,
      }
    }
  }
}
