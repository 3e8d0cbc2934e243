import { diagnosticScores, qualityScores } from '@synthkit/metrics'
import { type Evaluation, percent } from './evaluation'
import { textTable } from '../terminal/text-table'

/** The evaluation as a few lines for the terminal: scores, then the weakest columns and pairs. */
export function evaluationSummary(e: Evaluation, worst = 5): string {
  const q = qualityScores(e.quality)
  const d = diagnosticScores(e.diagnostic)
  const scores = textTable(
    ['score', 'value'],
    [
      ['Overall quality', percent(e.quality.score)],
      ['  Column Shapes', percent(q.columnShapes)],
      ['  Column Pair Trends', percent(q.columnPairTrends)],
      ['Diagnostic', percent(e.diagnostic.score)],
      ['  Data Validity', percent(d.dataValidity)],
      ['  Data Structure', percent(d.dataStructure)],
      [
        'New rows (not copies)',
        `${percent(e.newRows.newRowRate)} (${e.newRows.copiedRows} copied; compared on the ${e.copyColumns.length} modelled columns)`,
      ],
    ],
  )
  const columns = [...e.quality.columnShapes].sort((a, b) => (a.score ?? 2) - (b.score ?? 2)).slice(0, worst)
  const pairs = [...e.quality.columnPairTrends].sort((a, b) => (a.score ?? 2) - (b.score ?? 2)).slice(0, worst)
  const fmt = (s: number | null) => (s === null ? 'n/a' : s.toFixed(3))
  return [
    scores,
    '',
    `weakest columns: ${columns.map((c) => `${c.column} ${fmt(c.score)}`).join(', ')}`,
    `weakest pairs:   ${pairs.map((p) => `${p.columnA}–${p.columnB} ${fmt(p.score)}`).join(', ')}`,
  ].join('\n')
}
