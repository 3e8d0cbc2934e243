import { diagnosticScores, qualityScores } from '@synthkit/metrics'
import { type PrivacyGuarantee, type SynthesizerDescription, type Table, type TableSchema, sensitivityOf } from '@synthkit/core'
import type { Evaluation } from '../evaluation/evaluation'
import { percent } from '../evaluation/evaluation'
import type { ModelLineage } from '../synthesizers/model-file'
import type { ModelConstraints } from '../constraints/model-constraints'
import { type CardConstraints, cardConstraints, constraintsMarkdown } from './card-constraints'
import { describeSpec } from '../terminal/schema-describe'
import type { Provenance } from '../governance/provenance'
import { cardId } from '../governance/card-id'
import { type CardGovernance, type GovernanceInput, renderGovernanceMarkdown, resolveGovernance } from './card-governance'
import { type CardInference, inferenceMarkdown } from './card-inference'
import { type CardMetrics, metricsMarkdown } from './card-metrics'

/** A data file the card describes. */
export interface CardFile {
  readonly path: string
  readonly sha256: string
  /** Null when only the model's lineage names the file (it was not read for this card). */
  readonly bytes: number | null
  readonly rows: number
  readonly columns: number
}

/** What the privacy attacks measured (see `synthkit attack`): the figures a reviewer signs off on. */
export interface CardAttacks {
  readonly maxRisk: number | null
  readonly maxMiaAuc: number | null
  readonly dcrBaselineProtection: number | null
  readonly dcrOverfittingProtection: number | null
  /** One row per attack: name, measured, range or baseline, note. */
  readonly rows: readonly (readonly string[])[]
}

/** The generator of a card: the synthesizer's identity and its own description of the model. */
export interface CardGenerator {
  readonly method: string
  readonly package: string
  readonly version: string
  readonly description: SynthesizerDescription
}

/**
 * The dataset card: the lineage and audit record of a synthetic dataset, as JSON (this type) and as Markdown
 * (rendered from it). Plain JSON: every number finite or null.
 */
export interface DatasetCard {
  readonly format: 'synthkit.card'
  /** 2: adds `id`, `provenance` and `governance` (see schema/card.schema.json). */
  readonly version: 2
  /** Stable id of this card, recorded in the provenance mark of the files it describes. */
  readonly id: string
  readonly title: string
  /** What the synthetic data is for: written by the person releasing it (`--purpose`). */
  readonly purpose: string | null
  readonly createdAt: string
  readonly real: CardFile | null
  readonly synthetic: CardFile | null
  readonly schema: {
    readonly columns: readonly { readonly name: string; readonly kind: string; readonly details: string; readonly sensitivity: string }[]
    readonly constraints: number
    readonly source: string
  }
  readonly generator: {
    readonly method: string
    readonly title: string
    readonly package: string
    readonly version: string | null
    /** The options the fit was given. */
    readonly options: Readonly<Record<string, unknown>>
    /** What the synthesizer says shaped the model. */
    readonly parameters: Readonly<Record<string, unknown>>
    readonly trainingRows: number | null
    readonly fittedAt: string | null
    readonly fitSeconds: number | null
  } | null
  readonly sampling: {
    readonly rows: number
    readonly seed: number | null
    readonly conditions: Readonly<Record<string, unknown>> | null
    readonly sampledAt: string
    readonly seconds: number | null
  } | null
  /** Seed of the fit (sampling has its own): null means a secure random source. */
  readonly seed: number | null
  readonly versions: Readonly<Record<string, string>>
  readonly quality: {
    readonly score: number | null
    readonly columnShapes: number | null
    readonly columnPairTrends: number | null
    readonly worstColumns: readonly { readonly column: string; readonly metric: string; readonly score: number | null }[]
    readonly worstPairs: readonly { readonly columns: readonly [string, string]; readonly metric: string; readonly score: number | null }[]
  } | null
  readonly diagnostic: {
    readonly score: number | null
    readonly dataValidity: number | null
    readonly dataStructure: number | null
    /** Share of synthetic rows valid under every constraint of the schema; null when it has none. */
    readonly constraintValidity?: number | null
  } | null
  /** The opt-in metrics (detection, pMSE, ML efficacy, fairness) asked for when the card was made; null when none. */
  readonly metrics: CardMetrics | null
  /**
   * The columns not modelled or not scored (ids, text, pii) and every data problem inference found, with the
   * first rows concerned: what `infer`, `fit` and `evaluate` print. Null when the card was made without the data.
   */
  readonly inference: CardInference | null
  readonly privacy: {
    /** Results of the privacy attacks, when they were run (evaluate --holdout, demo). */
    readonly attacks: CardAttacks | null
    readonly newRowRate: number | null
    readonly copiedRows: number | null
    /** The guarantee the model actually spent, as its synthesizer states it; null when no model was given. */
    readonly differentialPrivacy: PrivacyGuarantee | null
    readonly piiColumns: readonly string[]
  }
  /** The fit's constraints (discovered and declared), when a model with them was given. */
  readonly constraints: CardConstraints | null
  readonly limitations: readonly string[]
  /** The provenance mark the synthetic file carries (how to regenerate it: model hash, seed, rows, chunking). */
  readonly provenance: Provenance | null
  /** What a reviewer signs off: uses, owner, approvals, classification, retention, privacy posture, exclusions. */
  readonly governance: CardGovernance
}

export interface CardInput {
  readonly title?: string
  readonly purpose?: string
  readonly createdAt: string
  readonly schema: TableSchema
  readonly schemaSource: string
  /** The real table: lets the card say how many categories a column has when the schema does not list them. */
  readonly realTable?: Table
  readonly real?: CardFile
  readonly synthetic?: CardFile
  readonly lineage?: ModelLineage
  readonly generator?: CardGenerator
  readonly sampling?: DatasetCard['sampling']
  readonly versions: Readonly<Record<string, string>>
  readonly evaluation?: Evaluation
  readonly attacks?: CardAttacks
  /** The card's id (default: derived from its creation time and the files' hashes). */
  readonly id?: string
  readonly provenance?: Provenance
  /** The releaser's statements (`--governance FILE.json`, `--owner`, …). */
  readonly governance?: GovernanceInput
  readonly constraintValidity?: number | null
  readonly constraints?: ModelConstraints
  /** The opt-in metrics computed for the card (see cardMetrics). */
  readonly metrics?: CardMetrics
  /** What inference found in the real data (see cardInference). */
  readonly inference?: CardInference
}

const WORST = 5
const WEAK_COLUMN = 0.8

/** Builds the card from what a command knows; missing parts are null and the limitations say so. */
export function buildCard(input: CardInput): DatasetCard {
  const { schema, evaluation, lineage } = input
  const pii = schema.columns.filter((c) => sensitivityOf(c) === 'pii').map((c) => c.name)
  const generator = input.generator
  const quality = evaluation
    ? {
        score: evaluation.quality.score,
        columnShapes: qualityScores(evaluation.quality).columnShapes,
        columnPairTrends: qualityScores(evaluation.quality).columnPairTrends,
        worstColumns: [...evaluation.quality.columnShapes]
          .sort((a, b) => (a.score ?? 2) - (b.score ?? 2))
          .slice(0, WORST)
          .map((s) => ({ column: s.column, metric: s.metric, score: s.score })),
        worstPairs: [...evaluation.quality.columnPairTrends]
          .sort((a, b) => (a.score ?? 2) - (b.score ?? 2))
          .slice(0, WORST)
          .map((p) => ({ columns: [p.columnA, p.columnB] as const, metric: p.metric, score: p.score })),
      }
    : null
  const limitations: string[] = [...(generator?.description.limitations ?? [])]
  const dp = generator?.description.privacy ?? null
  if (dp === null)
    limitations.push('No model was given for this card: how the data was generated, and any privacy guarantee, are not recorded.')
  else if (dp.kind === 'none')
    limitations.push(
      `No differential-privacy guarantee (${dp.statement}) The copied-row count under Scores is a measurement, not a guarantee; run privacy attacks before releasing sensitive data.`,
    )
  else if (!dp.fitForRelease)
    limitations.push(
      'The differential-privacy noise came from a seeded (reproducible) source: the stated ε gives no protection. Refit with secure noise before release.',
    )
  if (pii.length > 0)
    limitations.push(
      `Columns tagged pii (${pii.join(', ')}) were not learned from: their values are generated, not derived from the real data.`,
    )
  if (evaluation) {
    const weak = evaluation.quality.columnShapes.filter((s) => s.score !== null && s.score < WEAK_COLUMN)
    if (weak.length > 0)
      limitations.push(
        `Columns whose distribution differs noticeably from the real data (Column Shapes < ${WEAK_COLUMN}): ${weak.map((w) => `${w.column} (${w.score!.toFixed(2)})`).join(', ')}.`,
      )
    if (evaluation.newRows.copiedRows > 0)
      limitations.push(`${evaluation.newRows.copiedRows} synthetic rows are exact copies of real rows (on the modelled columns).`)
  } else limitations.push('The synthetic data was not evaluated for this card: quality and privacy scores are missing.')
  limitations.push(
    'Quality scores compare distributions with the real data; they do not show that a model trained on the synthetic data will perform well on a given task.',
  )
  limitations.push(...(input.governance?.limitations ?? []))
  const real =
    input.real ??
    (lineage ? { path: lineage.input, sha256: lineage.sha256, bytes: null, rows: lineage.rows, columns: lineage.columns } : null)
  const governance = resolveGovernance(input.governance, {
    createdAt: input.createdAt,
    privacy: dp,
    attacks: input.attacks ?? null,
    generatedColumns: schema.columns.flatMap((c) => {
      const why = sensitivityOf(c) === 'pii' ? 'pii' : c.kind === 'id' ? 'id' : c.kind === 'text' ? 'text' : null
      return why ? [{ name: c.name, why } as const] : []
    }),
    heldOutRows: lineage?.holdout?.rows ?? null,
  })
  return {
    format: 'synthkit.card',
    version: 2,
    id:
      input.id ??
      cardId({
        createdAt: input.createdAt,
        real: real?.sha256 ?? null,
        synthetic: input.synthetic?.sha256 ?? null,
        title: input.title ?? null,
      }),
    title: input.title ?? `Synthetic ${schema.name ?? (input.real ? baseName(input.real.path) : 'dataset')}`,
    purpose: input.purpose ?? null,
    createdAt: input.createdAt,
    real,
    synthetic: input.synthetic ?? null,
    schema: {
      columns: schema.columns.map((c) => {
        const col = input.realTable?.columns[c.name]
        const details = describeSpec(c) || (col?.type === 'coded' ? `${col.dictionary.length} categories in the real data` : '')
        return { name: c.name, kind: c.kind, details, sensitivity: sensitivityOf(c) }
      }),
      constraints: schema.constraints?.length ?? 0,
      source: input.schemaSource,
    },
    generator: generator
      ? {
          method: generator.method,
          title: generator.description.title,
          package: generator.package,
          version: generator.version,
          options: lineage?.options ?? {},
          parameters: generator.description.parameters,
          trainingRows: generator.description.trainingRows ?? null,
          fittedAt: lineage?.fittedAt ?? null,
          fitSeconds: lineage?.fitSeconds ?? null,
        }
      : null,
    sampling: input.sampling ?? null,
    constraints: input.constraints ? cardConstraints(input.constraints, evaluation) : null,
    seed: lineage?.seed ?? null,
    versions: input.versions,
    quality,
    diagnostic: evaluation
      ? {
          score: evaluation.diagnostic.score,
          dataValidity: diagnosticScores(evaluation.diagnostic).dataValidity,
          dataStructure: diagnosticScores(evaluation.diagnostic).dataStructure,
          constraintValidity: input.constraintValidity ?? null,
        }
      : null,
    metrics: input.metrics ?? null,
    inference: input.inference ?? null,
    privacy: {
      attacks: input.attacks ?? null,
      newRowRate: evaluation?.newRows.newRowRate ?? null,
      copiedRows: evaluation?.newRows.copiedRows ?? null,
      differentialPrivacy: dp ?? null,
      piiColumns: pii,
    },
    limitations,
    provenance: input.provenance ?? null,
    governance,
  }
}

function privacyLine(g: PrivacyGuarantee | null): string {
  if (g === null) return 'not recorded (no model given)'
  if (g.kind === 'none') return `none — ${g.statement}`
  const split = Object.entries(g.split)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
  return `ε = ${g.epsilon}, δ = ${g.delta} (${g.neighbouring.replaceAll('-', ' ')} neighbours; ${g.accounting}${split ? `; split: ${split}` : ''})${g.fitForRelease ? '' : ' — NOT fit for release: seeded noise'}${g.publicInputs.length > 0 ? `. Public (not noised): ${g.publicInputs.join('; ')}` : ''}`
}

function baseName(path: string): string {
  return path
    .split(/[\\/]/)
    .pop()!
    .replace(/\.[^.]+$/, '')
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function fileRow(label: string, f: CardFile | null): string {
  return f
    ? `| ${label} | \`${cell(f.path)}\` | ${f.rows.toLocaleString('en-US')} | ${f.columns} | ${f.bytes === null ? '—' : f.bytes.toLocaleString('en-US')} | \`${f.sha256}\` |`
    : `| ${label} | — | | | | |`
}

/** The card as Markdown: the human-readable twin of the JSON. */
export function renderCardMarkdown(card: DatasetCard): string {
  const out: string[] = []
  out.push(`# ${card.title}`, '')
  out.push('_Dataset card written by synthkit. Machine-readable twin: the `.json` file of the same name._', '')
  out.push('## Purpose', '', card.purpose ?? '_Not stated. Say what this synthetic data may be used for (`--purpose`)._', '')
  out.push(...renderGovernanceMarkdown(card.governance, card.id))
  out.push(
    '## Files',
    '',
    '| role | file | rows | columns | bytes | SHA-256 |',
    '|---|---|---:|---:|---:|---|',
    fileRow('real (input)', card.real),
    fileRow('synthetic', card.synthetic),
    '',
  )
  out.push('## Generator', '')
  if (card.generator) {
    const g = card.generator
    out.push(
      `- Method: **${g.method}** — ${g.title} (${g.package}${g.version ? ` ${g.version}` : ''})${g.trainingRows !== null ? `, fitted on ${g.trainingRows.toLocaleString('en-US')} rows` : ''}`,
    )
    out.push(
      `- Fit seed: ${card.seed ?? 'none (secure random)'}${g.fittedAt ? `; fitted ${g.fittedAt}` : ''}${g.fitSeconds !== null ? ` in ${g.fitSeconds.toFixed(2)} s` : ''}`,
    )
    out.push(`- Options: \`${cell(JSON.stringify(g.options))}\``)
    out.push(`- Parameters: \`${cell(JSON.stringify(g.parameters))}\``)
  } else out.push('- Not recorded (no model file given).')
  if (card.provenance?.model)
    out.push(`- Model file: \`${cell(card.provenance.model.path)}\` (SHA-256 \`${card.provenance.model.sha256}\`)`)
  if (card.sampling) {
    const s = card.sampling
    out.push(
      `- Sampling: ${s.rows.toLocaleString('en-US')} rows, seed ${s.seed ?? 'none (secure random)'}${s.conditions ? `, conditions \`${cell(JSON.stringify(s.conditions))}\`` : ''}, at ${s.sampledAt}${s.seconds !== null ? ` in ${s.seconds.toFixed(2)} s` : ''}`,
    )
  }
  out.push('')
  out.push('## Scores', '')
  if (card.quality || card.diagnostic) {
    out.push('| score | value |', '|---|---:|')
    if (card.quality) {
      out.push(
        `| Overall quality | ${percent(card.quality.score)} |`,
        `| Column Shapes | ${percent(card.quality.columnShapes)} |`,
        `| Column Pair Trends | ${percent(card.quality.columnPairTrends)} |`,
      )
    }
    if (card.diagnostic)
      out.push(
        `| Diagnostic | ${percent(card.diagnostic.score)} |`,
        `| Data Validity | ${percent(card.diagnostic.dataValidity)} |`,
        `| Data Structure | ${percent(card.diagnostic.dataStructure)} |`,
      )
    if (card.diagnostic?.constraintValidity != null) out.push(`| Constraint validity | ${percent(card.diagnostic.constraintValidity)} |`)
    if (card.privacy.newRowRate !== null)
      out.push(`| New rows (not copies of real rows) | ${percent(card.privacy.newRowRate)} (${card.privacy.copiedRows} copied) |`)
    out.push('')
    if (card.quality && card.quality.worstColumns.length > 0) {
      out.push(
        `Weakest columns: ${card.quality.worstColumns.map((c) => `${c.column} ${c.score === null ? 'n/a' : c.score.toFixed(3)}`).join(', ')}.`,
        '',
      )
    }
    if (card.quality && card.quality.worstPairs.length > 0) {
      out.push(
        `Weakest column pairs: ${card.quality.worstPairs.map((p) => `${p.columns[0]}–${p.columns[1]} ${p.score === null ? 'n/a' : p.score.toFixed(3)}`).join(', ')}.`,
        '',
      )
    }
    out.push(...metricsMarkdown(card.metrics))
  } else out.push('_Not evaluated._', '')
  // right under the scores: a column replaced by placeholders is not hidden behind a high score
  out.push(...inferenceMarkdown(card.inference))
  out.push('## Privacy', '')
  out.push(`- Differential privacy: ${privacyLine(card.privacy.differentialPrivacy)}`)
  out.push(`- Columns tagged pii: ${card.privacy.piiColumns.length > 0 ? card.privacy.piiColumns.join(', ') : 'none'}`, '')
  if (card.privacy.attacks) {
    out.push(
      'Privacy attacks (synthkit attack; anonymeter risks are relative to the holdout as control):',
      '',
      '| attack | measured | range / baseline | note |',
      '|---|---|---|---|',
    )
    for (const r of card.privacy.attacks.rows) out.push(`| ${r.map((c) => cell(c)).join(' | ')} |`)
    out.push('')
  } else out.push('_No privacy attacks were run for this card (evaluate --holdout runs them)._', '')
  out.push(
    '## Schema',
    '',
    `Source: ${card.schema.source}. Constraints: ${card.schema.constraints}.`,
    '',
    '| column | kind | details | sensitivity |',
    '|---|---|---|---|',
  )
  for (const c of card.schema.columns) out.push(`| ${cell(c.name)} | ${c.kind} | ${cell(c.details)} | ${c.sensitivity} |`)
  out.push('')
  out.push(...constraintsMarkdown(card.constraints))
  out.push('## Known limitations', '', ...card.limitations.map((l) => `- ${l}`), '')
  out.push('## Versions', '', `Card created ${card.createdAt}.`, '', ...Object.entries(card.versions).map(([k, v]) => `- ${k} ${v}`), '')
  return out.join('\n')
}
