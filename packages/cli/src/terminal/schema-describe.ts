import { type ColumnSpec, type TableSchema, sensitivityOf } from '@synthkit/core'

/** A short human description of a column spec's details: `int, 0…72`, `float, 2 decimals`, `3 categories`. */
export function describeSpec(spec: ColumnSpec): string {
  switch (spec.kind) {
    case 'numerical': {
      const parts: string[] = [spec.type]
      if (spec.min !== undefined || spec.max !== undefined) parts.push(`${spec.min ?? '−∞'}…${spec.max ?? '∞'}`)
      if (spec.type === 'float' && spec.precision !== undefined) parts.push(`${spec.precision} decimal${spec.precision === 1 ? '' : 's'}`)
      return parts.join(', ')
    }
    case 'categorical':
      return spec.categories ? `${spec.categories.length} categories${spec.ordered ? ', ordered' : ''}` : spec.ordered ? 'ordered' : ''
    case 'boolean':
      return spec.labels ? `${spec.labels[0]}/${spec.labels[1]}` : 'false/true'
    case 'datetime':
      return spec.format ?? 'ISO 8601'
    case 'id':
      return spec.pattern ? `pattern ${spec.pattern}` : ''
    case 'text':
      return ''
  }
}

/** Rows of (column, kind, details, sensitivity) for a schema. */
export function schemaRows(schema: TableSchema): string[][] {
  return schema.columns.map((c) => [c.name, c.kind, describeSpec(c), sensitivityOf(c)])
}
