import { createRng, secureRng } from '@synthkit/core'
import { checkWritable, writeTextAtomic } from '../io/atomic-write'
import { readSchemaFile } from '../io/json-file'
import { loadTable } from '../io/table-io'
import { percent } from '../evaluation/evaluation'
import { type PrivacyResults, privacySummary, runPrivacyAttacks } from '../evaluation/privacy'
import type { Io } from '../terminal/io'
import { textTable } from '../terminal/text-table'

export interface AttackCommandOptions {
  readonly train: string
  readonly synthetic: string
  readonly holdout?: string
  readonly schema?: string
  readonly secret?: string
  readonly quasi?: string
  readonly attacks?: number
  readonly seed?: number
  readonly json?: string
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3))
const ci = (c: readonly [number, number] | undefined) => (c ? `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]` : '')

/** The attack results as the rows of a text table: what, measured, with what chance alone gives. */
export function privacyRows(r: PrivacyResults): string[][] {
  const rows: string[][] = []
  rows.push([
    'DCR to train (median)',
    f3(r.dcr.train.median),
    r.dcr.holdout ? `holdout ${f3(r.dcr.holdout.median)}` : '',
    `${r.dcr.train.exactCopies} exact copies`,
  ])
  rows.push([
    'DCRBaselineProtection',
    f3(r.dcrBaselineProtection.score),
    `random rows ${f3(r.dcrBaselineProtection.medianDcrToReal.randomDataBaseline)}`,
    '1 = as far as random',
  ])
  if (r.dcrOverfittingProtection)
    rows.push([
      'DCROverfittingProtection',
      f3(r.dcrOverfittingProtection.score),
      `closer to train ${percent(r.dcrOverfittingProtection.syntheticDataPercentages.closerToTraining)}`,
      '1 = no overfitting',
    ])
  for (const a of r.membershipInference?.attacks ?? []) rows.push([`membership (${a.attack}) AUC`, f3(a.auc), ci(a.aucCi), 'chance 0.5'])
  for (const [name, a] of [
    ['singling-out risk', r.singlingOut],
    ['linkability risk', r.linkability],
    ['attribute inference risk', r.attributeInference],
  ] as const) {
    if (a) rows.push([name, f3(a.risk.value), ci(a.risk.ci), a.betterThanBaseline ? 'vs control' : 'not better than baseline'])
  }
  if (r.anonymity)
    rows.push([
      `k-anonymity (${r.anonymity.parameters.quasiIdentifiers.join(', ')})`,
      `real ${r.anonymity.real.k}`,
      r.anonymity.synthetic ? `synthetic ${r.anonymity.synthetic.k}` : '',
      `${r.anonymity.real.rowsInRareClasses} real rows in rare classes`,
    ])
  return rows
}

/**
 * `synthkit attack`: the privacy attacks a reviewer runs on a release, against the training rows and (with
 * `--holdout`, real rows the generator never saw) a control set, with confidence intervals and baselines.
 */
export async function attackCommand(options: AttackCommandOptions, io: Io): Promise<PrivacyResults> {
  if (options.json) await checkWritable(options.json)
  const schema = options.schema ? await readSchemaFile(options.schema) : undefined
  const train = await loadTable(options.train, { schema })
  const label = `the schema of ${options.train}`
  const synthetic = await loadTable(options.synthetic, { schema: train.schema, schemaLabel: label })
  const holdout = options.holdout ? await loadTable(options.holdout, { schema: train.schema, schemaLabel: label }) : undefined
  const results = runPrivacyAttacks({
    train: train.table,
    synthetic: synthetic.table,
    holdout: holdout?.table,
    secret: options.secret,
    quasiIdentifiers: options.quasi
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    attacks: options.attacks,
    rng: options.seed !== undefined ? createRng(options.seed) : secureRng(),
    clock: () => performance.now(),
  })
  io.out(textTable(['attack', 'measured', 'range / baseline', 'note'], privacyRows(results)))
  if (!holdout)
    io.out(
      '\nwithout --holdout: membership inference, singling-out, linkability and attribute inference need real rows the generator never saw (a control set)',
    )
  const s = privacySummary(results)
  if (s.maxRisk !== null) io.out(`\nhighest anonymeter risk ${f3(s.maxRisk)}; highest membership AUC ${f3(s.maxMiaAuc)}`)
  if (options.json) {
    await writeTextAtomic(options.json, `${JSON.stringify(results, null, 2)}\n`)
    io.out(`written: ${options.json}`)
  }
  return results
}
