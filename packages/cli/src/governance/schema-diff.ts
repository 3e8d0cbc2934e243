/** A column as cards and schemas name it. */
export interface NamedColumn {
  readonly name: string
  readonly kind: string
}

/**
 * How a table's columns changed from `before` to `after`: each column added, removed or retyped (another kind),
 * as one sentence each, in the order of the columns. Empty when the schemas agree on names and kinds.
 */
export function schemaChanges(before: readonly NamedColumn[], after: readonly NamedColumn[]): string[] {
  const old = new Map(before.map((c) => [c.name, c.kind]))
  const now = new Map(after.map((c) => [c.name, c.kind]))
  const out: string[] = []
  for (const c of before) if (!now.has(c.name)) out.push(`column "${c.name}" (${c.kind}) removed`)
  for (const c of after) {
    const k = old.get(c.name)
    if (k === undefined) out.push(`column "${c.name}" (${c.kind}) added`)
    else if (k !== c.kind) out.push(`column "${c.name}" retyped: ${k} → ${c.kind}`)
  }
  return out
}
