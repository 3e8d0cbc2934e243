import { type ColumnSpec, type Table, type TableSchema } from '@synthkit/core'
import { type ColumnSource, ParquetWriter, fileWriter, schemaFromColumnData } from 'hyparquet-writer'

/** Key of the Parquet key/value metadata entry that carries the synthkit schema, so a read recovers it exactly. */
export const SCHEMA_METADATA_KEY = 'synthkit.schema'

const INT32_MAX = 2147483647

function parquetType(spec: ColumnSpec): 'DOUBLE' | 'INT32' | 'STRING' | 'BOOLEAN' | 'TIMESTAMP' {
  switch (spec.kind) {
    case 'numerical': {
      const fitsInt32 = spec.type === 'int' && spec.min !== undefined && spec.max !== undefined && spec.min >= -INT32_MAX && spec.max <= INT32_MAX
      return fitsInt32 ? 'INT32' : 'DOUBLE'
    }
    case 'boolean':
      return 'BOOLEAN'
    case 'datetime':
      return 'TIMESTAMP'
    default:
      return 'STRING'
  }
}

/** One column of a table as hyparquet-writer input: nullable values, missing → null. */
function columnSource(table: Table, spec: ColumnSpec): ColumnSource {
  const col = table.columns[spec.name]
  const n = table.nRows
  const type = parquetType(spec)
  const data: unknown[] = new Array(n)
  if (col.type === 'numeric') {
    const v = col.values
    // Timestamps are whole milliseconds in Parquet.
    if (type === 'TIMESTAMP') for (let r = 0; r < n; r++) data[r] = v[r] === v[r] ? Math.round(v[r]) : null
    else for (let r = 0; r < n; r++) data[r] = v[r] === v[r] ? v[r] : null
  } else if (col.type === 'coded') {
    const isBool = spec.kind === 'boolean'
    for (let r = 0; r < n; r++) {
      const c = col.codes[r]
      data[r] = c < 0 ? null : isBool ? c === 1 : col.dictionary[c]
    }
  } else for (let r = 0; r < n; r++) data[r] = col.values[r]
  return { name: spec.name, data, type, nullable: true }
}

/**
 * Writes tables (chunks of one stream, all with the same schema) to one Parquet file, one row group per chunk,
 * snappy-compressed, with the synthkit schema in the file's key/value metadata.
 */
export async function writeParquetChunks(path: string, schema: TableSchema, chunks: Iterable<Table> | AsyncIterable<Table>, onChunk?: (rows: number) => void): Promise<void> {
  let writer: ParquetWriter | undefined
  for await (const chunk of chunks) {
    const columnData = schema.columns.map((spec) => columnSource(chunk, spec))
    if (!writer) {
      writer = new ParquetWriter({
        writer: fileWriter(path),
        schema: schemaFromColumnData({ columnData }),
        kvMetadata: [{ key: SCHEMA_METADATA_KEY, value: JSON.stringify(schema) }],
        createdBy: 'synthkit',
      })
    }
    if (chunk.nRows > 0) await writer.write({ columnData, rowGroupSize: chunk.nRows })
    onChunk?.(chunk.nRows)
  }
  if (!writer) {
    // No chunk at all: still a valid, empty file with the right columns.
    const columnData = schema.columns.map((spec) => ({ name: spec.name, data: [] as unknown[], type: parquetType(spec), nullable: true }))
    writer = new ParquetWriter({ writer: fileWriter(path), schema: schemaFromColumnData({ columnData }), kvMetadata: [{ key: SCHEMA_METADATA_KEY, value: JSON.stringify(schema) }], createdBy: 'synthkit' })
  }
  await writer.finish()
}
