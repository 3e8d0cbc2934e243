import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRng } from '@synthkit/core'
import Ajv2020 from 'ajv/dist/2020'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PACKAGE_DIR, runMain, tempDir } from './helpers'

// The card and the HTML report say what inference did to the real data and show the opt-in metrics asked for.
// Runs through `main` in this process (the card's contents are tested, not the process boundary).
// Data: 400 patients with a key, a free-text note and an e-mail (not modelled), and an income column with two
// values that are not numbers at known rows (7 and 12, 1-based): the card must name both with their rows.

const tmp = tempDir()
afterAll(tmp.cleanup)
const at = (f: string) => join(tmp.dir, f)
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'))

const schemaJson = json(join(PACKAGE_DIR, 'schema/card.schema.json'))
const ajv = new Ajv2020({ allErrors: true, strict: true })
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)))
const validate = ajv.compile(schemaJson)

const HEADER = 'patient_id,age,income,gender,churn,note,email'
const NAMES = ['Ana', 'Ben', 'Cleo', 'Dan', 'Eva', 'Finn', 'Gus', 'Hana']

beforeAll(() => {
  const rng = createRng(11)
  const int = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1))
  const real: string[][] = []
  for (let i = 0; i < 400; i++) {
    const age = int(18, 80)
    const churn = rng.next() < (age > 60 ? 0.4 : 0.2) ? 'yes' : 'no'
    real.push([
      `P${100000 + i}`,
      String(age),
      (30000 + rng.next() * 40000).toFixed(2),
      rng.next() < 0.5 ? 'f' : 'm',
      churn,
      `call ${i} about plan ${int(1, 999999)} ${NAMES[int(0, NAMES.length - 1)]}`,
      `user${i}.${int(1, 999)}@example.com`,
    ])
  }
  real[6][2] = 'abc'
  real[11][2] = 'n.a.'
  // the "synthetic" table: real rows jittered (a stand-in generator; only the card's contents are tested)
  const synthetic = real
    .slice(0, 300)
    .map((r, i) => [
      `S${i}`,
      String(Math.min(80, Math.max(18, Number(r[1]) + int(-3, 3)))),
      Number.isFinite(Number(r[2])) ? (Number(r[2]) * (0.9 + 0.2 * rng.next())).toFixed(2) : '40000.00',
      r[3],
      rng.next() < 0.1 ? (r[4] === 'yes' ? 'no' : 'yes') : r[4],
      `note ${i}`,
      `someone${i}@example.org`,
    ])
  const csv = (rows: string[][]) => `${HEADER}\n${rows.map((r) => r.join(',')).join('\n')}\n`
  writeFileSync(at('real.csv'), csv(real))
  writeFileSync(at('synthetic.csv'), csv(synthetic))
  writeFileSync(
    at('schema.json'),
    JSON.stringify({
      columns: [
        { name: 'patient_id', kind: 'id' },
        { name: 'age', kind: 'numerical', type: 'int' },
        { name: 'income', kind: 'numerical', type: 'float' },
        { name: 'gender', kind: 'categorical' },
        { name: 'churn', kind: 'categorical' },
        { name: 'note', kind: 'text' },
        { name: 'email', kind: 'text', sensitivity: 'pii' },
      ],
    }),
  )
})

const METRIC_FLAGS = ['--detection', '--pmse', '--ml-efficacy', '--target', 'churn', '--fairness', '--sensitive', 'gender']

describe('synthkit card: inference problems and opt-in metrics', () => {
  it('lists every column not modelled or not scored, and the offending values with their rows (JSON, valid against the schema)', async () => {
    const r = await runMain(['card', '--real', at('real.csv'), '--synthetic', at('synthetic.csv'), '--out', at('plain.md')])
    expect(r.code, r.stderr).toBe(0)
    // the warnings evaluate prints, on stderr
    expect(r.stderr).toMatch(/^warning: column "income": 2 values are not numbers .*\[rows 7, 12\]$/m)
    const card = json(at('plain.json'))
    expect(validate(card), JSON.stringify(validate.errors)).toBe(true)
    expect(card.inference.schemaInferred).toBe(true)
    const byName = Object.fromEntries(card.inference.columns.map((c: { name: string }) => [c.name, c]))
    expect(Object.keys(byName).sort()).toEqual(['email', 'income', 'note', 'patient_id'])
    expect(byName.patient_id).toMatchObject({ kind: 'id', modelled: false, scored: false })
    expect(byName.email).toMatchObject({ kind: 'text', sensitivity: 'pii', modelled: false, scored: false })
    expect(byName.note).toMatchObject({ modelled: false, scored: false })
    expect(byName.income).toMatchObject({ kind: 'numerical', modelled: true, scored: true })
    // the two bad incomes, at the rows they were written to (1-based data rows)
    expect(byName.income.problems[0].examples).toEqual([
      { row: 7, value: 'abc' },
      { row: 12, value: 'n.a.' },
    ])
    expect(card.inference.cellsReadAsMissing).toBe(2)
    // the schema checks the section: a row number counts from 1, a column says whether it is modelled
    const badRow = structuredClone(card)
    badRow.inference.columns[1].problems[0].examples[0].row = 0
    expect(validate(badRow)).toBe(false)
    const noFlag = structuredClone(card)
    delete noFlag.inference.columns[0].modelled
    expect(validate(noFlag)).toBe(false)
    // the same lines infer prints
    const infer = await runMain(['infer', '--data', at('real.csv')])
    const printed = infer.stdout.split('\n').filter((l) => /^(warning|note): /.test(l))
    expect(card.inference.lines).toEqual(printed)
    // no metric asked for: none computed
    expect(card.metrics).toBeNull()
    const md = readFileSync(at('plain.md'), 'utf8')
    expect(md).toContain('## Columns not modelled, not scored, or not read as is')
    expect(md).toMatch(/\| income \| numerical \| public \| yes \| yes \| .* \| "abc" \(7\), "n\.a\." \(12\) \|/)
    expect(md).toMatch(/\| email \| text \| pii \| no \| no \|/)
    expect(md).not.toContain('More metrics')
  })

  it('with a given schema, lists the columns it declares as ids, text or pii', async () => {
    const r = await runMain([
      'card',
      '--real',
      at('real.csv'),
      '--synthetic',
      at('synthetic.csv'),
      '--schema',
      at('schema.json'),
      '--out',
      at('given.md'),
    ])
    // the given schema refuses "abc" in income: a clear input error, not a silent placeholder
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/row 7 .*column "income"/)
    const clean = readFileSync(at('real.csv'), 'utf8').replace(',abc,', ',41000,').replace(',n.a.,', ',42000,')
    writeFileSync(at('real-clean.csv'), clean)
    const ok = await runMain([
      'card',
      '--real',
      at('real-clean.csv'),
      '--synthetic',
      at('synthetic.csv'),
      '--schema',
      at('schema.json'),
      '--out',
      at('given.md'),
    ])
    expect(ok.code, ok.stderr).toBe(0)
    const card = json(at('given.json'))
    expect(validate(card), JSON.stringify(validate.errors)).toBe(true)
    expect(card.inference.schemaInferred).toBe(false)
    expect(card.inference.columns.map((c: { name: string; modelled: boolean }) => [c.name, c.modelled])).toEqual([
      ['patient_id', false],
      ['note', false],
      ['email', false],
    ])
    expect(card.inference.columns[0].reason).toContain(`schema file ${at('schema.json')}`)
  })

  it('card takes the opt-in metric flags of evaluate and shows the same results (JSON and Markdown)', async () => {
    const r = await runMain([
      'card',
      '--real',
      at('real.csv'),
      '--synthetic',
      at('synthetic.csv'),
      '--out',
      at('metrics.md'),
      ...METRIC_FLAGS,
    ])
    expect(r.code, r.stderr).toBe(0)
    const card = json(at('metrics.json'))
    expect(validate(card), JSON.stringify(validate.errors)).toBe(true)
    const e = await runMain([
      'evaluate',
      '--real',
      at('real.csv'),
      '--synthetic',
      at('synthetic.csv'),
      '--json',
      at('eval.json'),
      ...METRIC_FLAGS,
    ])
    expect(e.code, e.stderr).toBe(0)
    const m = json(at('eval.json')).metrics
    // both commands run the metrics with the same default seed: the card carries evaluate's numbers
    expect(card.metrics.detection.score).toBe(m.detection.score)
    expect(card.metrics.detection.models.map((x: { auc: number }) => x.auc)).toEqual(m.detection.models.map((x: { auc: number }) => x.auc))
    expect(card.metrics.pmse).toEqual({ pMSE: m.pmse.pMSE, ratio: m.pmse.ratio, standardized: m.pmse.standardized })
    expect(card.metrics.mlEfficacy).toMatchObject({
      target: 'churn',
      task: 'classification',
      score: m.mlEfficacy.score,
      metric: 'macro F1',
    })
    expect(card.metrics.mlEfficacy.trainedOnReal).toBe(m.mlEfficacy.trainedOnReal.f1)
    expect(card.metrics.fairness.gap).toBe(m.fairnessGap)
    expect(card.metrics.fairness.columns.map((c: { column: string }) => c.column)).toEqual(['gender'])
    expect(card.metrics.rows.map((row: string[]) => row[0])).toEqual(['Detection', 'pMSE', 'ML efficacy (churn)', 'Fairness gap'])
    const md = readFileSync(at('metrics.md'), 'utf8')
    expect(md).toContain('| metric | value | what it says |')
    expect(md).toContain(`| Detection | ${card.metrics.rows[0][1]} |`)
    expect(md).toContain(`| ML efficacy (churn) | ${card.metrics.rows[2][1]} |`)
  }, 120_000)

  it('card refuses metric flags that cannot work before reading the data', async () => {
    const r = await runMain(['card', '--real', at('real.csv'), '--synthetic', at('synthetic.csv'), '--out', at('x.md'), '--ml-efficacy'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--ml-efficacy needs --target/)
  })

  it('evaluate --card carries the metrics; evaluate --html shows them and the inference problems', async () => {
    const r = await runMain([
      'evaluate',
      '--real',
      at('real.csv'),
      '--synthetic',
      at('synthetic.csv'),
      '--html',
      at('report.html'),
      '--card',
      at('ev-card.md'),
      '--detection',
    ])
    expect(r.code, r.stderr).toBe(0)
    const card = json(at('ev-card.json'))
    expect(card.metrics.detection.score).toBeGreaterThanOrEqual(0)
    expect(card.metrics.pmse).toBeNull()
    expect(card.inference.columns.map((c: { name: string }) => c.name)).toContain('income')
    const html = readFileSync(at('report.html'), 'utf8')
    expect(html).toContain('<h3>More metrics</h3>')
    expect(html).toContain('<h2>Columns not modelled or not read as is</h2>')
    expect(html).toContain('&quot;abc&quot; (row 7), &quot;n.a.&quot; (row 12)')
    expect(html).toMatch(/<td>email<\/td><td>text<\/td><td>pii<\/td><td>no<\/td><td>no<\/td>/)
  }, 120_000)

  it('fit --card records the inference problems too', async () => {
    const r = await runMain([
      'fit',
      '--data',
      at('real.csv'),
      '--method',
      'copula',
      '--seed',
      '1',
      '--out',
      at('m.json'),
      '--card',
      at('fit-card.md'),
    ])
    expect(r.code, r.stderr).toBe(0)
    const card = json(at('fit-card.json'))
    expect(validate(card), JSON.stringify(validate.errors)).toBe(true)
    expect(card.inference.columns.find((c: { name: string }) => c.name === 'income').problems[0].examples[0]).toEqual({
      row: 7,
      value: 'abc',
    })
    expect(card.metrics).toBeNull()
  }, 60_000)
})
