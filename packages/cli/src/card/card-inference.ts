import { type ColumnProblem, type InferredSchema, type TableSchema, sensitivityOf } from '@synthkit/core'
import { inferenceProblemLines } from '../terminal/inference-report'

/** A problem inference found in a column, with the first rows concerned (1-based data rows, the header not counted). */
export interface CardInferenceProblem {
  readonly code: ColumnProblem['code']
  readonly severity: ColumnProblem['severity']
  readonly message: string
  /** Rows concerned in all. */
  readonly count: number
  readonly examples: readonly { readonly row: number; readonly value: string }[]
}

/** A column the reader of a card must know about: not modelled, not scored, or with values that were not read as is. */
export interface CardInferenceColumn {
  readonly name: string
  readonly kind: string
  readonly sensitivity: string
  /** False for ids, free text and pii: synthetic values are generated afresh, not learned from the real data. */
  readonly modelled: boolean
  /** False for ids and free text: the quality scores leave them out. */
  readonly scored: boolean
  /** Why the column got its kind (inference's reason, or the schema that declared it). */
  readonly reason: string
  readonly problems: readonly CardInferenceProblem[]
}

/** The card's inference section: every column that was not modelled or scored, or had data problems, and why. */
export interface CardInference {
  /** True when synthkit inferred the schema from the real data; false when a schema was given or embedded. */
  readonly schemaInferred: boolean
  readonly columns: readonly CardInferenceColumn[]
  /** Cells of the real data that did not fit their column and were read as missing. */
  readonly cellsReadAsMissing: number
  /** The same lines `infer`, `fit` and `evaluate` print (warnings, then notes). */
  readonly lines: readonly string[]
}

const isModelled = (kind: string, sensitivity: string) => kind !== 'id' && kind !== 'text' && sensitivity !== 'pii'
const isScored = (kind: string) => kind !== 'id' && kind !== 'text'

/**
 * The inference section of a card. With an inferred schema: each column inference reported a problem on (the
 * `not-modelled` warning included); with a given one: the columns it declares as ids, text or pii.
 */
export function cardInference(input: {
  readonly schema: TableSchema
  readonly schemaSource: string
  readonly inferred?: InferredSchema
  readonly cellProblemCount?: number
}): CardInference {
  const { schema, inferred } = input
  const cells = input.cellProblemCount ?? 0
  if (inferred) {
    const columns = inferred.columns.flatMap((c): CardInferenceColumn[] => {
      // the schema used may differ from inference's when the user edited kinds: describe the one used
      const spec = schema.columns.find((s) => s.name === c.name) ?? c.spec
      const sensitivity = sensitivityOf(spec)
      const modelled = isModelled(spec.kind, sensitivity)
      if (modelled && c.problems.length === 0) return []
      return [
        {
          name: c.name,
          kind: spec.kind,
          sensitivity,
          modelled,
          scored: isScored(spec.kind),
          reason: c.reason,
          problems: c.problems.map((p) => ({
            code: p.code,
            severity: p.severity,
            message: p.message,
            count: p.count,
            examples: p.examples.map((e) => ({ row: e.row + 1, value: e.value })),
          })),
        },
      ]
    })
    return { schemaInferred: true, columns, cellsReadAsMissing: cells, lines: inferenceProblemLines(inferred, cells) }
  }
  const columns = schema.columns.flatMap((c): CardInferenceColumn[] => {
    const sensitivity = sensitivityOf(c)
    if (isModelled(c.kind, sensitivity)) return []
    return [
      {
        name: c.name,
        kind: c.kind,
        sensitivity,
        modelled: false,
        scored: isScored(c.kind),
        reason: `declared ${c.kind}${sensitivity === 'pii' ? ', pii' : ''} in the ${input.schemaSource}`,
        problems: [],
      },
    ]
  })
  const lines = columns.map((c) => {
    const what = `${c.kind}${c.sensitivity === 'pii' ? ', pii' : ''}`
    return `warning: column "${c.name}": not modelled (${what}): ${c.reason}; synthetic rows get generated values`
  })
  return { schemaInferred: false, columns, cellsReadAsMissing: cells, lines }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/** The inference section in Markdown: a table of the columns, then every problem line with its first rows. */
export function inferenceMarkdown(inference: CardInference | null): string[] {
  if (inference === null) return []
  const out = ['## Columns not modelled, not scored, or not read as is', '']
  if (inference.columns.length === 0 && inference.cellsReadAsMissing === 0) {
    const none = inference.schemaInferred
      ? 'Every column is modelled and scored; inference found no problem in the values.'
      : 'Every column of the given schema is modelled and scored.'
    return [...out, `_${none}_`, '']
  }
  out.push('| column | kind | sensitivity | modelled | scored | why | first values (row) |', '|---|---|---|---|---|---|---|')
  for (const c of inference.columns) {
    const first = c.problems
      .flatMap((p) => p.examples)
      .slice(0, 5)
      .map((e) => `${JSON.stringify(e.value)} (${e.row})`)
      .join(', ')
    const cells = [cell(c.name), c.kind, c.sensitivity, c.modelled ? 'yes' : 'no', c.scored ? 'yes' : 'no', cell(c.reason), cell(first)]
    out.push(`| ${cells.join(' | ')} |`)
  }
  out.push('', ...inference.lines.map((l) => `- ${cell(l)}`), '')
  return out
}
