import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRng, slice } from '@synthkit/core'
import { shuffleColumns } from '@synthkit/metrics'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { columnDistributions, evaluateTables, loadTable, renderReportHtml } from '../src/index'
import { dataPath } from '../../../testing/data'
import { tempDir } from './helpers'

const CHROMIUM = '/usr/bin/chromium'
const tmp = tempDir()
afterAll(tmp.cleanup)

// A stand-in "synthetic" table with known properties: each column shuffled on its own keeps every marginal
// exactly (Column Shapes = 1) and destroys the pair trends, so the report must rank pairs, not columns, as bad.
let html = ''
let expectedCharts = 0
// A second page with dates (temporal histograms) and missing values: seattle_weather, shuffled likewise.
let datesHtml = ''
let datesCharts = 0
beforeAll(async () => {
  const weather = await loadTable(dataPath('seattle_weather'))
  const shuffledWeather = shuffleColumns(weather.table, createRng(8))
  const weatherEvaluation = evaluateTables(weather.table, shuffledWeather, weather.schema)
  const weatherDistributions = columnDistributions(weather.table, shuffledWeather, weather.schema, weatherEvaluation)
  datesCharts = weatherDistributions.length + 2
  datesHtml = renderReportHtml({
    meta: { real: 'seattle_weather.csv', synthetic: 'shuffled.csv', generatedAt: '2026-01-01T00:00:00Z', synthkitVersion: '0.0.0-test' },
    schema: weather.schema,
    evaluation: weatherEvaluation,
    distributions: weatherDistributions,
  })
  const { table, schema } = await loadTable(dataPath('telco_churn'))
  const real = slice(table, 0, 3000)
  const synthetic = shuffleColumns(real, createRng(7))
  const evaluation = evaluateTables(real, synthetic, schema)
  const distributions = columnDistributions(real, synthetic, schema, evaluation)
  expectedCharts = distributions.length + 2
  html = renderReportHtml({
    meta: { real: 'telco_churn.csv', synthetic: 'shuffled.csv', generatedAt: '2026-01-01T00:00:00Z', synthkitVersion: '0.0.0-test' },
    schema,
    evaluation,
    distributions,
  })
})

describe('the HTML report', () => {
  it('is one self-contained file: chart libraries inlined, no external script, style or font', () => {
    expect(html).toContain('vegaEmbed')
    expect(html).not.toMatch(/<script[^>]+src=/i)
    expect(html).not.toMatch(/<link[^>]+href=/i)
    expect(html).not.toMatch(/@import|url\(http/i)
    expect(html.length).toBeGreaterThan(500_000)
  })

  it('orders the distribution charts worst column first', async () => {
    const { table, schema } = await loadTable(dataPath('penguins'))
    // Swap one column's values for another's shape: Beak Depth gets a constant, so it must come first.
    const values = new Float64Array(table.nRows).fill(15)
    const synthetic = { ...table, columns: { ...table.columns, 'Beak Depth (mm)': { type: 'numeric' as const, values } } }
    const evaluation = evaluateTables(table, synthetic, schema)
    const order = columnDistributions(table, synthetic, schema, evaluation).map((d) => d.column)
    expect(order[0]).toBe('Beak Depth (mm)')
    const page = renderReportHtml({
      meta: { real: 'a', synthetic: 'b', generatedAt: 'now', synthkitVersion: 'x' },
      schema,
      evaluation,
      distributions: columnDistributions(table, synthetic, schema, evaluation),
    })
    const labels = [...page.matchAll(/aria-label="distribution of ([^"]+)"/g)].map((m) => m[1])
    expect(labels).toEqual(order)
  })

  it('lists the scores, with pair trends worst first', () => {
    expect(html).toContain('Overall quality')
    const pairRows = [
      ...html.matchAll(/<tr><td>[^<]*<\/td><td>[^<]*<\/td><td>(?:Correlation|Contingency)Similarity<\/td><td class="num[^"]*">([\d.]+)</g),
    ].map((m) => Number(m[1]))
    expect(pairRows.length).toBeGreaterThan(10)
    for (let i = 1; i < pairRows.length; i++) expect(pairRows[i]).toBeGreaterThanOrEqual(pairRows[i - 1])
  })

  it.skipIf(!existsSync(CHROMIUM))('draws every chart in headless Chromium with no console error', async () => {
    const { chromium } = await import('playwright-core')
    // The flags keep Chromium off the (closed) network; playwright gives each launch a fresh temp profile.
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
      for (const [name, page, charts] of [
        ['report.html', html, expectedCharts],
        ['dates.html', datesHtml, datesCharts],
      ] as const) {
        // SYNTHKIT_SCREENSHOT_DIR keeps the pages and full-page screenshots for a person to look at.
        const file = join(process.env.SYNTHKIT_SCREENSHOT_DIR ?? tmp.dir, name)
        writeFileSync(file, page)
        await checkRendering(browser, file, charts)
      }
    } finally {
      await browser.close()
    }
  })
})

/** Opens a report file and checks that every chart drew marks, with no console error and no network request. */
async function checkRendering(browser: import('playwright-core').Browser, file: string, expected: number): Promise<void> {
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
  await page.waitForFunction(() => (window as unknown as { synthkitReport?: { done: boolean } }).synthkitReport?.done === true, undefined, {
    timeout: 30_000,
  })
  const state = await page.evaluate(
    () => (window as unknown as { synthkitReport: { total: number; rendered: number; errors: string[] } }).synthkitReport,
  )
  expect(state.errors).toEqual([])
  expect(state.total).toBe(expected)
  expect(state.rendered).toBe(expected)
  // Every chart container holds an SVG with drawn marks (bars, lines or heatmap cells), not an empty frame.
  const marks = await page.$$eval('.chart', (els) => els.map((el) => el.querySelectorAll('svg path, svg rect').length))
  expect(marks).toHaveLength(expected)
  for (const m of marks) expect(m).toBeGreaterThan(5)
  // In every distribution chart the tallest bar reaches well up the 150 px plot (a mis-oriented bar is 5 px).
  // Charts are: the shape scores, then one per column, then the pair heatmap.
  const tallest = await page.$$eval('.chart', (els) =>
    els
      .slice(1, -1)
      .map((el) =>
        Math.max(0, ...Array.from(el.querySelectorAll('.mark-rect path')).map((p) => (p as SVGGraphicsElement).getBBox().height)),
      ),
  )
  expect(tallest.length).toBe(expected - 2)
  for (const h of tallest) expect(h).toBeGreaterThan(60)
  expect(problems).toEqual([])
  expect(requests).toEqual([])
  await page.screenshot({ path: file.replace(/\.html$/, '.png'), fullPage: process.env.SYNTHKIT_SCREENSHOT_DIR !== undefined })
  await page.close()
}

if (!existsSync(CHROMIUM))
  console.log(`report.test.ts: skipping the browser rendering test: ${CHROMIUM} is absent (apt-get install -y chromium)`)
