import { createRng, secureRng } from '@synthkit/core'
import { checkWritable, writeTextAtomic } from '../io/atomic-write'
import { readSchemaFile } from '../io/json-file'
import { loadTableWithProgress } from '../terminal/read-progress'
import { type PrivacyResults, f3, privacyRows, privacySummary, runPrivacyAttacks } from '../evaluation/privacy'
import type { Io } from '../terminal/io'
import { textTable } from '../terminal/text-table'
import { renderPrivacyReportHtml } from '../report/privacy-report-html'
import { cliVersion } from '../versions'

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
  /** Write the results as a self-contained HTML report (DCR histograms, ROC curves, the attack table). */
  readonly html?: string
}

/**
 * `synthkit attack`: the privacy attacks a reviewer runs on a release, against the training rows and (with
 * `--holdout`, real rows the generator never saw) a control set, with confidence intervals and baselines.
 */
export async function attackCommand(options: AttackCommandOptions, io: Io): Promise<PrivacyResults> {
  for (const out of [options.json, options.html]) if (out) await checkWritable(out)
  const schema = options.schema ? await readSchemaFile(options.schema) : undefined
  const train = await loadTableWithProgress(io, options.train, { schema })
  const label = `the schema of ${options.train}`
  const synthetic = await loadTableWithProgress(io, options.synthetic, { schema: train.schema, schemaLabel: label })
  const holdout = options.holdout
    ? await loadTableWithProgress(io, options.holdout, { schema: train.schema, schemaLabel: label })
    : undefined
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
  if (options.html) {
    const meta = { train: options.train, synthetic: options.synthetic, holdout: options.holdout }
    const html = renderPrivacyReportHtml({ ...meta, generatedAt: io.now().toISOString(), synthkitVersion: cliVersion() }, results)
    await writeTextAtomic(options.html, html)
    io.out(`written: ${options.html}`)
  }
  return results
}
