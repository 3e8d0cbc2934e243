import type { Evaluation } from '../evaluation/evaluation'
import type { ModelConstraints } from '../constraints/model-constraints'

/** One constraint on the card: where it came from, whether sampling enforces it, what it did to the training data. */
export interface CardConstraint {
  readonly description: string
  readonly type: string
  readonly source: 'discovered' | 'user'
  readonly enforced: boolean
  readonly reason: string | null
  /** Training rows that violated it, and rows left out of the fit because of it (null for a DP fit: not counted). */
  readonly violations: number | null
  readonly excludedRows: number | null
  /** Share of real and synthetic rows that satisfy it, when the card was made by an evaluation. */
  readonly realValidRate: number | null
  readonly syntheticValidRate: number | null
}

/** The constraints section of a dataset card. */
export interface CardConstraints {
  readonly discovery: string
  readonly excludedRows: number | null
  readonly list: readonly CardConstraint[]
}

/**
 * The card's constraints from a model's record; validity on both tables from the evaluation's diagnostic report,
 * whose constraints are the model's enforced ones in the same order (see evaluate).
 */
export function cardConstraints(section: ModelConstraints, evaluation?: Evaluation): CardConstraints {
  const checked = evaluation?.diagnostic.constraints ?? []
  let k = 0
  return {
    discovery: section.discovery,
    excludedRows: section.excludedRows ?? null,
    list: section.records.map((r) => {
      const v = r.enforced && r.constraint.type !== 'foreignKey' ? checked[k++] : undefined
      return {
        description: r.description,
        type: r.constraint.type,
        source: r.source,
        enforced: r.enforced,
        reason: r.reason ?? null,
        violations: r.violations ?? null,
        excludedRows: r.excludedRows ?? null,
        realValidRate: v?.realValidRate ?? null,
        syntheticValidRate: v?.syntheticValidRate ?? null,
      }
    }),
  }
}

const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(x === 1 ? 0 : 2)}%`)
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The card's Markdown section: every enforced constraint, and the discovered ones that real rows break. */
export function constraintsMarkdown(c: CardConstraints | null): string[] {
  if (c === null) return []
  const shown = c.list.filter((x) => x.enforced || x.source === 'user' || (x.violations ?? 0) > 0)
  const out = [
    '## Constraints',
    '',
    `Discovery: ${c.discovery}. ${c.list.filter((x) => x.enforced).length} enforced in sampling; ` +
      `${c.excludedRows === null ? 'training rows left out: not counted (differentially private fit)' : `${c.excludedRows} training rows left out for violating one`}.`,
    '',
  ]
  if (shown.length === 0) return [...out, '_No multi-column constraint._', '']
  out.push(
    '| constraint | source | enforced | training rows violating / left out | real valid | synthetic valid |',
    '|---|---|---|---|---:|---:|',
  )
  for (const x of shown)
    out.push(
      `| ${cell(x.description)} | ${x.source === 'user' ? 'declared' : 'discovered'} | ${x.enforced ? 'yes' : `no: ${cell(x.reason ?? '')}`} | ` +
        `${x.violations ?? 'n/a'} / ${x.excludedRows ?? 'n/a'} | ${pct(x.realValidRate)} | ${pct(x.syntheticValidRate)} |`,
    )
  const rest = c.list.length - shown.length
  if (rest > 0)
    out.push(
      '',
      `${rest} more rules were discovered and reported but not enforced (single-column rules, keys, exact equations); the model file lists them.`,
    )
  out.push('')
  return out
}
