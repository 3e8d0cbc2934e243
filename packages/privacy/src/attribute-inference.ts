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
import type { MixedPoints } from './internal/mixed-tree'
import { type Clock, timed } from './internal/timing'
import { type AttackOutcome, attackOutcome } from './risk'

const InferenceOptionsCodec = optionsCodec(
  { secret: t.string },
  {
    auxiliaryColumns: t.array(t.string),
    nAttacks: PositiveInt,
    tolerance: t.number,
    confidence: t.number,
    maxSharedRowShare: t.number,
  },
  'AttributeInferenceOptions',
)

/** Options of {@link attributeInference}. */
export type AttributeInferenceOptions = t.TypeOf<typeof InferenceOptionsCodec> & { readonly rng: Rng; readonly clock?: Clock }

/** What {@link attributeInference} returns (plain JSON). */
export interface AttributeInferenceResult extends AttackOutcome {
  readonly attack: 'attributeInference'
  readonly parameters: {
    readonly secret: string
    readonly auxiliaryColumns: readonly string[]
    readonly regression: boolean
    readonly tolerance: number
    readonly confidence: number
  }
  readonly rows: { readonly train: number; readonly synthetic: number; readonly control: number }
  readonly seconds?: number
}

/**
 * anonymeter's attribute-inference attack (`InferenceEvaluator`): for each target the attacker finds the synthetic
 * row nearest on the auxiliary columns (Gower distance) and guesses its secret. A categorical guess is right when
 * equal; a numerical one when |guess − secret| / (guess + 1e-12) ≤ tolerance (0.05), anonymeter's relative error;
 * two missing values match. Targets come from the training rows (attack) and the control rows (control); the
 * baseline guesses the secret of random synthetic rows. Default auxiliary columns: all other attack columns.
 */
export function attributeInference(
  train: Table,
  synthetic: Table,
  control: Table,
  options: AttributeInferenceOptions,
): AttributeInferenceResult {
  const rng = requireRng(options.rng)
  const o = decodeOptions(InferenceOptionsCodec, options)
  const run = timed(options.clock, () => {
    const secret = o.secret
    const missing = [train, synthetic, control].filter((tb) => !tb.schema.columns.some((c) => c.name === secret))
    if (missing.length > 0) {
      throw new SynthkitError('UNKNOWN_COLUMN', `The secret column "${secret}" is not in the data`, [
        { path: 'secret', column: secret, message: `unknown column "${secret}"` },
      ])
    }
    const aux = o.auxiliaryColumns ? [...o.auxiliaryColumns] : defaultColumns(train).filter((c) => c !== secret)
    if (aux.includes(secret))
      throw new SynthkitError('OPTIONS_INVALID', 'The secret cannot be an auxiliary column', [
        { path: 'auxiliaryColumns', message: `contains the secret "${secret}"` },
      ])
    if (aux.length === 0)
      throw new SynthkitError('OPTIONS_INVALID', 'Attribute inference needs auxiliary columns', [
        { path: 'auxiliaryColumns', message: 'empty' },
      ])
    const input = attackInput(train, synthetic, control, [...aux, secret], o.maxSharedRowShare)
    const nAttacks = o.nAttacks ?? 500
    const tolerance = o.tolerance ?? 0.05
    requireRows([
      { name: 'train', rows: input.train.n, needed: nAttacks },
      { name: 'control', rows: input.control.n, needed: nAttacks },
      { name: 'synthetic', rows: input.synthetic.n, needed: nAttacks },
    ])
    const numIdx = input.layout.numerical.indexOf(secret)
    const regression = numIdx >= 0
    const catIdx = input.layout.categorical.indexOf(secret)
    const valueOf = (p: MixedPoints, i: number) => (regression ? p.num[i * p.dn + numIdx] : p.cat[i * p.dc + catIdx])
    const right = (guess: number, truth: number): boolean => {
      if (regression) {
        if (guess !== guess || truth !== truth) return guess !== guess && truth !== truth
        return Math.abs(guess - truth) / (guess + 1e-12) <= tolerance
      }
      return guess === truth
    }
    const syn = input.synthetic
    const draw = (source: MixedPoints) => project(input, source, input.names, sampleWithoutReplacement(rng, source.n, nAttacks))
    // As anonymeter: the baseline draws its own targets and guesses the secrets of random synthetic rows.
    const baselineTargets = draw(input.train)
    const guesses = sampleWithoutReplacement(rng, syn.n, nAttacks)
    let nBaseline = 0
    for (let i = 0; i < nAttacks; i++) if (right(valueOf(syn, guesses[i]), valueOf(baselineTargets, i))) nBaseline++
    const mainTargets = draw(input.train)
    const controlTargets = draw(input.control)
    const [mainNn, controlNn] = gowerNeighbours(input, aux, [mainTargets, controlTargets], 1)
    const score = (targets: MixedPoints, nn: { index: Int32Array }) => {
      let ok = 0
      for (let i = 0; i < nAttacks; i++) if (right(valueOf(syn, nn.index[i]), valueOf(targets, i))) ok++
      return ok
    }
    const nSuccess = score(mainTargets, mainNn)
    const nControl = score(controlTargets, controlNn)
    const confidence = o.confidence ?? 0.95
    const result: AttributeInferenceResult = {
      attack: 'attributeInference',
      parameters: { secret, auxiliaryColumns: aux, regression, tolerance, confidence },
      rows: { train: train.nRows, synthetic: synthetic.nRows, control: control.nRows },
      ...attackOutcome(nAttacks, nSuccess, nBaseline, nControl, confidence),
    }
    return result
  })
  return run.seconds === undefined ? run.value : { ...run.value, seconds: run.seconds }
}
