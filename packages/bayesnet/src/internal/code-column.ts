import { SynthkitError, type Table } from '@synthkit/core'
import type { PrivateEncoding } from '../private-table'

/** The number of states of an encoding (the missing state included, when there is one). */
export function encodingStates(encoding: PrivateEncoding): number {
  return encoding.type === 'labels'
    ? encoding.labels.length
    : encoding.type === 'values'
      ? encoding.values.length
      : encoding.edges.length - (encoding.missing ? 0 : 1)
}

/**
 * Codes a column of an in-memory table into states (a pure function of public inputs): categories and booleans by
 * label, numbers into bins (values beyond the outer edges go to the outer bins) or to the nearest exact value (the
 * first on a tie); missing values go to the `null` state. A value without a state is a DATA_INVALID error, raised
 * before anything is released.
 */
export function codeColumn(table: Table, name: string, encoding: PrivateEncoding): Int32Array {
  const col = table.columns[name]
  if (!col) throw new SynthkitError('UNKNOWN_COLUMN', `Unknown column "${name}"`, [{ path: name, message: 'not in the table' }])
  const n = table.nRows
  const out = new Int32Array(n)
  if (encoding.type === 'labels') {
    if (col.type !== 'coded')
      throw new SynthkitError('DATA_INVALID', `Column "${name}" is not coded`, [
        { path: name, message: `expected a categorical or boolean column, got ${col.type}` },
      ])
    const index = new Map<string, number>()
    encoding.labels.forEach((l, i) => l !== null && index.set(l, i))
    const missing = encoding.labels.indexOf(null)
    const map = col.dictionary.map((l) => index.get(l) ?? -1)
    const unknown = col.dictionary.filter((_, i) => map[i] < 0)
    let bad = 0
    for (let i = 0; i < n; i++) {
      const c = col.codes[i]
      const s = c < 0 ? missing : map[c]
      if (s < 0) bad++
      out[i] = s
    }
    if (bad > 0) {
      // Data-dependent error, raised before anything is released (see the README: validate against the schema first).
      throw new SynthkitError('DATA_INVALID', `Column "${name}" holds values outside its declared categories`, [
        {
          path: name,
          column: name,
          message:
            `${bad} rows hold values outside the schema's categories` +
            (unknown.length > 0 ? '' : ' or are missing without a missing state'),
        },
      ])
    }
    return out
  }
  if (col.type !== 'numeric')
    throw new SynthkitError('DATA_INVALID', `Column "${name}" is not numeric`, [
      { path: name, message: `expected a numerical or datetime column, got ${col.type}` },
    ])
  const v = col.values
  if (encoding.type === 'bins') {
    const e = encoding.edges
    const bins = e.length - 1
    for (let i = 0; i < n; i++) {
      const x = v[i]
      if (x !== x) {
        out[i] = encoding.missing ? bins : -1
        continue
      }
      let lo = 0
      let hi = bins - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (e[mid] <= x) lo = mid
        else hi = mid - 1
      }
      out[i] = lo
    }
  } else {
    const vals = encoding.values
    const missing = vals.indexOf(null)
    const finite = vals.map((x, i) => [x, i] as const).filter(([x]) => x !== null) as [number, number][]
    for (let i = 0; i < n; i++) {
      const x = v[i]
      if (x !== x) {
        out[i] = missing
        continue
      }
      // nearest declared value (values off the grid are moved to it, as bins clamp)
      let best = finite[0][1]
      let gap = Infinity
      for (const [y, j] of finite) if (Math.abs(y - x) < gap) (gap = Math.abs(y - x)), (best = j)
      out[i] = best
    }
  }
  let bad = 0
  for (let i = 0; i < n; i++) if (out[i] < 0) bad++
  if (bad > 0)
    throw new SynthkitError('DATA_INVALID', `Column "${name}" holds missing values but has no missing state`, [
      { path: name, column: name, message: `${bad} missing values: list the column in options.nullable` },
    ])
  return out
}
