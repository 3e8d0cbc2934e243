import { checkWritable, writeTextAtomic } from '../io/atomic-write'
import type { Io } from '../terminal/io'
import { schemaRows } from '../terminal/schema-describe'
import type { LoadOptions } from '../io/table-io'
import { loadTableWithProgress } from '../terminal/read-progress'
import { inferenceProblemLines } from '../terminal/inference-report'
import { textTable } from '../terminal/text-table'

export interface InferCommandOptions {
  readonly data: string
  readonly out?: string
  readonly name?: string
  /** How to read and infer (missing markers, ids, kinds …: see io/input-flags.ts). */
  readonly load?: LoadOptions
  /**
   * Write each categorical column's observed categories into the schema. A differentially private fit treats the
   * schema as public, so this declares the category sets public: review them (drop rare, identifying values) first.
   */
  readonly withCategories?: boolean
}

/** `synthkit infer`: prints the inferred schema as a table with the reason for each column; `--out` saves it. */
export async function inferCommand(options: InferCommandOptions, io: Io): Promise<void> {
  if (options.out) await checkWritable(options.out)
  const { table, inferred, schema, cellProblemCount } = await loadTableWithProgress(io, options.data, options.load)
  const reasons = new Map((inferred?.columns ?? []).map((c) => [c.name, c.reason]))
  const named = options.name ? { ...schema, name: options.name } : schema
  const out = options.withCategories
    ? {
        ...named,
        columns: named.columns.map((c) => {
          const col = table.columns[c.name]
          return c.kind === 'categorical' && c.categories === undefined && col.type === 'coded'
            ? { ...c, categories: [...col.dictionary] }
            : c
        }),
      }
    : named
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
  const problems = inferred ? inferenceProblemLines(inferred, cellProblemCount) : []
  if (problems.length > 0) {
    io.out('')
    for (const line of problems) io.out(line)
  }
  if (options.out) {
    await writeTextAtomic(options.out, `${JSON.stringify(out, null, 2)}\n`)
    io.out('')
    io.out(`schema written to ${options.out} (edit kinds or sensitivity tags there, then pass it with --schema)`)
  }
}
