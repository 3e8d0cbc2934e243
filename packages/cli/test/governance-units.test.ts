import fc from 'fast-check'
import { either as E } from 'fp-ts'
import { describe, expect, it } from 'vitest'
import {
  GENESIS_HASH,
  type AuditEntry,
  auditEntryHash,
  canonicalJson,
  decodeCard,
  isGovernanceError,
  nextAuditEntry,
  parseRetention,
  schemaChanges,
  verifyAuditChain,
  versionChanges,
} from '../src/index'

describe('canonical JSON', () => {
  it('is the same text whatever order the keys were built in, and parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value)
        const reordered = JSON.parse(JSON.stringify(value), (_k, v) =>
          v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        )
        expect(canonicalJson(reordered)).toBe(text)
        // -0 has no JSON form of its own: JSON.stringify writes 0, as canonical JSON does
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })

  it('sorts keys by code unit and writes no whitespace (known answer)', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true, B: 2.5 })).toBe('{"B":2.5,"a":true,"b":[1,{"c":"x","d":null}]}')
  })
})

describe('the audit hash chain', () => {
  const chain = (n: number): AuditEntry[] => {
    const out: AuditEntry[] = []
    for (let i = 0; i < n; i++)
      out.push(
        nextAuditEntry(out[i - 1], { at: `2026-01-0${i + 1}T00:00:00.000Z`, action: 'sample', subject: `f${i}.csv`, details: { seed: i } }),
      )
    return out
  }

  it('links each entry to the previous one from the genesis hash', () => {
    const c = chain(4)
    expect(c[0].prev).toBe(GENESIS_HASH)
    for (let i = 1; i < 4; i++) expect(c[i].prev).toBe(c[i - 1].hash)
    expect(verifyAuditChain(c)).toEqual({ entries: 4, head: c[3].hash, problems: [] })
  })

  it('names the entry that was edited, removed or reordered', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 99 }), (k, seed) => {
        const edited = chain(5).map((e, i) => (i === k ? { ...e, details: { seed: 100 + seed } } : e))
        expect(verifyAuditChain(edited).problems).toEqual([{ seq: k + 1, message: expect.stringMatching(/does not match its hash/) }])
        // an edit that also rewrites the entry's own hash breaks the next entry's link instead
        const rehashed = edited.map((e, i) => (i === k ? { ...e, hash: auditEntryHash(e) } : e))
        const problems = verifyAuditChain(rehashed).problems
        expect(problems).toEqual(k === 4 ? [] : [{ seq: k + 2, message: expect.stringMatching(/link to the previous entry is broken/) }])
      }),
    )
    const c = chain(5)
    expect(verifyAuditChain([c[0], c[1], c[3], c[4]]).problems.map((p) => p.seq)).toEqual([4, 4])
    expect(verifyAuditChain([c[0], c[2], c[1], c[3]]).problems.length).toBeGreaterThan(0)
  })
})

describe('retention', () => {
  it('counts days, weeks, calendar months and years from the card time, in UTC (known answers)', () => {
    const t = '2026-01-31T10:00:00.000Z'
    expect(parseRetention('90d', t)).toEqual({ period: '90d', expiresAt: '2026-05-01T10:00:00.000Z' })
    expect(parseRetention('2w', t).expiresAt).toBe('2026-02-14T10:00:00.000Z')
    expect(parseRetention('1m', t).expiresAt).toBe('2026-02-28T10:00:00.000Z')
    expect(parseRetention('1m', '2028-01-31T00:00:00Z').expiresAt).toBe('2028-02-29T00:00:00.000Z')
    expect(parseRetention('1y', '2028-02-29T00:00:00Z').expiresAt).toBe('2029-02-28T00:00:00.000Z')
    expect(parseRetention('2027-06-30', t)).toEqual({ period: null, expiresAt: '2027-06-30T00:00:00.000Z' })
  })

  it('refuses a zero, a unit it does not know and free text, with a typed error', () => {
    for (const bad of ['0d', '3h', 'soon', '2027-13-45'])
      expect(() => parseRetention(bad, '2026-01-01T00:00:00Z')).toThrow(
        expect.objectContaining({ code: 'GOVERNANCE_INVALID', message: expect.stringContaining(`"${bad}"`) }),
      )
  })
})

describe('schema changes and version changes', () => {
  it('lists every added, removed and retyped column, and nothing when only the order differs', () => {
    const before = [
      { name: 'a', kind: 'numerical' },
      { name: 'b', kind: 'categorical' },
      { name: 'c', kind: 'datetime' },
    ]
    expect(schemaChanges(before, [...before].reverse())).toEqual([])
    expect(
      schemaChanges(before, [
        { name: 'a', kind: 'categorical' },
        { name: 'c', kind: 'datetime' },
        { name: 'd', kind: 'boolean' },
      ]),
    ).toEqual(['column "b" (categorical) removed', 'column "a" retyped: numerical → categorical', 'column "d" (boolean) added'])
  })

  it('names the recorded versions that differ now', () => {
    expect(versionChanges({ a: '1.0.0', b: '2.0.0', c: '1.0.0' }, { a: '1.0.0', b: '2.1.0' })).toEqual([
      'b: 2.0.0 recorded, 2.1.0 now',
      'c: 1.0.0 recorded, not installed now',
    ])
  })
})

describe('reading a card', () => {
  it('tells a non-card, an unknown version and a bad field apart, with typed errors', () => {
    const code = (u: unknown) => {
      const r = decodeCard(u, 'c.json')
      return E.isLeft(r) && isGovernanceError(r.left) ? r.left.code : 'ok'
    }
    expect(code({ format: 'synthkit.model' })).toBe('CARD_INVALID')
    expect(code({ format: 'synthkit.card', version: 3 })).toBe('CARD_VERSION_UNKNOWN')
    expect(code({ format: 'synthkit.card', version: '2' })).toBe('CARD_VERSION_UNKNOWN')
    expect(code({ format: 'synthkit.card', version: 2, title: 'x' })).toBe('CARD_INVALID')
  })
})
