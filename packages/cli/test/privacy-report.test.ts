import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Table, concat, createRng, fromColumns, parseTableSchema, shuffleInPlace, take } from '@synthkit/core'
import { shuffleColumns } from '@synthkit/metrics'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type PrivacyResults,
  columnDistributions,
  evaluateTables,
  loadTable,
  renderPrivacyReportHtml,
  renderReportHtml,
  runPrivacyAttacks,
  writeTable,
} from '../src/index'
import { privacyRows } from '../src/evaluation/privacy'
import { dataPath } from '../../../testing/data'
import { runMain, tempDir } from './helpers'

const CHROMIUM = '/usr/bin/chromium'
const tmp = tempDir()
afterAll(tmp.cleanup)

interface Chart {
  readonly id: string
  readonly spec: {
    description?: string
    layer?: { data?: { values: Record<string, unknown>[] } }[]
    data?: { values: Record<string, unknown>[] }
  }
}

/** The charts embedded in a report page, as the page's own script reads them. */
function chartsOf(html: string): Chart[] {
  const m = /<script type="application\/json" id="synthkit-charts">([\s\S]*?)<\/script>/.exec(html)
  if (!m) throw new Error('no chart data in the page')
  return JSON.parse(m[1]) as Chart[]
}

const byDescription = (charts: Chart[], prefix: string) => charts.filter((c) => c.spec.description?.startsWith(prefix))

/** The privacy table's cells, HTML entities decoded. */
function privacyTableCells(html: string): string[][] {
  const section = html.slice(html.indexOf('<section id="privacy">'))
  const body = section.slice(section.indexOf('<tbody>'), section.indexOf('</tbody>'))
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => decode(c[1])))
}

// telco_churn split 1500 / 1000; the "synthetic" table copies 200 training rows and adds 800 column-shuffled ones,
// so the attacks have something to find: train distances pile up at 0, the holdout's do not.
let train: Table
let holdout: Table
let synthetic: Table
let privacy: PrivacyResults
let html = ''
beforeAll(async () => {
  const { table } = await loadTable(dataPath('telco_churn'))
  const order = shuffleInPlace(
    createRng(4),
    Int32Array.from({ length: table.nRows }, (_, i) => i),
  )
  // subsets of a 3000 / 2000 split whose parts share no row (telco_churn holds duplicate rows: other cuts overlap)
  train = take(table, order.subarray(0, 1500))
  holdout = take(table, order.subarray(3000, 4000))
  const shuffled = shuffleColumns(take(table, order.subarray(5000, 5800)), createRng(5))
  synthetic = concat([
    take(
      train,
      Array.from({ length: 200 }, (_, i) => i * 7),
    ),
    shuffled,
  ])
  privacy = runPrivacyAttacks({ train, synthetic, holdout, rng: createRng(9) })
  const evaluation = evaluateTables(train, synthetic, train.schema)
  html = renderReportHtml({
    meta: { real: 'train.csv', synthetic: 'synthetic.csv', generatedAt: '2026-01-01T00:00:00Z', synthkitVersion: '0.0.0-test' },
    schema: train.schema,
    evaluation,
    distributions: columnDistributions(train, synthetic, train.schema, evaluation),
    privacy,
  })
}, 120_000)

describe('the privacy section of the HTML report', () => {
  it('draws the DCR histogram from exactly the attack results: train and holdout counts on the shared edges', () => {
    const [dcr] = byDescription(chartsOf(html), 'DCR histogram')
    expect(dcr).toBeDefined()
    const { edges, train: toTrain, holdout: toHoldout } = privacy.dcr.histogram
    const values = dcr.spec.data!.values
    for (const [to, counts] of [
      ['train', toTrain],
      ['holdout', toHoldout!],
    ] as const) {
      const rows = values.filter((v) => v.to === to)
      expect(rows.map((r) => r.rows)).toEqual(counts)
      expect(rows.map((r) => r.start)).toEqual(edges.slice(0, -1))
      expect(rows.map((r) => r.end)).toEqual(edges.slice(1))
      expect(counts.reduce((s, n) => s + n, 0)).toBe(1000)
    }
    // the 200 copies sit in the first bin to train, not to holdout
    expect(toTrain[0]).toBeGreaterThanOrEqual(200)
    expect(toTrain[0]).toBeGreaterThan(toHoldout![0])
  })

  it('draws every membership attack’s ROC curve point for point, with its AUC in the legend and the diagonal', () => {
    const [roc] = byDescription(chartsOf(html), 'Membership inference ROC')
    expect(roc).toBeDefined()
    const [diagonal, curves] = roc.spec.layer!
    expect(diagonal.data!.values).toEqual([
      { fpr: 0, tpr: 0 },
      { fpr: 1, tpr: 1 },
    ])
    const attacks = privacy.membershipInference!.attacks
    expect(attacks.map((a) => a.attack)).toEqual(['distance', 'density'])
    for (const a of attacks) {
      const points = curves.data!.values.filter((v) => String(v.attack).startsWith(`${a.attack} attack`))
      expect(points.map((p) => p.fpr)).toEqual(a.roc.fpr)
      expect(points.map((p) => p.tpr)).toEqual(a.roc.tpr)
      expect(points.map((p) => p.point)).toEqual(a.roc.fpr.map((_, i) => i))
      expect(String(points[0].attack)).toContain(`AUC ${a.auc.toFixed(3)}`)
    }
    // copies of training rows: the distance attack finds members
    expect(attacks[0].auc).toBeGreaterThan(0.55)
  })

  it('lists the same attack rows as `synthkit attack` prints', () => {
    expect(privacyTableCells(html)).toEqual(privacyRows(privacy))
  })

  it('is absent when the evaluation has no privacy results', () => {
    const evaluation = evaluateTables(train, synthetic, train.schema)
    const page = renderReportHtml({
      meta: { real: 'a', synthetic: 'b', generatedAt: 'now', synthkitVersion: 'x' },
      schema: train.schema,
      evaluation,
      distributions: [],
    })
    expect(page).not.toContain('id="privacy"')
    expect(byDescription(chartsOf(page), 'DCR histogram')).toEqual([])
  })

  it('escapes hostile column names in the attack table, the chart data and the header', () => {
    const evil = '</script><img src=x onerror="alert(1)">&'
    const schema = parseTableSchema({
      columns: [
        { name: evil, kind: 'categorical', sensitivity: 'quasi-identifier' },
        { name: 'x', kind: 'numerical', type: 'float' },
      ],
    })
    const rng = createRng(3)
    const make = (n: number) =>
      fromColumns(
        {
          [evil]: Array.from({ length: n }, () => ['a', 'b', 'c'][Math.floor(rng.next() * 3)]),
          x: Array.from({ length: n }, () => rng.next()),
        },
        schema,
      )
    const results = runPrivacyAttacks({ train: make(120), synthetic: make(120), holdout: make(120), rng: createRng(1), attacks: 20 })
    const page = renderPrivacyReportHtml(
      { train: `${evil}.csv`, synthetic: 's.csv', holdout: 'h.csv', generatedAt: 'now', synthkitVersion: 'x' },
      results,
    )
    // the markup before the chart data and the inlined chart libraries (whose code has its own '<img')
    const markup = page.slice(0, page.indexOf('<script type="application/json"'))
    expect(markup.includes('<img')).toBe(false)
    expect(markup.includes('onerror="')).toBe(false)
    expect(markup.includes('&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;.csv')).toBe(true)
    // every </script in the page closes one of its own script elements
    expect((page.match(/<\/script/gi) ?? []).length).toBe((page.match(/<script/gi) ?? []).length)
    expect(privacyTableCells(page).find((r) => r[0].startsWith('k-anonymity'))?.[0]).toBe(`k-anonymity (${evil})`)
    expect(chartsOf(page).length).toBe(2)
  })
})

describe('the commands write the privacy charts', () => {
  it('attack --html writes a privacy report; evaluate --holdout --html adds the section to the quality report', async () => {
    const files = { train: join(tmp.dir, 'train.csv'), synthetic: join(tmp.dir, 'syn.csv'), holdout: join(tmp.dir, 'hold.csv') }
    await writeTable(files.train, train.schema, [train])
    await writeTable(files.synthetic, train.schema, [synthetic])
    await writeTable(files.holdout, train.schema, [holdout])
    const out = join(tmp.dir, 'attack.html')
    const json = join(tmp.dir, 'attack.json')
    const common = ['--synthetic', files.synthetic, '--holdout', files.holdout, '--seed', '2']
    const a = await runMain(['attack', '--train', files.train, ...common, '--html', out, '--json', json])
    expect(a.stderr).toBe('')
    expect(a.code).toBe(0)
    const results = JSON.parse(readFileSync(json, 'utf8')) as PrivacyResults
    const page = readFileSync(out, 'utf8')
    const charts = chartsOf(page)
    expect(charts).toHaveLength(2)
    const values = byDescription(charts, 'DCR histogram')[0].spec.data!.values
    expect(values.filter((v) => v.to === 'train').map((v) => v.rows)).toEqual(results.dcr.histogram.train)
    const curve = byDescription(charts, 'Membership inference ROC')[0].spec.layer![1].data!.values
    expect(curve.filter((v) => String(v.attack).startsWith('distance')).map((v) => v.tpr)).toEqual(
      results.membershipInference!.attacks[0].roc.tpr,
    )

    const report = join(tmp.dir, 'evaluate.html')
    const e = await runMain(['evaluate', '--real', files.train, ...common, '--html', report])
    expect(e.code).toBe(0)
    const evaluated = readFileSync(report, 'utf8')
    expect(evaluated).toContain('<section id="privacy">')
    expect(byDescription(chartsOf(evaluated), 'Membership inference ROC')).toHaveLength(1)
  }, 120_000)

  it('attack without --holdout charts the distances to train alone (no ROC: nothing to compare)', async () => {
    const files = { train: join(tmp.dir, 'train2.csv'), synthetic: join(tmp.dir, 'syn2.csv') }
    await writeTable(files.train, train.schema, [
      take(
        train,
        Array.from({ length: 500 }, (_, i) => i),
      ),
    ])
    await writeTable(files.synthetic, train.schema, [
      take(
        synthetic,
        Array.from({ length: 500 }, (_, i) => i),
      ),
    ])
    const out = join(tmp.dir, 'attack2.html')
    const r = await runMain(['attack', '--train', files.train, '--synthetic', files.synthetic, '--seed', '1', '--html', out])
    expect(r.code).toBe(0)
    const charts = chartsOf(readFileSync(out, 'utf8'))
    expect(charts.map((c) => c.spec.description)).toEqual(['DCR histogram: synthetic rows by distance to the training and holdout rows'])
    expect(charts[0].spec.layer).toHaveLength(1)
  }, 60_000)
})

describe('in a browser', () => {
  it.skipIf(!existsSync(CHROMIUM))(
    'draws the privacy charts with no console error and no network request',
    async () => {
      const { chromium } = await import('playwright-core')
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      })
      try {
        const file = join(process.env.SYNTHKIT_SCREENSHOT_DIR ?? tmp.dir, 'privacy.html')
        writeFileSync(file, html)
        const page = await browser.newPage()
        const problems: string[] = []
        const requests: string[] = []
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`)
        })
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
        page.on('request', (r) => {
          if (!r.url().startsWith('file:')) requests.push(r.url())
        })
        await page.goto(`file://${file}`)
        await page.waitForFunction(
          () => (window as unknown as { synthkitReport?: { done: boolean } }).synthkitReport?.done === true,
          undefined,
          {
            timeout: 30_000,
          },
        )
        const state = await page.evaluate(
          () => (window as unknown as { synthkitReport: { total: number; rendered: number; errors: string[] } }).synthkitReport,
        )
        expect(state.errors).toEqual([])
        expect(state.rendered).toBe(state.total)
        // the ROC chart: two curves and the diagonal are drawn as SVG paths; the histogram has its bars
        const marks = await page.$$eval('#privacy .chart', (els) =>
          els.map((el) => ({ lines: el.querySelectorAll('.mark-line path').length, bars: el.querySelectorAll('.mark-rect path').length })),
        )
        expect(marks).toHaveLength(2)
        expect(marks[0].bars).toBeGreaterThan(10)
        expect(marks[0].lines).toBe(1)
        expect(marks[1].lines).toBe(3)
        expect(problems).toEqual([])
        expect(requests).toEqual([])
        await page.screenshot({ path: file.replace(/\.html$/, '.png'), fullPage: true })
      } finally {
        await browser.close()
      }
    },
    90_000,
  )
})
