import * as t from 'io-ts'
import { either as E } from 'fp-ts'
import { Constraint, ioTsIssues } from '@synthkit/core'
import { readJsonFile } from '../io/json-file'
import { CliError } from '../terminal/cli-error'

/** Version of the JSON `synthkit constraints discover` writes. */
export const CONSTRAINTS_FILE_FORMAT = 'synthkit.constraints'

const ConstraintList = t.array(Constraint, 'Constraint[]')

/**
 * Decodes a constraints file: a JSON array of constraints, or an object with a `constraints` array (what
 * `synthkit constraints discover` writes; its other fields are information and ignored). Every problem is listed
 * with its path (`constraints.3.when.equals: …`).
 */
export function decodeConstraintsJson(json: unknown, path: string): Constraint[] {
  const list = Array.isArray(json)
    ? json
    : typeof json === 'object' && json !== null
      ? (json as { constraints?: unknown }).constraints
      : undefined
  if (!Array.isArray(list))
    throw new CliError(
      `${path}: expected a JSON array of constraints, or an object with a "constraints" array (see synthkit constraints discover)`,
    )
  const decoded = ConstraintList.decode(list)
  if (E.isLeft(decoded)) {
    const issues = ioTsIssues(decoded.left).map((i) => ({ ...i, path: i.path ? `constraints.${i.path}` : 'constraints' }))
    const first = issues[0]!
    throw new CliError(
      `${path}: invalid constraint: ${first.path}: ${first.message}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`,
      undefined,
      issues.map((i) => `${i.path}: ${i.message}`),
    )
  }
  return decoded.right
}

/** Reads `--constraints file.json` (see {@link decodeConstraintsJson}); undefined when no file is given. */
export async function readConstraintsFile(path: string | undefined): Promise<Constraint[] | undefined> {
  if (path === undefined) return undefined
  return decodeConstraintsJson(await readJsonFile(path, 'constraints'), path)
}
