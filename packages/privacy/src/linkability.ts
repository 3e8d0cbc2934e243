import * as t from 'io-ts'
import { type Rng, type Table, SynthkitError } from '@synthkit/core'
import {
  PositiveInt,
  attackInput,
  decodeOptions,
  optionsCodec,
  requireRng,
  requireRows,
  sampleWithoutReplacement,
} from './internal/attack-input'
import { defaultColumns } from './internal/aligned'
import { gowerNeighbours, project } from './internal/gower'
import type { Neighbours } from './internal/mixed-tree'
import { type Clock, timed } from './internal/timing'
import { type AttackOutcome, attackOutcome } from './risk'

const LinkabilityOptionsCodec = optionsCodec(
  {},
  {
    auxiliaryColumns: t.tuple([t.array(t.string), t.array(t.string)]),
    nAttacks: PositiveInt,
    nNeighbors: PositiveInt,
    confidence: t.number,
    maxSharedRowShare: t.number,
  },
  'LinkabilityOptions',
)

/** Options of {@link linkability}. */
export type LinkabilityOptions = Partial<t.TypeOf<typeof LinkabilityOptionsCodec>> & { readonly rng: Rng; readonly clock?: Clock }

/** What {@link linkability} returns (plain JSON). */
export interface LinkabilityResult extends AttackOutcome {
  readonly attack: 'linkability'
  readonly parameters: {
    readonly auxiliaryColumns: readonly [readonly string[], readonly string[]]
    readonly nNeighbors: number
    readonly confidence: number
  }
  readonly rows: { readonly train: number; readonly synthetic: number; readonly control: number }
  /** The outcome when a link needs a common synthetic row among the first k neighbours, for k = 1 … nNeighbors. */
  readonly byNeighbors: readonly {
    readonly nNeighbors: number
    readonly nSuccess: number
    readonly nBaseline: number
    readonly nControl: number
  }[]
  readonly seconds?: number
}

/** Targets whose two halves share a synthetic row among their first `k` neighbours. */
function countLinks(a: Neighbours, b: Neighbours, k: number): number {
  let links = 0
  const n = a.distance.length / a.k
  for (let i = 0; i < n; i++) {
    let linked = false
    for (let x = 0; x < k && !linked; x++) {
      const ia = a.index[i * a.k + x]
      for (let y = 0; y < k; y++)
        if (b.index[i * b.k + y] === ia) {
          linked = true
          break
        }
    }
    if (linked) links++
  }
  return links
}

function randomNeighbours(rng: Rng, nSynthetic: number, nAttacks: number, k: number): Neighbours {
  const index = new Int32Array(nAttacks * k)
  for (let i = 0; i < nAttacks; i++) index.set(sampleWithoutReplacement(rng, nSynthetic, k), i * k)
  return { k, index, distance: new Float64Array(nAttacks * k) }
}

/**
 * anonymeter's linkability attack (`LinkabilityEvaluator`): the attacker holds two datasets with the two groups of
 * auxiliary columns of the same people; each target's halves are matched to their nearest synthetic rows (Gower
 * distance, see anonymeter's MixedTypeKNeighbors), and the target is linked when both halves share a synthetic row
 * among their first `nNeighbors` neighbours. Targets are drawn from the training rows (attack) and from the control
 * rows (control); the baseline links random synthetic rows. Default auxiliary columns: the first half of the attack
 * columns in schema order against the rest.
 */
export function linkability(train: Table, synthetic: Table, control: Table, options: LinkabilityOptions): LinkabilityResult {
  const rng = requireRng(options.rng)
  const o = decodeOptions(LinkabilityOptionsCodec, options)
  const run = timed(options.clock, () => {
    const all = o.auxiliaryColumns ? [...o.auxiliaryColumns[0], ...o.auxiliaryColumns[1]] : defaultColumns(train)
    const aux: [string[], string[]] = o.auxiliaryColumns
      ? [[...o.auxiliaryColumns[0]], [...o.auxiliaryColumns[1]]]
      : [all.slice(0, Math.floor(all.length / 2)), all.slice(Math.floor(all.length / 2))]
    if (aux[0].length === 0 || aux[1].length === 0) {
      throw new SynthkitError('OPTIONS_INVALID', 'Linkability needs two non-empty groups of auxiliary columns', [
        { path: 'auxiliaryColumns', message: `got ${aux[0].length} and ${aux[1].length} columns` },
      ])
    }
    const input = attackInput(train, synthetic, control, all, o.maxSharedRowShare)
    const nAttacks = o.nAttacks ?? 500
    const k = o.nNeighbors ?? 1
    requireRows([
      { name: 'train', rows: input.train.n, needed: nAttacks },
      { name: 'control', rows: input.control.n, needed: nAttacks },
      { name: 'synthetic', rows: input.synthetic.n, needed: k },
    ])
    // Separate substreams: the targets drawn do not depend on nNeighbors (so k = 1 of a 10-neighbour run is the 1-neighbour run).
    const baselineRng = rng.split()
    const mainRng = rng.split()
    const controlRng = rng.split()
    const baseline = [
      randomNeighbours(baselineRng, input.synthetic.n, nAttacks, k),
      randomNeighbours(baselineRng, input.synthetic.n, nAttacks, k),
    ]
    const mainTargets = project(input, input.train, input.names, sampleWithoutReplacement(mainRng, input.train.n, nAttacks))
    const controlTargets = project(input, input.control, input.names, sampleWithoutReplacement(controlRng, input.control.n, nAttacks))
    const [main0, ctl0] = gowerNeighbours(input, aux[0], [mainTargets, controlTargets], k)
    const [main1, ctl1] = gowerNeighbours(input, aux[1], [mainTargets, controlTargets], k)
    const main = [main0, main1]
    const ctl = [ctl0, ctl1]
    const byNeighbors = Array.from({ length: k }, (_, i) => ({
      nNeighbors: i + 1,
      nSuccess: countLinks(main[0], main[1], i + 1),
      nBaseline: countLinks(baseline[0], baseline[1], i + 1),
      nControl: countLinks(ctl[0], ctl[1], i + 1),
    }))
    const last = byNeighbors[k - 1]
    const result: LinkabilityResult = {
      attack: 'linkability',
      parameters: { auxiliaryColumns: aux, nNeighbors: k, confidence: o.confidence ?? 0.95 },
      rows: { train: train.nRows, synthetic: synthetic.nRows, control: control.nRows },
      byNeighbors,
      ...attackOutcome(nAttacks, last.nSuccess, last.nBaseline, last.nControl, o.confidence ?? 0.95),
    }
    return result
  })
  return run.seconds === undefined ? run.value : { ...run.value, seconds: run.seconds }
}
