import { writeTextAtomic } from '../io/atomic-write'
import type { Io } from '../terminal/io'
import { schemaRows } from '../terminal/schema-describe'
import { loadTable } from '../io/table-io'
import { textTable } from '../terminal/text-table'

export interface InferCommandOptions {
  readonly data: string
  readonly out?: string
  readonly name?: string
}

/** `synthkit infer`: prints the inferred schema as a table with the reason for each column; `--out` saves it. */
export async function inferCommand(options: InferCommandOptions, io: Io): Promise<void> {
  const { table, inferred, schema } = await loadTable(options.data)
  const reasons = new Map((inferred?.columns ?? []).map((c) => [c.name, c.reason]))
  const out = options.name ? { ...schema, name: options.name } : schema
  io.out(`${options.data}: ${table.nRows} rows × ${schema.columns.length} columns${inferred ? '' : ' (schema stored in the file)'}`)
  io.out('')
  const rows = schemaRows(schema).map((r) => {
    const col = table.columns[r[0]]
    // Categories seen in the data, when the schema does not list them: what a reviewer checks first.
    if (col.type === 'coded' && r[2] === '') {
      const shown = col.dictionary.slice(0, 4).map((c) => (/[,"]|^\s|\s$/.test(c) ? JSON.stringify(c) : c))
      r[2] = `${col.dictionary.length}: ${shown.join(', ')}${col.dictionary.length > 4 ? ', …' : ''}`
    }
    return [...r, reasons.get(r[0]) ?? '']
  })
  io.out(textTable(['column', 'kind', 'details', 'sensitivity', 'why'], rows, 64))
  if (options.out) {
    await writeTextAtomic(options.out, `${JSON.stringify(out, null, 2)}\n`)
    io.out('')
    io.out(`schema written to ${options.out} (edit kinds or sensitivity tags there, then pass it with --schema)`)
  }
}
