// A sampler the CLI has never heard of, defined here, goes through fit → sample → evaluate → card → gate by the
// CLI's own functions: adding a method needs a registry entry and nothing else.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as t from 'io-ts'
import { either as E } from 'fp-ts'
import { copulaSynthesizer } from '@synthkit/copula'
import {
  type CodedColumnData,
  type Synthesizer,
  SYNTHESIZER_PROTOCOL,
  SynthkitError,
  type TableSchema,
  columnRecord,
  createTable,
  ioTsIssues,
  streamRows,
  uniformInt,
} from '@synthkit/core'
import { afterAll, describe, expect, it } from 'vitest'
import { createRegistry, readModelFile } from '../src/index'
import { runMain, tempDir } from './helpers'

/** Resamples each categorical column independently from its frequencies: a "marginals only" sampler. */
const ToyModel = t.type({ toy: t.literal(1), schema: t.unknown, counts: t.record(t.string, t.array(t.number)), rows: t.number })
type ToyModel = { toy: 1; schema: TableSchema; counts: Record<string, number[]>; rows: number }
const ToyOptions = t.partial({ smoothing: t.number })

const toy: Synthesizer<t.TypeOf<typeof ToyOptions>, ToyModel> = {
  protocol: SYNTHESIZER_PROTOCOL,
  method: 'toy-marginals',
  packageName: '@example/toy',
  version: '0.0.1',
  summary: 'independent categorical marginals (test only)',
  capabilities: { input: 'table', conditions: 'none', constraints: false, randomizedFit: false, differentiallyPrivate: false },
  optionFlags: [{ key: 'smoothing', flag: 'smoothing', description: 'toy: add-k smoothing of counts', parse: 'number' }],
  decodeOptions: (u) =>
    E.mapLeft((e: t.Errors) => new SynthkitError('OPTIONS_INVALID', 'bad toy options', ioTsIssues(e)))(ToyOptions.decode(u)),
  decodeModel: (u) =>
    E.mapLeft((e: t.Errors) => new SynthkitError('MODEL_INVALID', 'bad toy model', ioTsIssues(e)))(ToyModel.decode(u)) as E.Either<
      SynthkitError,
      ToyModel
    >,
  fit(input, options) {
    if (input.kind !== 'table') throw new SynthkitError('UNSUPPORTED', 'one table')
    const schema: TableSchema = { columns: input.table.schema.columns.filter((c) => c.kind === 'categorical' || c.kind === 'boolean') }
    const counts: Record<string, number[]> = {}
    for (const c of schema.columns) {
      const col = input.table.columns[c.name] as CodedColumnData
      const k = new Array(col.dictionary.length).fill(options.smoothing ?? 0)
      for (const code of col.codes) if (code >= 0) k[code]++
      counts[c.name] = k
    }
    return {
      toy: 1,
      schema: {
        columns: schema.columns.map((c) =>
          c.kind === 'categorical' ? { ...c, categories: (input.table.columns[c.name] as CodedColumnData).dictionary as string[] } : c,
        ),
      },
      counts,
      rows: input.table.nRows,
    }
  },
  schema: (m) => ({ kind: 'table', name: 'toy', schema: m.schema }),
  *stream(m, request) {
    const draw = (n: number, rng: Parameters<typeof uniformInt>[0]) => {
      const columns = columnRecord()
      for (const c of m.schema.columns) {
        const k = m.counts[c.name]
        const total = k.reduce((a, b) => a + b, 0)
        const codes = new Int32Array(n)
        for (let i = 0; i < n; i++) {
          let u = uniformInt(rng, total)
          let j = 0
          while (u >= k[j]) u -= k[j++]
          codes[i] = j
        }
        columns[c.name] = { type: 'coded', codes, dictionary: c.kind === 'categorical' ? c.categories! : ['false', 'true'] }
      }
      return createTable(m.schema, columns)
    }
    for (const rows of streamRows(draw, { rows: request.rows as number, rng: request.rng, chunkRows: request.chunkRows }))
      yield { table: 'toy', rows }
  },
  describe: (m) => ({
    title: 'Toy marginals',
    parameters: { columns: m.schema.columns.length },
    privacy: { kind: 'none', statement: 'test sampler' },
    limitations: ['Keeps no dependence between columns.'],
    trainingRows: m.rows,
  }),
}

describe('a new synthesizer through the CLI with one registry entry', () => {
  const { dir, cleanup } = tempDir()
  afterAll(cleanup)
  const registry = createRegistry([copulaSynthesizer, toy])
  const real = join(dir, 'real.csv')
  const rows = ['plan,region,churn']
  for (let i = 0; i < 600; i++)
    rows.push(`${['basic', 'plus', 'pro'][i % 3]},${['north', 'south'][(i * 7) % 2]},${i % 5 === 0 ? 'yes' : 'no'}`)
  writeFileSync(real, `${rows.join('\n')}\n`)

  it('fits (with its own flag), samples, evaluates, writes the card and passes a gate', async () => {
    const model = join(dir, 'toy.json')
    const fit = await runMain(
      ['fit', '--data', real, '--method', 'toy-marginals', '--smoothing', '1', '--out', model, '--seed', '3'],
      registry,
    )
    expect(fit.stderr).toBe('')
    expect(fit.code).toBe(0)
    expect(fit.stdout).toMatch(/fitted toy-marginals \(Toy marginals\)/)
    const loaded = await readModelFile(model, registry)
    expect(loaded.lineage).toMatchObject({ seed: 3, package: '@example/toy', packageVersion: '0.0.1', options: { smoothing: 1 } })
    const synthetic = join(dir, 'synthetic.csv')
    const sample = await runMain(
      ['sample', '--model', model, '--rows', '900', '--out', synthetic, '--seed', '4', '--chunk-rows', '100'],
      registry,
    )
    expect(sample.stderr).toBe('')
    expect(sample.code).toBe(0)
    expect(readFileSync(synthetic, 'utf8').trim().split('\n')).toHaveLength(901)
    const card = join(dir, 'card.md')
    const evaluate = await runMain(['evaluate', '--real', real, '--synthetic', synthetic, '--model', model, '--card', card], registry)
    expect(evaluate.stderr).toBe('')
    expect(evaluate.code).toBe(0)
    const json = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8'))
    expect(json.generator).toMatchObject({ method: 'toy-marginals', title: 'Toy marginals', package: '@example/toy', version: '0.0.1' })
    expect(json.limitations).toContain('Keeps no dependence between columns.')
    expect(json.privacy.differentialPrivacy).toEqual({ kind: 'none', statement: 'test sampler' })
    const gate = await runMain(['gate', '--real', real, '--synthetic', synthetic, '--min-shapes', '0.9'], registry)
    expect(gate.stderr).toBe('')
    expect(gate.code).toBe(0)
    // the copula's flag is refused for the toy method, naming the method's own options
    const wrong = await runMain(
      ['fit', '--data', real, '--method', 'toy-marginals', '--marginal', 'normal', '--out', join(dir, 'x.json')],
      registry,
    )
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/--marginal is not an option of toy-marginals \(its options: --smoothing\)/)
  })

  it('refuses a registry with a clashing method, flag or protocol version', () => {
    expect(() => createRegistry([toy, toy])).toThrow(/registered twice/)
    expect(() => createRegistry([{ ...toy, protocol: 2 as never }])).toThrow(/targets synthesizer protocol 2/)
    expect(() =>
      createRegistry([
        toy,
        { ...toy, method: 'other', optionFlags: [{ key: 'alpha', flag: 'smoothing', description: '', parse: 'string' }] },
      ]),
    ).toThrow(/--smoothing means/)
    expect(() => createRegistry([{ ...toy, optionFlags: [{ key: 'x', flag: 'seed', description: '', parse: 'string' }] }])).toThrow(
      /CLI's own/,
    )
  })
})
