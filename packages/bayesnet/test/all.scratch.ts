import { createRng, toRows, fromRows } from '@synthkit/core'
import { qualityReport } from '@synthkit/metrics'
import { fitBayesNet, fitPrivBayes, sampleBayesNet, parseBayesNetModel } from '../src/index'
import { loadTable } from './helpers'
import { declaredPublic } from './public-schema'
for (const name of [] as const) {
  const t = loadTable(name)
  console.log(name, t.schema.columns.map((c) => `${c.name}:${c.kind}`).join(' '))
  const m = parseBayesNetModel(JSON.parse(JSON.stringify(fitBayesNet(t, {}, { rng: createRng(1) }))))
  const s = sampleBayesNet(m, Math.min(t.nRows, 20000), createRng(2))
  fromRows(toRows(s), t.schema)
  const pub = declaredPublic(t)
  const pm = parseBayesNetModel(JSON.parse(JSON.stringify(fitPrivBayes(pub.table, { nullable: pub.nullable }, { epsilon: 1, noise: createRng(3) }))))
  const ps = sampleBayesNet(pm, Math.min(t.nRows, 20000), createRng(4))
  fromRows(toRows(ps), t.schema)
  const tt = { ...t, nRows: Math.min(t.nRows, 20000) }
  console.log(name, qualityReport(name === 'flights_200k' ? loadTable(name, 20000) : t, s).score, qualityReport(name === 'flights_200k' ? loadTable(name, 20000) : t, ps).score, pm.parameters)
}
{
  const t = loadTable('telco_churn')
  const pub = declaredPublic(t)
  const schema = { ...pub.table.schema, columns: pub.table.schema.columns.map((c) => (c.kind === 'numerical' ? { ...c, min: undefined, max: undefined } : c)) }
  const pm = fitPrivBayes({ ...pub.table, schema: JSON.parse(JSON.stringify(schema)) }, { nullable: pub.nullable }, { epsilon: 1, noise: createRng(4) }, { rng: createRng(1) })
  console.log('dp bounds', JSON.stringify(pm.outputRules), qualityReport(t, sampleBayesNet(pm, t.nRows, createRng(3))).score)
}
