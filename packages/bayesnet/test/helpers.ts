import { type Table, type TableSchema, fromColumns, inferSchema } from '@synthkit/core'
import { readFileSync } from 'node:fs'
import { datasetTableLoader } from '../../../testing/table'

/** A shared dataset decoded against its inferred schema (cached per test file; testing/table.ts). */
export const loadTable = datasetTableLoader({ fromColumns, inferSchema })

/**
 * The schema a data owner would publish for a PrivBayes fit: category sets declared (as DataSynthesizer reads them
 * from the data); numerical bounds left undeclared, so the fit estimates them with DP and charges them.
 */
export function publicCategories(table: Table): TableSchema {
  return {
    ...table.schema,
    columns: table.schema.columns.map((c) => {
      const col = table.columns[c.name]
      return c.kind === 'categorical' && col.type === 'coded' ? { ...c, categories: [...col.dictionary] } : c
    }),
  }
}

/** The same table under another (compatible) schema. */
export function withSchema(table: Table, schema: TableSchema): Table {
  return { ...table, schema }
}

/** DataSynthesizer's figures for a dataset (test/reference, copied from ../shared/reference/bayesnet). */
export function dataSynthesizer(
  name: 'telco_churn' | 'diamonds',
  epsilon: 0 | 1,
): { quality: number; shapes: number; pairs: number; network: [string, string[]][] } {
  const file = new URL(`./reference/${name}.datasynthesizer-k2-e${epsilon}.json`, import.meta.url)
  const j = JSON.parse(readFileSync(file, 'utf8'))
  return {
    quality: j.sdmetrics_0_14.quality,
    shapes: j.sdmetrics_0_14.properties['Column Shapes'],
    pairs: j.sdmetrics_0_14.properties['Column Pair Trends'],
    network: j.bayesian_network,
  }
}
