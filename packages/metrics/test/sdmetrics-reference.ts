// Loads an SDMetrics known-answer file (packages/metrics/test/reference/sdmetrics/NAME.sdv.json) and its real/synthetic tables.
import { readFileSync } from 'node:fs'
import { type ColumnSpec, type Table, type TableSchema, fromColumns } from '@synthkit/core'
import { loadColumns, referencePath } from '../../../testing/data'

export const REFERENCE_DATASETS = ['telco_churn', 'diamonds', 'penguins'] as const
export type ReferenceDataset = (typeof REFERENCE_DATASETS)[number]

export interface SdmetricsReference {
  tool: string
  metadata: { columns: Record<string, { sdtype: string; datetime_format?: string }>; primary_key?: string }
  quality: number
  properties: Record<'Column Shapes' | 'Column Pair Trends', number>
  column_shapes: { Column: string; Metric: string; Score: number | null }[]
  column_pair_trends: {
    'Column 1': string
    'Column 2': string
    Metric: string
    Score: number | null
    'Real Correlation': number | null
    'Synthetic Correlation': number | null
  }[]
  single_column: Record<string, Record<string, number | string | null>>
}

export function loadReference(name: ReferenceDataset): SdmetricsReference {
  return JSON.parse(readFileSync(referencePath(`sdmetrics/${name}.sdv.json`), 'utf8'))
}

/** The synkit schema equivalent to SDV metadata (sdtype → kind). */
export function schemaFromMetadata(metadata: SdmetricsReference['metadata']): TableSchema {
  const columns: ColumnSpec[] = Object.entries(metadata.columns).map(([name, m]): ColumnSpec => {
    switch (m.sdtype) {
      case 'numerical':
        return { name, kind: 'numerical', type: 'float' }
      case 'categorical':
        return { name, kind: 'categorical' }
      case 'boolean':
        return { name, kind: 'boolean' }
      case 'datetime':
        return { name, kind: 'datetime' }
      case 'id':
        return { name, kind: 'id' }
      default:
        return { name, kind: 'text', sensitivity: 'pii' }
    }
  })
  return { columns }
}

export interface ReferenceCase {
  reference: SdmetricsReference
  schema: TableSchema
  real: Table
  synthetic: Table
}

export function loadReferenceCase(name: ReferenceDataset): ReferenceCase {
  const reference = loadReference(name)
  const schema = schemaFromMetadata(reference.metadata)
  const real = fromColumns(loadColumns(name), schema)
  const synthetic = fromColumns(loadColumns(referencePath(`sdmetrics/${name}.sdv-synthetic.csv`)), schema)
  return { reference, schema, real, synthetic }
}
