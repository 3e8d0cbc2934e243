// A toy synthesizer for tests: independent empirical marginals of a few telco_churn columns, implementing core's
// protocol. `conditions: 'exact'` is honest for it (columns are independent: conditioning a column leaves the others'
// law unchanged); the variant with `conditions: 'none'` ignores conditions, so the scenario must reject.
import { either as E } from 'fp-ts'
import { type Rng, type Synthesizer, type Table, type TableSchema, SYNTHESIZER_PROTOCOL, fromColumns, synthkitError } from '@synthkit/core'
import { loadRows } from '../../../testing/data'

export interface ToyModel {
  readonly format: 'toy'
  readonly values: Readonly<Record<string, readonly (string | number)[]>>
}

export const TOY_SCHEMA: TableSchema = {
  columns: [
    { name: 'churn', kind: 'categorical', categories: ['No', 'Yes'] },
    { name: 'contract', kind: 'categorical', categories: ['Month-to-month', 'One year', 'Two year'] },
    { name: 'tenure', kind: 'numerical', type: 'int' },
    { name: 'monthly_charges', kind: 'numerical', type: 'float' },
  ],
}

export function fitToy(rows = 3000): ToyModel {
  const data = loadRows('telco_churn', rows)
  return {
    format: 'toy',
    values: {
      churn: data.map((r) => r.churn!),
      contract: data.map((r) => r.contract!),
      tenure: data.map((r) => Number(r.tenure)),
      monthly_charges: data.map((r) => Number(r.monthly_charges)),
    },
  }
}

function sample(model: ToyModel, n: number, rng: Rng, conditions: Record<string, unknown>): Table {
  const columns: Record<string, (string | number)[]> = {}
  for (const c of TOY_SCHEMA.columns) {
    const cond = conditions[c.name]
    let pool = model.values[c.name]!
    if (cond !== undefined) {
      pool =
        typeof cond === 'object' && cond !== null
          ? pool.filter(
              (v) =>
                ((cond as { min?: number }).min ?? -Infinity) <= (v as number) &&
                (v as number) <= ((cond as { max?: number }).max ?? Infinity),
            )
          : pool.filter((v) => String(v) === String(cond))
    }
    const out: (string | number)[] = new Array(n)
    for (let i = 0; i < n; i++) out[i] = pool[Math.floor(rng.next() * pool.length)]!
    columns[c.name] = out
  }
  return fromColumns(columns, TOY_SCHEMA)
}

export function toySynthesizer(conditions: 'exact' | 'none'): Synthesizer<Record<string, never>, ToyModel> {
  return {
    protocol: SYNTHESIZER_PROTOCOL,
    method: conditions === 'exact' ? 'toy' : 'toy-plain',
    packageName: 'toy',
    version: '0.0.0',
    summary: 'independent marginals (test)',
    capabilities: { input: 'table', conditions, constraints: false, randomizedFit: false, differentiallyPrivate: false },
    decodeOptions: () => E.right({}),
    decodeModel: (u) =>
      typeof u === 'object' && u !== null && (u as ToyModel).format === 'toy'
        ? E.right(u as ToyModel)
        : E.left(synthkitError('MODEL_INVALID', 'not a toy model', [{ path: 'format', message: 'expected "toy"' }])),
    fit: () => fitToy(),
    schema: () => ({ kind: 'table', name: 'customers', schema: TOY_SCHEMA }),
    stream: function* (model, request) {
      const n = typeof request.rows === 'number' ? request.rows : 0
      const chunk = request.chunkRows ?? 65536
      const conds = conditions === 'exact' ? ((request.conditions ?? {}) as Record<string, unknown>) : {}
      for (let done = 0; done < n; done += chunk)
        yield { table: 'customers', rows: sample(model, Math.min(chunk, n - done), request.rng, conds) }
    },
    describe: () => ({ title: 'toy', parameters: {}, privacy: { kind: 'none', statement: 'test' }, limitations: [] }),
  }
}
