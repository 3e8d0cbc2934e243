import { readFile } from 'node:fs/promises'
import { type TableSchema, decodeTableSchema } from '@synthkit/core'
import { either as E } from 'fp-ts'
import { CliError } from '../terminal/cli-error'

/** Reads and parses a JSON file; a missing file or bad JSON is an input error naming the file (and the position). */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const code = (e as { code?: string }).code
    throw new CliError(
      `${path}: ${code === 'ENOENT' ? `no such ${what} file` : code === 'EISDIR' ? 'is a folder' : `cannot read the ${what} file (${code ?? String(e)})`}`,
    )
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new CliError(`${path}: the ${what} file is not valid JSON (${(e as Error).message})`)
  }
}

/** Reads a table schema file (as written by `synthkit infer --out`) and validates it, naming the first bad field. */
export async function readSchemaFile(path: string): Promise<TableSchema> {
  const json = await readJsonFile(path, 'schema')
  const decoded = decodeTableSchema(json)
  if (E.isLeft(decoded)) {
    const first = decoded.left.issues[0]
    const more = decoded.left.issues.length > 1 ? ` (+${decoded.left.issues.length - 1} more)` : ''
    throw new CliError(
      `${path}: invalid schema: ${first ? `${first.path || '(root)'}: ${first.message}` : decoded.left.message}${more}`,
      undefined,
      decoded.left.issues.map((i) => `${i.path}: ${i.message}`),
    )
  }
  return decoded.right
}
