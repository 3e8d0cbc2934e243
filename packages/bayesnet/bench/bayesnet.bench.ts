// Fit seconds and SDMetrics-exact quality (@synthkit/metrics) of bayesnet and privbayes at k = 2 (ε = 1) on adult,
// telco_churn and diamonds, beside DataSynthesizer 0.1.13's figures on this machine (PEERS.md), and a 71k × 52 fit.
// Prints, never asserts.
import { cpus } from 'node:os'
import { type Table, createRng, fromColumns, inferSchema } from '@synthkit/core'
import { qualityReport } from '@synthkit/metrics'
import { loadColumns } from '../../../testing/data'
import { fitBayesNet, fitPrivBayes, sampleBayesNet } from '../src/index'
import { declaredPublic } from '../test/public-schema'

const PEER = {
  adult: { dp: { fit: 247.0, q: 0.7424 }, plain: { fit: 229, q: 0.9111 } },
  telco_churn: { dp: { fit: 110.7, q: 0.9233 }, plain: { fit: 105, q: 0.9797 } },
  diamonds: { dp: { fit: 50.5, q: 0.76 }, plain: { fit: 52, q: 0.9107 } },
} as const

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const out = f()
  return [out, (performance.now() - t0) / 1000]
}
const q4 = (x: number | null) => (x ?? Number.NaN).toFixed(4)
const quality = (real: Table, synthetic: Table) => {
  const r = qualityReport(real, synthetic)
  return { score: r.score ?? Number.NaN, text: `${q4(r.score)} (${r.properties.map((p) => q4(p.score)).join(' / ')})` }
}

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; fit: first run, then the median of the next runs (bayesnet 3, privbayes 2); privbayes quality: mean of 3 noise seeds`,
)
console.log('')
console.log(
  '| dataset | mode | fit s cold / warm | sample s | quality (shapes / pairs) | DataSynthesizer fit s | its quality | fit speed-up cold / warm |',
)
console.log('|---|---|---|---|---|---|---|---|')
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]
for (const name of ['adult', 'telco_churn', 'diamonds'] as const) {
  const cols = loadColumns(name)
  const table = fromColumns(cols, inferSchema(cols).schema)
  const [model, fitCold] = time(() => fitBayesNet(table, { degree: 2 }, { rng: createRng(1) }))
  const fitWarm = median([0, 1, 2].map(() => time(() => fitBayesNet(table, { degree: 2 }, { rng: createRng(1) }))[1]))
  const [synthetic, sample] = time(() => sampleBayesNet(model, table.nRows, createRng(2)))
  const peer = PEER[name]
  const up = (peerFit: number, cold: number, warm: number) => `${Math.round(peerFit / cold)}× / ${Math.round(peerFit / warm)}×`
  console.log(
    `| ${name} | bayesnet (no DP) | ${fitCold.toFixed(2)} / ${fitWarm.toFixed(2)} | ${sample.toFixed(2)} | ${quality(table, synthetic).text} | ` +
      `${peer.plain.fit} | ${peer.plain.q} | ${up(peer.plain.fit, fitCold, fitWarm)} |`,
  )
  const pub = declaredPublic(table)
  const scores: number[] = []
  const fits: number[] = []
  let sampleDp = 0
  for (const seed of [1, 2, 3]) {
    const [pm, f] = time(() =>
      fitPrivBayes(
        pub.table,
        { degree: 2, nullable: pub.nullable },
        { epsilon: 1, noise: createRng(100 + seed) },
        { rng: createRng(seed) },
      ),
    )
    const [ps, s] = time(() => sampleBayesNet(pm, table.nRows, createRng(seed + 10)))
    scores.push(quality(table, ps).score)
    fits.push(f)
    sampleDp += s / 3
  }
  const mean = scores.reduce((x, y) => x + y, 0) / scores.length
  console.log(
    `| ${name} | privbayes ε = 1 | ${fits[0].toFixed(2)} / ${median(fits.slice(1)).toFixed(2)} | ${sampleDp.toFixed(2)} | ` +
      `${mean.toFixed(4)} (seeds ${scores.map(q4).join(', ')}) | ${peer.dp.fit} | ${peer.dp.q} | ${up(peer.dp.fit, fits[0], median(fits.slice(1)))} |`,
  )
}

// 71,000 rows × 52 columns: adult's 15 columns (rows cycled) and 37 derived ones (noisy copies and recodings).
{
  const adult = loadColumns('adult')
  const header = Object.keys(adult)
  const n = 71_000
  const rng = createRng(9)
  const cols: Record<string, string[]> = {}
  for (const h of header) cols[h] = Array.from({ length: n }, (_, i) => adult[h][i % adult[h].length])
  for (let j = 0; j < 37; j++) {
    const base = header[j % header.length]
    const src = cols[base]
    const numeric = src.every((v) => v === '' || Number.isFinite(Number(v)))
    cols[`${base}_d${j}`] = src.map((v) =>
      v === ''
        ? ''
        : numeric
          ? String(Math.round(Number(v) * (1 + 0.1 * (rng.next() - 0.5))))
          : rng.next() < 0.1
            ? 'other'
            : `${v}#${j % 3}`,
    )
  }
  const table = fromColumns(cols, inferSchema(cols).schema)
  const [model, fit] = time(() => fitBayesNet(table, { degree: 2 }, { rng: createRng(1) }))
  const [synthetic, sample] = time(() => sampleBayesNet(model, table.nRows, createRng(2)))
  const pub = declaredPublic(table)
  const [pm, fitDp] = time(() =>
    fitPrivBayes(pub.table, { degree: 2, nullable: pub.nullable }, { epsilon: 1, noise: createRng(5) }, { rng: createRng(3) }),
  )
  console.log('')
  console.log(
    `71,000 × ${table.schema.columns.length}: bayesnet fit ${fit.toFixed(2)} s, sample ${sample.toFixed(2)} s, quality ${quality(table, synthetic).text}; privbayes ε = 1 fit ${fitDp.toFixed(2)} s (${pm.parameters.tables} noisy tables) (DataSynthesizer: > 18 h reported on 64 cores for 71k × 52)`,
  )
}
