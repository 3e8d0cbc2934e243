// A release from fit to deletion, through the CLI's own entry point: provenance marks, verify, the card's reviewer
// fields against the published JSON Schema, the catalog with retention, reproduce, and the hash-chained audit log.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import Ajv2020 from 'ajv/dist/2020'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROVENANCE_METADATA_KEY, readParquetColumns } from '../src/index'
import { dataPath } from '../../../testing/data'
import { PACKAGE_DIR, lines, runMain, tempDir } from './helpers'

const tmp = tempDir('synthkit-gov-')
afterAll(tmp.cleanup)
const at = (f: string) => join(tmp.dir, f)
const penguins = dataPath('penguins')
const db = at('catalog.db')
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex')
const json = (f: string) => JSON.parse(readFileSync(f, 'utf8'))

const GOVERNANCE = [
  '--owner',
  'Ana Lima',
  '--steward',
  'data-office@example.org',
  '--intended-use',
  'teaching statistics',
  '--prohibited-use',
  're-identifying individuals',
  '--classification',
  'internal',
  '--license',
  'CC-BY-4.0',
  '--retention',
  '30d',
  '--approval',
  'Bo Chen|release to the course|2025-12-31T12:00:00Z',
]

beforeAll(async () => {
  const fit = await runMain(['fit', '--data', penguins, '--out', at('m.json'), '--seed', '1', '--card', at('fit-card.md'), '--catalog', db])
  if (fit.code !== 0) throw new Error(fit.stderr)
  for (const [out, card] of [
    ['s.csv', 'card.md'],
    ['s.parquet', 'pq-card.md'],
  ]) {
    const r = await runMain([
      'sample',
      '--model',
      at('m.json'),
      '--rows',
      '300',
      '--seed',
      '7',
      '--chunk-rows',
      '128',
      '--out',
      at(out),
      '--card',
      at(card),
      '--purpose',
      'course material',
      '--catalog',
      db,
      ...GOVERNANCE,
    ])
    if (r.code !== 0) throw new Error(r.stderr)
  }
})

describe('provenance marks', () => {
  it('writes a sidecar beside the CSV with the generator, model hash, seed, created-at, card id and the file hash', () => {
    const side = json(at('s.csv.synthkit.json'))
    const card = json(at('card.json'))
    expect(side).toMatchObject({
      format: 'synthkit.provenance',
      synthetic: true,
      method: 'copula',
      model: { path: at('m.json'), sha256: sha(at('m.json')) },
      source: { sha256: sha(penguins), rows: 344 },
      seed: 7,
      rows: 300,
      chunkRows: 128,
      createdAt: '2026-01-01T00:00:00.000Z',
      cardId: card.id,
      file: { name: 's.csv', sha256: sha(at('s.csv')), bytes: readFileSync(at('s.csv')).length },
    })
    expect(side.generator).toMatch(/^synthkit \d+\.\d+\.\d+/)
    expect(card.provenance.cardId).toBe(card.id)
  })

  it('puts the same mark into the Parquet key/value metadata, as JSON and as flat keys', async () => {
    const { metadata } = await readParquetColumns(at('s.parquet'))
    const card = json(at('pq-card.json'))
    expect(JSON.parse(metadata[PROVENANCE_METADATA_KEY])).toEqual(card.provenance)
    expect(metadata).toMatchObject({
      'synthkit.synthetic': 'true',
      'synthkit.method': 'copula',
      'synthkit.model_sha256': sha(at('m.json')),
      'synthkit.seed': '7',
      'synthkit.created_at': '2026-01-01T00:00:00.000Z',
      'synthkit.card_id': card.id,
    })
  })

  it('marks every table file synthkit generate writes', async () => {
    const spec = {
      tables: { people: { rows: 20, key: 'id', fields: { id: { type: 'sequence' }, score: { type: 'normal', mean: 0, sd: 1 } } } },
    }
    writeFileSync(at('spec.json'), JSON.stringify(spec))
    const r = await runMain(['generate', at('spec.json'), '--out', at('gen'), '--seed', '3', '--catalog', at('gen.db')])
    expect(r.stderr).toMatch(/^audit log .*gen\.db: entry 1 \(generate\)/)
    const side = json(at('gen/people.csv.synthkit.json'))
    expect(side).toMatchObject({ synthetic: true, method: 'rules', model: { sha256: sha(at('spec.json')) }, rows: 20, seed: 3 })
    expect(side.file.sha256).toBe(sha(at('gen/people.csv')))
    const audit = JSON.parse((await runMain(['audit', 'list', '--catalog', at('gen.db'), '--json'])).stdout)
    expect(audit).toMatchObject([{ seq: 1, action: 'generate', details: { spec: { sha256: sha(at('spec.json')) }, seed: 3 } }])
  })
})

describe('synthkit verify', () => {
  it('says a sampled file is synthkit output, from which model and card, unchanged', async () => {
    const r = await runMain(['verify', at('s.csv'), '--card', at('card.json')])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/synthkit output — synthetic data/)
    expect(r.stdout).toContain(`card: ${json(at('card.json')).id}`)
    expect(r.stdout).toMatch(/unchanged: SHA-256 \w+… matches/)
    const pq = await runMain(['verify', at('s.parquet'), '--json'])
    expect(pq.code).toBe(0)
    expect(JSON.parse(pq.stdout)).toMatchObject({ synthkitOutput: true, marks: ['sidecar', 'parquet-metadata'], unchanged: true })
  })

  it('says plainly that a real file is not synthkit output, with its own exit code 4', async () => {
    const r = await runMain(['verify', penguins])
    expect(r.code).toBe(4)
    expect(lines(r.stdout)[0]).toMatch(/NOT synthkit output — no provenance mark/)
  })

  it('detects a tampered file (exit 1), and a Parquet file that lost its sidecar still shows its mark', async () => {
    cpSync(at('s.csv'), at('t.csv'))
    cpSync(at('s.csv.synthkit.json'), at('t.csv.synthkit.json'))
    // the sidecar names the file it was written for: give the copy a matching name, then edit one digit
    const side = json(at('t.csv.synthkit.json'))
    writeFileSync(at('t.csv.synthkit.json'), JSON.stringify({ ...side, file: { ...side.file, name: 't.csv' } }))
    expect((await runMain(['verify', at('t.csv')])).code).toBe(0)
    const text = readFileSync(at('t.csv'), 'utf8')
    writeFileSync(
      at('t.csv'),
      text.replace(/\d/, (d) => String((Number(d) + 1) % 10)),
    )
    const r = await runMain(['verify', at('t.csv')])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/CHANGED: SHA-256/)
    expect(r.stderr).toMatch(/the file changed since synthkit wrote it/)
    cpSync(at('s.parquet'), at('bare.parquet'))
    const bare = await runMain(['verify', at('bare.parquet')])
    expect(bare.code).toBe(0)
    expect(bare.stdout).toMatch(/mark: parquet-metadata/)
    expect(bare.stdout).toMatch(/unchanged: cannot tell/)
  })

  it('fails when the card given does not describe the file', async () => {
    const r = await runMain(['verify', at('s.csv'), '--card', at('pq-card.json')])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/not the one .*pq-card\.json describes/)
  })
})

describe('the card a reviewer signs off', () => {
  const schema = json(join(PACKAGE_DIR, 'schema/card.schema.json'))
  const ajv = new Ajv2020({ allErrors: true, strict: true })
  ajv.addFormat(
    'date-time',
    (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  )
  const validate = ajv.compile(schema)

  it('records uses, owner, steward, approvals, classification, retention, privacy posture and exclusions', () => {
    const card = json(at('card.json'))
    expect(card.version).toBe(2)
    expect(card.governance).toEqual({
      uses: { direct: ['teaching statistics'], outOfScope: ['re-identifying individuals'] },
      owner: 'Ana Lima',
      steward: 'data-office@example.org',
      approvals: [{ by: 'Bo Chen', at: '2025-12-31T12:00:00.000Z', scope: 'release to the course' }],
      classification: 'internal',
      license: 'CC-BY-4.0',
      retention: { period: '30d', expiresAt: '2026-01-31T00:00:00.000Z' },
      privacyPosture: expect.objectContaining({ differentiallyPrivate: false, attacksRun: false }),
      exclusions: { columns: [], rows: [] },
    })
    expect(card.governance.privacyPosture.statement).toMatch(/^not differentially private/)
    const md = readFileSync(at('card.md'), 'utf8')
    expect(md).toContain('### Out-of-scope use (prohibited)\n\n- re-identifying individuals')
    expect(md).toContain('| Bo Chen | 2025-12-31T12:00:00.000Z | release to the course |')
  })

  it('produces cards that validate against the published JSON Schema: fit, sample, card and evaluate --holdout', async () => {
    // a holdout kept by fit is recorded as rows excluded from the fit
    const fit = await runMain([
      'fit',
      '--data',
      penguins,
      '--out',
      at('h.json'),
      '--seed',
      '2',
      '--holdout-fraction',
      '0.25',
      '--card',
      at('h-card.md'),
    ])
    // stderr carries the constraint summary of the fit, never an error or a warning
    expect(fit.stderr).not.toMatch(/error|warning/i)
    expect(json(at('h-card.json')).governance.exclusions.rows).toEqual([{ count: 86, reason: expect.stringMatching(/held out/) }])
    // evaluate --holdout runs the attacks: the card's privacy posture says so (train and holdout split by hand)
    const [header, ...rows] = readFileSync(penguins, 'utf8').trimEnd().split('\n')
    writeFileSync(at('train.csv'), `${[header, ...rows.slice(0, 258)].join('\n')}\n`)
    writeFileSync(at('hold.csv'), `${[header, ...rows.slice(258)].join('\n')}\n`)
    await runMain(['fit', '--data', at('train.csv'), '--out', at('t.json'), '--seed', '2'])
    await runMain(['sample', '--model', at('t.json'), '--rows', '258', '--seed', '1', '--out', at('h.csv')])
    const ev = await runMain([
      'evaluate',
      '--real',
      at('train.csv'),
      '--synthetic',
      at('h.csv'),
      '--model',
      at('t.json'),
      '--holdout',
      at('hold.csv'),
      '--card',
      at('ev-card.md'),
      '--owner',
      'Ana Lima',
    ])
    expect(ev.stderr).toBe('')
    expect(ev.code).toBe(0)
    const c = await runMain([
      'card',
      '--real',
      penguins,
      '--synthetic',
      at('s.csv'),
      '--model',
      at('m.json'),
      '--out',
      at('c-card.md'),
      ...GOVERNANCE,
    ])
    expect(c.code).toBe(0)
    for (const f of ['fit-card.json', 'h-card.json', 'card.json', 'pq-card.json', 'c-card.json', 'ev-card.json']) {
      const ok = validate(json(at(f)))
      expect({ f, errors: ok ? null : validate.errors }).toEqual({ f, errors: null })
    }
    const posture = json(at('ev-card.json')).governance.privacyPosture
    expect(posture).toMatchObject({ attacksRun: true, differentiallyPrivate: false })
    expect(json(at('ev-card.json')).governance.owner).toBe('Ana Lima')
    expect(posture.maxRisk).toBeGreaterThanOrEqual(0)
    // the card command picks up the id the file was released under
    expect(json(at('c-card.json')).id).toBe(json(at('card.json')).id)
  })

  it('the schema rejects a card with an unknown classification, a missing governance section or an unknown version', () => {
    const card = json(at('card.json'))
    expect(validate({ ...card, governance: { ...card.governance, classification: 'secret' } })).toBe(false)
    const { governance: _g, ...noGovernance } = card
    expect(validate(noGovernance)).toBe(false)
    expect(validate({ ...card, version: 3 })).toBe(false)
    expect(validate(card)).toBe(true)
  })

  it('reads the human fields from --governance FILE.json and names every bad field', async () => {
    writeFileSync(
      at('gov.json'),
      JSON.stringify({ owner: 'Ana', uses: { direct: ['x'] }, exclusions: { columns: [{ name: 'sex', reason: 'not needed' }] } }),
    )
    const ok = await runMain([
      'card',
      '--real',
      penguins,
      '--synthetic',
      at('s.csv'),
      '--out',
      at('g-card.md'),
      '--governance',
      at('gov.json'),
    ])
    expect(ok.code).toBe(0)
    expect(json(at('g-card.json')).governance.exclusions.columns).toEqual([{ name: 'sex', reason: 'not needed' }])
    writeFileSync(at('bad-gov.json'), JSON.stringify({ owner: 3, classification: 'secret', approvals: [{ by: 'x' }] }))
    const bad = await runMain([
      '--verbose',
      'card',
      '--real',
      penguins,
      '--synthetic',
      at('s.csv'),
      '--out',
      at('b-card.md'),
      '--governance',
      at('bad-gov.json'),
    ])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/bad-gov\.json: invalid governance options: owner: .* \[GOVERNANCE_INVALID\]/)
    for (const path of ['classification', 'approvals.0.at', 'approvals.0.scope']) expect(bad.stderr).toContain(`  ${path}:`)
    expect(existsSync(at('b-card.json'))).toBe(false)
    const period = await runMain(['card', '--real', penguins, '--synthetic', at('s.csv'), '--out', at('b-card.md'), '--retention', 'soon'])
    expect(period.code).toBe(2)
    expect(period.stderr).toMatch(/retention "soon": expected a period .* \[GOVERNANCE_INVALID\]/)
  })
})

describe('catalog, reproduce, expiry and deletion', () => {
  it('catalogues the release after checking the card against its files, and finds it by owner, purpose and source', async () => {
    const card = json(at('card.json'))
    const add = await runMain(['catalog', 'add', at('card.json'), '--catalog', db])
    expect(add.stderr).toBe('')
    expect(add.stdout).toMatch(new RegExp(`catalogued ${card.id}: .*owner Ana Lima; expires 2026-01-31`))
    expect((await runMain(['catalog', 'add', at('pq-card.json'), '--catalog', db])).code).toBe(0)
    const list = async (...args: string[]) =>
      JSON.parse((await runMain(['catalog', 'list', '--catalog', db, '--json', ...args])).stdout).map((e: { id: string }) => e.id)
    expect(await list('--owner', 'Ana Lima')).toHaveLength(2)
    expect(await list('--owner', 'Someone Else')).toEqual([])
    expect(await list('--purpose', 'COURSE')).toHaveLength(2)
    expect(await list('--source', sha(penguins).slice(0, 10))).toHaveLength(2)
    expect(await list('--source', '0000')).toEqual([])
    const again = await runMain(['catalog', 'add', at('card.json'), '--catalog', db])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/\[CATALOG_ENTRY_EXISTS\]/)
  })

  it('reproduces the CSV and the Parquet release byte for byte from the card', async () => {
    for (const card of ['card.json', 'pq-card.json']) {
      const r = await runMain(['reproduce', at(card), '--out', at(`re-${card}.out${card.startsWith('pq') ? '.parquet' : '.csv'}`)])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/reproduced .* byte for byte/)
    }
    expect(sha(at('re-pq-card.json.out.parquet'))).toBe(sha(at('s.parquet')))
  })

  it('explains a failed reproduction: the versions that differ, or a changed model file', async () => {
    const card = json(at('card.json'))
    const forged = {
      ...card,
      synthetic: { ...card.synthetic, sha256: 'f'.repeat(64) },
      provenance: { ...card.provenance, versions: { ...card.provenance.versions, '@synthkit/copula': '0.0.1-old' } },
    }
    writeFileSync(at('forged-card.json'), JSON.stringify(forged))
    const r = await runMain(['reproduce', at('forged-card.json')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/not reproduced: .* versions differ: @synthkit\/copula: 0\.0\.1-old recorded, \d+\.\d+\.\d+\S* now/)
    writeFileSync(
      at('forged-card.json'),
      JSON.stringify({ ...card, provenance: { ...card.provenance, model: { ...card.provenance.model, sha256: 'e'.repeat(64) } } }),
    )
    const m = await runMain(['reproduce', at('forged-card.json')])
    expect(m.code).toBe(1)
    expect(m.stderr).toMatch(/the model file .* changed since the release/)
  })

  it('lists only releases past retention at the injected time, removes one and records the deletion', async () => {
    const expired = async (now: string) =>
      JSON.parse((await runMain(['catalog', 'expired', '--catalog', db, '--now', now, '--json'])).stdout).map((e: { id: string }) => e.id)
    expect(await expired('2026-01-30T23:59:59Z')).toEqual([])
    const ids = await expired('2026-01-31T00:00:00Z')
    expect(ids).toHaveLength(2)
    const id = json(at('card.json')).id
    const rm = await runMain(['catalog', 'remove', id, '--catalog', db])
    expect(rm.stderr).toBe('')
    expect(rm.stdout).toMatch(/removed .*: deleted 2 file\(s\); audit entry \d+/)
    expect(existsSync(at('s.csv'))).toBe(false)
    expect(existsSync(at('s.csv.synthkit.json'))).toBe(false)
    expect(existsSync(at('card.json'))).toBe(true)
    expect(await expired('2026-02-01T00:00:00Z')).toEqual(ids.filter((i: string) => i !== id))
    const show = JSON.parse((await runMain(['catalog', 'show', id, '--catalog', db, '--json'])).stdout)
    expect(show).toMatchObject({ status: 'removed', removedAt: '2026-01-01T00:00:00.000Z' })
  })

  it('keeps an intact audit log of the fit, the samples, the releases and the deletion', async () => {
    const v = await runMain(['audit', 'verify', '--catalog', db])
    expect(v.stderr).toBe('')
    expect(v.stdout).toMatch(/intact: \d+ entries, head [0-9a-f]{64}/)
    const entries = JSON.parse((await runMain(['audit', 'list', '--catalog', db, '--json'])).stdout)
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['fit', 'sample', 'sample', 'release', 'release', 'delete'])
    expect(entries[5].details.files.map((f: { path: string }) => f.path)).toEqual([at('s.csv'), at('s.csv.synthkit.json')])
  })

  it('detects an edited, a removed and a truncated audit entry even when the triggers are dropped', async () => {
    const head = (await runMain(['audit', 'verify', '--catalog', db, '--json'])).stdout
    const { head: headHash } = JSON.parse(head)
    const copy = (name: string, edit: (d: Database.Database) => void) => {
      cpSync(db, at(name))
      const d = new Database(at(name))
      d.exec('DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete')
      edit(d)
      d.close()
      return at(name)
    }
    const plain = new Database(db)
    expect(() => plain.prepare("UPDATE audit SET subject = 'x' WHERE seq = 1").run()).toThrow(/append-only/)
    plain.close()
    const edited = copy('edited.db', (d) => d.prepare(`UPDATE audit SET details = '{"seed":8}' WHERE seq = 2`).run())
    const e = await runMain(['audit', 'verify', '--catalog', edited])
    expect(e.code).toBe(1)
    expect(e.stderr).toMatch(/tampered with: entry 2: its content does not match its hash/)
    const removed = copy('removed.db', (d) => d.prepare('DELETE FROM audit WHERE seq = 3').run())
    const r = await runMain(['--verbose', 'audit', 'verify', '--catalog', removed])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/entry 4: expected entry 3 here/)
    expect(r.stderr).toMatch(/entry 4: its link to the previous entry is broken/)
    const truncated = copy('truncated.db', (d) => d.prepare('DELETE FROM audit WHERE seq = 6').run())
    expect((await runMain(['audit', 'verify', '--catalog', truncated])).code).toBe(0)
    const t = await runMain(['audit', 'verify', '--catalog', truncated, '--head', headHash])
    expect(t.code).toBe(1)
    expect(t.stderr).toMatch(/no entry has the expected hash/)
  })
})

describe('bad input to the governance commands', () => {
  it('refuses a card of an unknown version with a typed error, wherever a card is read', async () => {
    writeFileSync(at('v9.json'), JSON.stringify({ ...json(at('pq-card.json')), version: 9 }))
    for (const args of [
      ['catalog', 'add', at('v9.json'), '--catalog', db],
      ['reproduce', at('v9.json')],
      ['verify', at('s.parquet'), '--card', at('v9.json')],
      ['gate', '--real', penguins, '--synthetic', at('s.parquet'), '--baseline', at('v9.json')],
    ]) {
      const r = await runMain(args)
      expect({ args, code: r.code }).toEqual({ args, code: 2 })
      expect(r.stderr).toMatch(/card version 9 is not one this synthkit reads \(1, 2\).*\[CARD_VERSION_UNKNOWN\]/)
    }
  })

  it('refuses to catalogue a card that does not match its files', async () => {
    mkdirSync(at('mm'))
    await runMain(['sample', '--model', at('m.json'), '--rows', '50', '--seed', '1', '--out', at('mm/x.csv'), '--card', at('mm/x-card.md')])
    writeFileSync(at('mm/x.csv'), `${readFileSync(at('mm/x.csv'), 'utf8')}\n`)
    const r = await runMain(['catalog', 'add', at('mm/x-card.json'), '--catalog', db])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/x\.csv is not the file .*x-card\.json describes.*\[CARD_FILE_MISMATCH\]/)
  })

  it('reports a catalog entry whose files are gone as a typed error, and records it only when asked', async () => {
    const id = json(at('pq-card.json')).id
    const { rmSync } = await import('node:fs')
    rmSync(at('s.parquet'))
    const show = await runMain(['catalog', 'show', id, '--catalog', db])
    expect(show.code).toBe(2)
    expect(show.stdout).toMatch(/synthetic: .*s\.parquet — missing/)
    expect(show.stderr).toMatch(/1 file is gone .*\[CATALOG_FILES_MISSING\]/)
    const rm = await runMain(['catalog', 'remove', id, '--catalog', db])
    expect(rm.code).toBe(2)
    expect(rm.stderr).toMatch(/\[CATALOG_FILES_MISSING\]/)
    expect((await runMain(['catalog', 'remove', id, '--catalog', db, '--missing-ok'])).code).toBe(0)
    expect((await runMain(['audit', 'verify', '--catalog', db])).code).toBe(0)
    const unknown = await runMain(['catalog', 'show', 'card-nope', '--catalog', db])
    expect(unknown.stderr).toMatch(/no release "card-nope" .*\[CATALOG_ENTRY_UNKNOWN\]/)
  })

  it('names the package to install when better-sqlite3 is missing (built bin outside any node_modules)', () => {
    const alone = at('alone')
    cpSync(join(PACKAGE_DIR, 'dist'), join(alone, 'dist'), { recursive: true })
    cpSync(join(PACKAGE_DIR, 'package.json'), join(alone, 'package.json'))
    const r = spawnSync(process.execPath, [join(alone, 'dist/bin.js'), 'catalog', 'list', '--catalog', db], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/need the optional package better-sqlite3 .*npm install better-sqlite3@12 .*\[CATALOG_STORE_MISSING\]/)
  })
})
