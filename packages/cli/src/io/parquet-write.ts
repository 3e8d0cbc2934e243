import { type ColumnSpec, SynthkitError, type Table, type TableSchema } from '@synthkit/core'
import type { SchemaElement } from 'hyparquet'
import { type ColumnSource, ParquetWriter, fileWriter } from 'hyparquet-writer'

/** Key of the Parquet key/value metadata entry that carries the synthkit schema, so a read recovers it exactly. */
export const SCHEMA_METADATA_KEY = 'synthkit.schema'

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647

/** How a column is stored in Parquet: its physical type and logical annotation. */
type ParquetKind = 'DOUBLE' | 'INT32' | 'INT64' | 'STRING' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP'

/** A datetime column whose format has no time of day (`YYYY-MM-DD`, `MMM D YYYY`) holds dates: Parquet DATE. */
function isDateOnly(spec: ColumnSpec & { kind: 'datetime' }): boolean {
  const formats = [spec.format, ...(spec.formats ?? [])]
  return formats.every((f) => f !== undefined && !/[Hms]|SSS/.test(f))
}

function parquetKind(spec: ColumnSpec): ParquetKind {
  switch (spec.kind) {
    case 'numerical': {
      if (spec.type !== 'int') return 'DOUBLE'
      const fitsInt32 = spec.min !== undefined && spec.max !== undefined && spec.min >= INT32_MIN && spec.max <= INT32_MAX
      return fitsInt32 ? 'INT32' : 'INT64'
    }
    case 'boolean':
      return 'BOOLEAN'
    case 'datetime':
      return isDateOnly(spec) ? 'DATE' : 'TIMESTAMP'
    default:
      return 'STRING'
  }
}

/** The Parquet schema element of a column (logical types as readers expect them: DATE, TIMESTAMP(MILLIS, UTC)). */
function schemaElement(spec: ColumnSpec): SchemaElement {
  const name = spec.name
  const repetition_type = 'OPTIONAL'
  switch (parquetKind(spec)) {
    case 'DOUBLE':
      return { name, type: 'DOUBLE', repetition_type }
    case 'INT32':
      return { name, type: 'INT32', repetition_type, logical_type: { type: 'INTEGER', bitWidth: 32, isSigned: true } }
    case 'INT64':
      return { name, type: 'INT64', repetition_type, logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: true } }
    case 'BOOLEAN':
      return { name, type: 'BOOLEAN', repetition_type }
    case 'DATE':
      return { name, type: 'INT32', repetition_type, converted_type: 'DATE', logical_type: { type: 'DATE' } }
    case 'TIMESTAMP':
      return {
        name,
        type: 'INT64',
        repetition_type,
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      }
    case 'STRING':
      return { name, type: 'BYTE_ARRAY', repetition_type, converted_type: 'UTF8', logical_type: { type: 'STRING' } }
  }
}

const DAY_MS = 86400000

/** One column of a table as hyparquet-writer input: nullable values, missing → null. */
function columnSource(table: Table, spec: ColumnSpec): ColumnSource {
  const col = table.columns[spec.name]
  const n = table.nRows
  const kind = parquetKind(spec)
  const data: unknown[] = new Array(n)
  if (col.type === 'numeric') {
    const v = col.values
    if (kind === 'TIMESTAMP') for (let r = 0; r < n; r++) data[r] = v[r] === v[r] ? BigInt(Math.round(v[r])) : null
    else if (kind === 'DATE') for (let r = 0; r < n; r++) data[r] = v[r] === v[r] ? Math.floor(v[r] / DAY_MS) : null
    else if (kind === 'INT32' || kind === 'INT64') {
      for (let r = 0; r < n; r++) {
        const x = v[r]
        if (x !== x) {
          data[r] = null
          continue
        }
        // An int column holds integers (decoding and samplers' rounding see to it); anything else is a bug here.
        if (!Number.isInteger(x)) throw new SynthkitError('DATA_INVALID', `Column "${spec.name}" is int but row ${r} holds ${x}`)
        data[r] = kind === 'INT64' ? BigInt(x) : x
      }
    } else for (let r = 0; r < n; r++) data[r] = v[r] === v[r] ? v[r] : null
  } else if (col.type === 'coded') {
    const isBool = spec.kind === 'boolean'
    for (let r = 0; r < n; r++) {
      const c = col.codes[r]
      data[r] = c < 0 ? null : isBool ? c === 1 : col.dictionary[c]
    }
  } else for (let r = 0; r < n; r++) data[r] = col.values[r]
  return { name: spec.name, data }
}

function parquetSchemaOf(schema: TableSchema): SchemaElement[] {
  return [{ name: 'root', num_children: schema.columns.length }, ...schema.columns.map(schemaElement)]
}

/**
 * Writes tables (chunks of one stream, all with the same schema) to one Parquet file, one row group per chunk,
 * snappy-compressed, with the synthkit schema in the file's key/value metadata (and `metadata`: the provenance mark). Integers are INT32 (when the
 * schema bounds fit) or INT64, dates without a time of day DATE, other datetimes TIMESTAMP(MILLIS, UTC), so
 * that other tools (pandas, DuckDB, Spark) read the types back, not doubles.
 */
export async function writeParquetChunks(
  path: string,
  schema: TableSchema,
  chunks: Iterable<Table> | AsyncIterable<Table>,
  onChunk?: (rows: number) => void,
  metadata: readonly { readonly key: string; readonly value: string }[] = [],
): Promise<void> {
  const kvMetadata = [{ key: SCHEMA_METADATA_KEY, value: JSON.stringify(schema) }, ...metadata]
  let writer: ParquetWriter | undefined
  for await (const chunk of chunks) {
    const columnData = schema.columns.map((spec) => columnSource(chunk, spec))
    if (!writer) {
      writer = new ParquetWriter({
        writer: fileWriter(path),
        schema: parquetSchemaOf(schema),
        kvMetadata,
        createdBy: 'synthkit',
      })
    }
    if (chunk.nRows > 0) await writer.write({ columnData, rowGroupSize: chunk.nRows })
    onChunk?.(chunk.nRows)
  }
  if (!writer) {
    // No chunk at all: still a valid, empty file with the right columns.
    writer = new ParquetWriter({
      writer: fileWriter(path),
      schema: parquetSchemaOf(schema),
      kvMetadata,
      createdBy: 'synthkit',
    })
  }
  await writer.finish()
}
