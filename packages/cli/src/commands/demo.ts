import { qualityScores } from '@synthkit/metrics'
import { existsSync } from 'node:fs'
import { DATASET_NAMES, datasetBytes, getDataset, isDatasetName } from '@synthkit/datasets'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { atomicWrite, checkWritable, writeTextAtomic } from '../io/atomic-write'
import { buildCard } from '../card/card'
import { cardFile, writeCardFiles } from '../card/card-files'
import { CliError } from '../terminal/cli-error'
import { evaluateTables, percent } from '../evaluation/evaluation'
import type { Io } from '../terminal/io'
import { columnDistributions } from '../report/report-data'
import { renderReportHtml } from '../report/report-html'
import { loadTable } from '../io/table-io'
import { cliVersion, synthkitVersions } from '../versions'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { fitToFile, sampleToFile } from '../synthesizers/run'
import { f3, privacyRows, privacySummary, runPrivacyAttacks } from '../evaluation/privacy'
import { createRng } from '@synthkit/core'
import { createValueGenerator, generateScenario, parseScenario } from '@synthkit/rules'
import { writeTables } from '../io/write-tables'
import { cardInference } from '../card/card-inference'

/**
 * A bundled dataset of @synthkit/datasets (default telco_churn) as a CSV file: written once into the OS temp folder
 * (the commands read files), checked by its SHA-256 in the folder name.
 */
export async function demoDataPath(name = 'telco_churn'): Promise<string> {
  if (!isDatasetName(name)) throw new CliError(`unknown dataset "${name}"; bundled: ${DATASET_NAMES.join(', ')}`)
  const dataset = getDataset(name)
  const dir = join(tmpdir(), `synthkit-datasets-${dataset.sha256.slice(0, 16)}`)
  const file = join(dir, `${name}.csv`)
  if (existsSync(file)) return file
  await mkdir(dir, { recursive: true })
  await atomicWrite(file, (temp) => writeFile(temp, datasetBytes(dataset)))
  return file
}

export interface DemoCommandOptions {
  readonly data?: string
  /** A bundled dataset by name (see @synthkit/datasets); default telco_churn. */
  readonly dataset?: string
  readonly outDir: string
  readonly rows?: number
  readonly seed: number
  readonly method?: string
  readonly purpose?: string
}

/** The demo's multi-table scenario (see @synthkit/rules): customers → orders → items, every key consistent. */
const DEMO_SCENARIO = `
version: 1
locale: en
anchor: "2025-01-01T00:00:00Z"
tables:
  customers:
    rows: 500
    key: id
    fields:
      id: { type: sequence, pattern: "C-{00000}" }
      name: { type: faker, method: person.fullName }
      email: { type: faker, method: internet.email, unique: true }
      signed_up: { type: date, min: -730, max: 0, format: "YYYY-MM-DD" }
      plan: { type: choice, values: [month-to-month, one-year, two-year], weights: [55, 25, 20] }
    edgeCases:
      - { rule: missing, field: email, rate: 0.02 }
  orders:
    parent: { table: customers, count: { type: poisson, lambda: 2.3 } }
    key: order_id
    fields:
      order_id: { type: sequence, pattern: "INV-{000000}" }
      customer_id: { type: parent, field: id }
      amount: { type: lognormal, mu: 3.5, sigma: 0.7, min: 1, precision: 2 }
  items:
    parent: { table: orders, count: { type: integer, min: 1, max: 5 } }
    fields:
      order_id: { type: parent, field: order_id }
      quantity: { type: geometric, p: 0.6, max: 20 }
`

const DEFAULT_PURPOSE = 'Demonstration of synthkit: a synthetic copy of the telco churn sample data for trying out the tools.'

/**
 * `synthkit demo`: the whole pipeline on one dataset — infer the schema, fit the default synthesizer (or `--method`), sample as many rows as
 * the input, evaluate, and write the synthetic CSV, the HTML report, the model and the dataset card into one folder.
 */
export async function demoCommand(options: DemoCommandOptions, io: Io, registry: SynthesizerRegistry): Promise<void> {
  if (options.data !== undefined && options.dataset !== undefined) throw new CliError('give --data or --dataset, not both')
  const data = options.data ?? (await demoDataPath(options.dataset))
  const name = basename(data).replace(/\.[^.]+$/, '')
  const bundled = options.data === undefined && (options.dataset ?? 'telco_churn') === 'telco_churn'
  const dir = options.outDir
  try {
    await mkdir(dir, { recursive: true })
  } catch (e) {
    throw new CliError(`cannot create the output folder ${dir} (${(e as { code?: string }).code ?? String(e)})`)
  }
  const path = (f: string) => join(dir, f)
  for (const f of ['schema.json', 'model.json', 'holdout.csv', 'synthetic.csv', 'report.html', 'card.md', 'card.json'])
    await checkWritable(path(f))
  const t0 = performance.now()
  const real = await loadTable(data)
  io.out(
    `1/5 schema   ${real.table.nRows.toLocaleString('en-US')} rows × ${real.schema.columns.length} columns of ${data} (${real.schema.columns
      .map((c) => c.kind)
      .filter((k, i, a) => a.indexOf(k) === i)
      .join(', ')})`,
  )
  await writeTextAtomic(path('schema.json'), `${JSON.stringify(real.schema, null, 2)}\n`)
  const method = options.method ?? registry.defaultMethod
  const fitted = await fitToFile(
    {
      data,
      schema: real.schema,
      schemaSource: 'inferred from the real data by synthkit infer',
      method,
      out: path('model.json'),
      seed: options.seed,
      // a fifth of the rows never reach the fit: the privacy attacks' control set
      holdoutFraction: 0.2,
      holdoutOut: path('holdout.csv'),
    },
    io,
    registry,
  )
  const { synthesizer, description } = fitted
  io.out(
    `2/5 fit      ${description.title} (${synthesizer.method}) on ${fitted.training.nRows.toLocaleString('en-US')} rows in ${fitted.file.lineage.fitSeconds.toFixed(2)} s (${fitted.holdout?.nRows.toLocaleString('en-US')} held out for the privacy attacks)`,
  )
  const rows = options.rows ?? real.table.nRows
  const sampled = await sampleToFile(
    {
      model: { synthesizer, model: fitted.model, lineage: fitted.file.lineage, path: path('model.json') },
      rows,
      out: path('synthetic.csv'),
      seed: options.seed,
    },
    io,
  )
  io.out(`3/5 sample   ${rows.toLocaleString('en-US')} rows in ${sampled.seconds.toFixed(2)} s`)
  const synthetic = await loadTable(path('synthetic.csv'), { schema: real.schema, schemaLabel: `the schema of ${data}` })
  // Per-constraint validity (real vs synthetic) of what the fit enforced, in the report and the card.
  const enforced = fitted.file.constraints?.records.filter((r) => r.enforced).map((r) => r.constraint) ?? []
  const evaluation = evaluateTables(real.table, synthetic.table, { ...real.schema, constraints: enforced })
  const { columnShapes: shapes, columnPairTrends: trends } = qualityScores(evaluation.quality)
  io.out(
    `4/5 evaluate quality ${percent(evaluation.quality.score)} (column shapes ${percent(shapes)}, pair trends ${percent(trends)}), diagnostic ${percent(evaluation.diagnostic.score)}, ${evaluation.newRows.copiedRows} copied rows`,
  )
  const privacy = runPrivacyAttacks({
    train: fitted.training,
    synthetic: synthetic.table,
    holdout: fitted.holdout,
    rng: createRng(options.seed),
  })
  const summary = privacySummary(privacy)
  io.out(
    `         privacy: membership AUC ${f3(summary.maxMiaAuc)} (chance 0.5), highest anonymeter risk ${f3(summary.maxRisk)}, DCRBaselineProtection ${f3(summary.dcrBaselineProtection)}`,
  )
  const now = io.now().toISOString()
  const inference = cardInference({
    schema: real.schema,
    schemaSource: 'inferred from the real data by synthkit infer',
    inferred: real.inferred,
    cellProblemCount: real.cellProblemCount,
  })
  await writeTextAtomic(
    path('report.html'),
    renderReportHtml({
      meta: {
        title: bundled ? 'synthkit demo: telco churn' : `synthkit demo: ${name}`,
        real: data,
        synthetic: path('synthetic.csv'),
        generatedAt: now,
        synthkitVersion: cliVersion(),
        generator: `${description.title}, seed ${options.seed}`,
      },
      schema: real.schema,
      evaluation,
      distributions: columnDistributions(real.table, synthetic.table, real.schema, evaluation),
      privacy,
      inference,
    }),
  )
  const card = buildCard({
    title: bundled ? 'Synthetic telco churn (synthkit demo)' : `Synthetic ${name} (synthkit demo)`,
    purpose: options.purpose ?? (bundled ? DEFAULT_PURPOSE : undefined),
    createdAt: now,
    schema: real.schema,
    schemaSource: 'inferred from the real data by synthkit infer',
    realTable: real.table,
    real: await cardFile(data, real.table.nRows, real.schema.columns.length),
    synthetic: await cardFile(path('synthetic.csv'), synthetic.table.nRows, real.schema.columns.length),
    lineage: fitted.file.lineage,
    generator: { method: synthesizer.method, package: synthesizer.packageName, version: synthesizer.version, description },
    sampling: { rows, seed: options.seed, conditions: null, sampledAt: now, seconds: sampled.seconds },
    versions: synthkitVersions(registry),
    evaluation,
    attacks: { ...summary, rows: privacyRows(privacy) },
    constraints: fitted.file.constraints,
    inference,
  })
  await writeCardFiles(path('card.md'), card)
  io.out(`5/5 write    ${dir}/: synthetic.csv, report.html, card.md, card.json, model.json, schema.json, holdout.csv`)
  // The multi-table side: a scenario generated from rules alone (no real data), with its foreign keys.
  const scenario = generateScenario(parseScenario(DEMO_SCENARIO), { seed: options.seed, values: createValueGenerator() })
  const tables = await writeTables(path('scenario'), 'csv', (t) => scenario.schema.tables[t], scenario.stream())
  io.out(
    `         scenario ${tables.map((t) => `${t.table} ${t.rows.toLocaleString('en-US')}`).join(', ')} rows → ${path('scenario')}/ (synthkit generate, no real data)`,
  )
  io.out('')
  io.out(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s. Open ${path('report.html')} in a browser; read ${path('card.md')}.`)
}
