import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createRng } from '@synthkit/core'
import { generateScenario, parseScenario, toJsonLines } from '../src/index'
import { hashOutput, jsonl } from './helpers'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const shopText = readFileSync(new URL('../examples/shop.yaml', import.meta.url), 'utf8')
const shop = parseScenario(shopText)

describe('seeded and chunk-size independent', () => {
  it('gives byte-identical tables for every chunk size, per-table iterables and the interleaved stream alike', () => {
    const reference = hashOutput(generateScenario(shop, { seed: 42, chunkRows: 65_536 }))
    for (const chunkRows of [1, 7, 1000, 4096, 5000])
      expect(hashOutput(generateScenario(shop, { seed: 42, chunkRows })), `chunkRows ${chunkRows}`).toBe(reference)
    const out = generateScenario(shop, { seed: 42, chunkRows: 333 })
    const fromStream: Record<string, string> = {}
    for (const c of out.stream()) fromStream[c.table] = (fromStream[c.table] ?? '') + toJsonLines(c.rows)
    for (const [name, tables] of Object.entries(out.tables)) expect(fromStream[name], name).toBe(jsonl(tables))
  })

  it('iterating a table twice gives the same rows; another seed gives others', () => {
    const out = generateScenario(shop, { seed: 42 })
    expect(jsonl(out.tables.items!)).toBe(jsonl(out.tables.items!))
    expect(hashOutput(generateScenario(shop, { seed: 43 }))).not.toBe(hashOutput(out))
  })

  it('an injected rng and its seed give the same output; string seeds work', () => {
    expect(hashOutput(generateScenario(shop, { rng: createRng(42) }))).toBe(hashOutput(generateScenario(shop, { seed: 42 })))
    expect(hashOutput(generateScenario(shop, { seed: 'shop' }))).toBe(hashOutput(generateScenario(shop, { seed: 'shop' })))
  })

  it('appending an edge case to one table changes neither the other tables nor the other fields of its own', () => {
    const base = generateScenario(shop, { seed: 9 }).collect().tables
    const changed = parseScenario(
      shopText
        .replace(
          '      - { rule: boundary, field: age, rate: 0.005 }',
          '      - { rule: boundary, field: age, rate: 0.005 }\n      - { rule: long, field: email, rate: 0.5 }',
        )
        .replace('email: { type: faker, method: internet.email, unique: true }', 'email: { type: faker, method: internet.email }'),
    )
    const other = generateScenario(changed, { seed: 9 }).collect().tables
    expect(toJsonLines(other.orders!)).toBe(toJsonLines(base.orders!))
    expect(toJsonLines(other.items!)).toBe(toJsonLines(base.items!))
    expect((other.customers!.columns.name as unknown as { values: string[] }).values).toEqual(
      (base.customers!.columns.name as unknown as { values: string[] }).values,
    )
  })

  it('a second Node process on the built dist produces the same bytes (same hash)', () => {
    const script = `
      const { createHash } = require('node:crypto')
      const { readFileSync } = require('node:fs')
      const { parseScenario, generateScenario, toJsonLines } = require('@synthkit/rules')
      const out = generateScenario(parseScenario(readFileSync('examples/shop.yaml', 'utf8')), { seed: 42, chunkRows: 777 })
      const h = createHash('sha256')
      for (const [name, it] of Object.entries(out.tables)) { h.update('#' + name + '\\n'); for (const t of it) h.update(toJsonLines(t)) }
      console.log(h.digest('hex'))`
    const other = execFileSync(process.execPath, ['-e', script], { cwd: packageDir, encoding: 'utf8' }).trim()
    expect(other).toBe(hashOutput(generateScenario(shop, { seed: 42 })))
  })

  it('blocks and fields draw from unrelated streams (no value of one field reappears in another block or field)', () => {
    // Regression: nested core splits (block → field) made block b+1's field k replay block b's field k+1.
    const spec = parseScenario({
      tables: {
        t: {
          rows: 3 * 4096,
          fields: { x: { type: 'normal', mean: 0, sd: 1 }, y: { type: 'normal', mean: 0, sd: 1 }, z: { type: 'normal', mean: 0, sd: 1 } },
        },
      },
    })
    const t = generateScenario(spec, { seed: 1 }).collect().tables.t!
    const seen = new Set<number>()
    let repeats = 0
    for (const name of ['x', 'y', 'z'])
      for (const v of (t.columns[name] as { values: Float64Array }).values) seen.has(v) ? repeats++ : seen.add(v)
    expect(repeats).toBe(0)
  })

  it('scale multiplies root rows; children follow', () => {
    const one = generateScenario(shop, { seed: 1 }).collect().tables
    const three = generateScenario(shop, { seed: 1, scale: 3 }).collect().tables
    expect(three.customers!.nRows).toBe(3 * one.customers!.nRows)
    expect(three.orders!.nRows / three.customers!.nRows).toBeCloseTo(2.3, 0)
  })
})
