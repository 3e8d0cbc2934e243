// When DuckDB's CSV reader may type numerical columns itself (faster than reading every cell as text and casting):
// only where its reading cannot differ from core's rules — or, where it could, fails loudly so the caller reads the
// file as text instead.
import { type TableSchema, sensitivityOf } from '@synthkit/core'
import { literal } from './internal/sql-text'

/**
 * `read_csv` options that type the schema's numerical columns as DOUBLE and read the schema's missing markers as
 * NULL in every column, or null when that could read a cell differently from the all-text read: a column with its
 * own markers (markers would then differ between columns), a marker holding a digit (it could parse as a number), a
 * thousands separator, or no numerical column at all. A typed read either agrees with the text read (DuckDB's CSV
 * reader parses DOUBLE as its cast does; markers are trimmed and exact-matched as core's are, and a padded marker
 * fails the DOUBLE parse), or fails: a cell the reader cannot parse is a Conversion Error, and a non-finite number
 * (`nan`, `inf`) a data problem of the typed column — either way the caller falls back to the text read, which
 * decides between missing and invalid by core's rules.
 */
export function typedCsvOptions(schema: TableSchema): string | null {
  if (schema.columns.some((c) => c.missingValues !== undefined)) return null
  const markers = [...new Set([...(schema.missingValues ?? []).map((m) => m.trim()), ''])]
  if (markers.some((m) => /\d/.test(m))) return null
  const numeric = schema.columns.filter((c) => c.kind === 'numerical' && sensitivityOf(c) !== 'pii')
  if (numeric.length === 0 || numeric.some((c) => c.kind === 'numerical' && c.thousandsSeparator !== undefined)) return null
  const types = numeric.map((c) => `${literal(c.name)}: 'DOUBLE'`).join(', ')
  return `types = {${types}}, nullstr = [${markers.map(literal).join(', ')}]`
}

/** Whether an error of a typed read means "read the file as text instead" (see {@link typedCsvOptions}). */
export function isTypedReadFailure(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown }
  if (e?.code === 'DATA_INVALID') return true
  return typeof e?.message === 'string' && /Conversion Error|Could not convert|CSV Error/i.test(e.message)
}
