// Seconds of every attack beside the peers' figures (reference/PEERS.md, reference/privacy/*.json), on the same data.
import os from 'node:os'
import { type Table, createRng, fromColumns, inferSchema, take } from '@synthkit/core'
import { loadColumns } from '../../../testing/data'
import {
  anonymityReport,
  attributeInference,
  dcrBaselineProtection,
  dcrOverfittingProtection,
  dcrValues,
  linkability,
  membershipInference,
  singlingOut,
} from '../src/index'
import { anonymeterInputs, loadTable, localReference, readReference, schemaFromSdv } from '../test/helpers'

const clock = () => performance.now()
const rows: string[][] = []
let lastCpu = 0
function line(what: string, ours: number, peer: string, note = ''): void {
  rows.push([what, ours.toFixed(3), peer, note])
  console.log(`${what.padEnd(62)} ${ours.toFixed(3).padStart(8)} s ${lastCpu.toFixed(3).padStart(8)} s   ${peer.padEnd(24)} ${note}`)
}
// Wall seconds, and CPU seconds of this process (less sensitive to other jobs on a shared machine).
function seconds<A>(f: () => A): { value: A; s: number } {
  const t0 = clock()
  const c0 = process.cpuUsage()
  const value = f()
  const c = process.cpuUsage(c0)
  lastCpu = (c.user + c.system) / 1e6
  return { value, s: (clock() - t0) / 1000 }
}

console.log(`@synthkit/privacy bench — node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`)
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
console.log(`${'attack'.padEnd(62)} ${'wall'.padStart(8)}   ${'cpu'.padStart(8)}     peer (same inputs)`)

// 1. DCR of the first 500 SDV synthetic rows against all real rows (SDMetrics 0.20 calculate_dcr, exact).
type DcrRef = { dcr: { values: number[] }; timings: { dcr_s: number } }
for (const [name, file] of [
  ['telco_churn', 'telco_churn.sdv-synthetic.csv'],
  ['diamonds', 'diamonds.sdv-synthetic.csv'],
  ['seattle_weather', 'seattle_weather.sdv-synthetic.csv'],
] as const) {
  const schema = schemaFromSdv(`${name}.metadata.json`)
  const real = loadTable(name, schema)
  const syn = loadTable(localReference(file), schema, 500)
  const ref = readReference<DcrRef>(`${name}.sdv.dcr.json`)
  const { value, s } = seconds(() => dcrValues(syn, real))
  const worst = Math.max(...ref.dcr.values.map((v, i) => Math.abs(v - value.dcr[i])))
  line(`DCR 500 × ${real.nRows} ${name}`, s, `SDMetrics ${ref.timings.dcr_s} s`, `max |Δ| vs SDMetrics ${worst.toExponential(1)}`)
}

// adult: 500 seeded perturbations of real rows (no SDV output for adult in the references) against all 48,842.
{
  const cols = loadColumns('adult')
  const { schema } = inferSchema(cols)
  const real = fromColumns(cols, schema)
  const rng = createRng(5)
  const pick = Int32Array.from({ length: 500 }, () => Math.floor(rng.next() * real.nRows))
  const syn = perturb(take(real, pick), 0.05, createRng(6))
  const { s } = seconds(() => dcrValues(syn, real))
  line(`DCR 500 × ${real.nRows} adult (perturbed real rows)`, s, 'SDMetrics 110 s')
}

// 2. DCR over 50k × 50k mixed-type rows: SDV's diamonds output against the real table (first 50,000 of each).
const dSchema = schemaFromSdv('diamonds.metadata.json')
const diamonds = loadTable('diamonds', dSchema)
const diamondsSdv = loadTable(localReference('diamonds.sdv-synthetic.csv'), dSchema)
{
  const idx = Int32Array.from({ length: 50_000 }, (_, i) => i)
  const { s } = seconds(() => dcrValues(take(diamondsSdv, idx), take(diamonds, idx)))
  line('DCR + NNDR 50,000 × 50,000 diamonds (exact)', s, 'SDMetrics ≈ 4 h (est.)', 'brute force: 43 s per 500 × 53,940')
  const b = seconds(() => dcrBaselineProtection(diamonds, diamondsSdv, { rng: createRng(1) }))
  line(
    `DCRBaselineProtection all rows (${diamonds.nRows} × ${diamondsSdv.nRows}, exact)`,
    b.s,
    'SDMetrics 2.5 s (1,000-row subsample)',
    `score ${b.value.score?.toFixed(4)}`,
  )
}

// 3. anonymeter's attacks on its own inputs (500 attacks), beside anonymeter 1.0's seconds.
type AnonRef = { risks: Record<string, { risk: number; ci: [number, number]; s: number }> }
for (const name of ['diamonds', 'seattle_weather'] as const) {
  const input = anonymeterInputs(name)
  const ref = readReference<AnonRef>(`${name}.anonymeter.json`).risks
  const fmt = (r: { value: number; ci: readonly [number, number] }) =>
    `risk ${r.value.toFixed(3)} [${r.ci[0].toFixed(3)}, ${r.ci[1].toFixed(3)}]`
  const peer = (k: string) => `anonymeter ${ref[k].s} s`
  const refText = (k: string) => `anonymeter ${ref[k].risk.toFixed(3)} [${ref[k].ci[0].toFixed(3)}, ${ref[k].ci[1].toFixed(3)}]`
  for (const strategy of ['anonymeter', 'stratified'] as const) {
    const u = seconds(() => singlingOut(input.train, input.synthetic, input.control, { rng: createRng(1), mode: 'univariate', strategy }))
    line(
      `singling-out univariate ${name} (${strategy})`,
      u.s,
      peer('singling_out_univariate'),
      `${fmt(u.value.risk)} vs ${refText('singling_out_univariate')}`,
    )
    const m = seconds(() => singlingOut(input.train, input.synthetic, input.control, { rng: createRng(1), mode: 'multivariate', strategy }))
    line(
      `singling-out multivariate (3 cols) ${name} (${strategy})`,
      m.s,
      peer('singling_out_multivariate'),
      `${fmt(m.value.risk)} vs ${refText('singling_out_multivariate')}`,
    )
  }
  const l = seconds(() => linkability(input.train, input.synthetic, input.control, { rng: createRng(1), nNeighbors: 10 }))
  const l1 = linkability(input.train, input.synthetic, input.control, { rng: createRng(1), nNeighbors: 1 })
  line(`linkability (10 neighbours) ${name}`, l.s, peer('linkability'), `${fmt(l1.risk)} at 1 vs ${refText('linkability')}`)
  const secret = name === 'diamonds' ? 'cut' : 'weather'
  const i = seconds(() => attributeInference(input.train, input.synthetic, input.control, { rng: createRng(1), secret }))
  line(`attribute inference (secret ${secret}) ${name}`, i.s, peer('inference'), `${fmt(i.value.risk)} vs ${refText('inference')}`)
}

// 4. Membership inference and k-anonymity on the diamonds anonymeter split (no peer figure on this machine).
{
  const input = anonymeterInputs('diamonds')
  const mia = seconds(() => membershipInference(input.train, input.control, input.synthetic, { rng: createRng(1) }))
  for (const a of mia.value.attacks) {
    line(
      `membership inference ${a.attack} diamonds (1,000 + 1,000 targets)`,
      mia.s,
      '— (DOMIAS: no figure)',
      `AUC ${a.auc.toFixed(3)} [${a.aucCi[0].toFixed(3)}, ${a.aucCi[1].toFixed(3)}], TPR@1% ${a.tprAt1pct.toFixed(3)}`,
    )
  }
  const o = seconds(() => dcrOverfittingProtection(input.train, input.control, input.synthetic))
  line(
    `DCROverfittingProtection all rows (${input.train.nRows} / ${input.control.nRows} / ${input.synthetic.nRows})`,
    o.s,
    'SDMetrics subsamples',
    `score ${o.value.score.toFixed(4)}`,
  )
  const os2 = seconds(() => dcrOverfittingProtection(input.train, input.control, input.synthetic, { ranges: 'shared' }))
  line(
    `DCROverfittingProtection shared ranges (${input.train.nRows} / ${input.control.nRows} / ${input.synthetic.nRows})`,
    os2.s,
    'SDMetrics subsamples',
    `score ${os2.value.score.toFixed(4)}`,
  )
  const k = seconds(() =>
    anonymityReport(input.train, input.synthetic, { quasiIdentifiers: ['cut', 'color', 'clarity'], sensitive: ['price'] }),
  )
  line('k-anonymity / l-diversity / t-closeness diamonds', k.s, '—', `k ${k.value.real.k}, classes ${k.value.real.classes}`)
}

/** Seeded perturbation: numerical values scaled by 1 ± scale (datetimes kept), categorical values resampled with probability `scale`. */
function perturb(t: Table, scale: number, rng: ReturnType<typeof createRng>): Table {
  const cols: Record<string, unknown[]> = {}
  for (const spec of t.schema.columns) {
    const c = t.columns[spec.name]
    if (c.type === 'numeric') {
      cols[spec.name] = Array.from(c.values, (v) => {
        if (v !== v) return null
        if (spec.kind === 'datetime') return new Date(v)
        const moved = v * (1 + scale * (2 * rng.next() - 1))
        return spec.kind === 'numerical' && spec.type === 'int' ? Math.round(moved) : moved
      })
    } else if (c.type === 'coded')
      cols[spec.name] = Array.from(c.codes, (k) =>
        k < 0 ? null : c.dictionary[rng.next() < scale ? Math.floor(rng.next() * c.dictionary.length) : k],
      )
    else cols[spec.name] = [...c.values]
  }
  return fromColumns(cols, t.schema)
}
