// Detection, pMSE, new-row synthesis, ML efficacy and fairness on real data: seconds per metric and rows/s.
import { type Table, createRng, fromColumns, inferSchema } from '@synthkit/core'
import { loadColumns, referencePath } from '../../../testing/data'
import { detection, fairness, mlEfficacy, newRowSynthesis, pmse, shuffleColumns } from '../src/index'
import { loadReference, schemaFromMetadata } from '../test/sdmetrics-reference'

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const out = f()
  return [out, (performance.now() - t0) / 1000]
}

const cases: { name: string; real: Table; synthetic: Table; kind: string; target: string; sensitive: string }[] = []
{
  const schema = schemaFromMetadata(loadReference('telco_churn').metadata)
  cases.push({
    name: 'telco_churn',
    real: fromColumns(loadColumns('telco_churn'), schema),
    synthetic: fromColumns(loadColumns(referencePath('sdmetrics/telco_churn.sdv-synthetic.csv')), schema),
    kind: 'SDV output',
    target: 'churn',
    sensitive: 'senior_citizen',
  })
  const raw = loadColumns('adult')
  const real = fromColumns(raw, inferSchema(raw).schema)
  cases.push({
    name: 'adult',
    real,
    synthetic: shuffleColumns(real, createRng(1)),
    kind: 'column shuffle',
    target: 'income',
    sensitive: 'sex',
  })
}

console.log('| dataset | rows | synthetic | metric | result | seconds | rows/s |')
console.log('|---|---|---|---|---|---|---|')
for (const c of cases) {
  const n = c.real.nRows + c.synthetic.nRows
  const row = (metric: string, result: string, s: number, rows = n) =>
    console.log(
      `| ${c.name} | ${c.real.nRows.toLocaleString('en-US')} | ${c.kind} | ${metric} | ${result} | ${s.toFixed(3)} | ${Math.round(rows / s).toLocaleString('en-US')} |`,
    )
  const [d, td] = time(() => detection(c.real, c.synthetic, { rng: createRng(7) }))
  row(
    'detection (5-fold, ≤10k rows/side, LR + trees)',
    d.models.map((m) => `${m.model} AUC ${m.auc.toFixed(3)}`).join(', '),
    td,
    d.rows.usedReal + d.rows.usedSynthetic,
  )
  const [p, tp] = time(() => pmse(c.real, c.synthetic))
  row('pMSE', `ratio ${p.ratio.toFixed(1)}`, tp)
  const [nr, tn] = time(() => newRowSynthesis(c.real, c.synthetic))
  row('new-row synthesis', `${nr.copiedRows} copied, rate ${nr.newRowRate.toFixed(4)}`, tn)
  const [ml, tm] = time(() => mlEfficacy(c.real, c.synthetic, { target: c.target, rng: createRng(8) }))
  const f1 = (s: typeof ml.trainedOnReal) => ('f1' in s ? s.f1.toFixed(3) : '?')
  row(`ML efficacy (${c.target}, boosted trees)`, `F1 real ${f1(ml.trainedOnReal)} / synthetic ${f1(ml.trainedOnSynthetic)}`, tm)
  const [fa, tf] = time(() => fairness(c.real, c.synthetic, { sensitive: [c.sensitive], outcome: { column: c.target } }))
  const col = fa.columns[0]
  row(
    `fairness (${c.sensitive} × ${c.target})`,
    `parity gap real ${col.realParityGap?.toFixed(3)} / synthetic ${col.syntheticParityGap?.toFixed(3)}`,
    tf,
  )
}
