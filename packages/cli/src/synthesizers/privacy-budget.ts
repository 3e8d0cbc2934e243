// The privacy budget of a fit (`--epsilon`, `--delta`), in memory (run.ts) or through an engine (engine/fit-engine.ts):
// the checks made before the data is read, and the line printed about the ε a model spent.
import type { Synthesizer, SynthesizerDescription } from '@synthkit/core'
import { CliError } from '../terminal/cli-error'
import type { SynthesizerRegistry } from './registry'

/** The budget asked for, refused for a method that is not differentially private or for δ without ε. */
export function requestedPrivacy(
  request: { readonly epsilon?: number; readonly delta?: number },
  synthesizer: Synthesizer,
  registry: SynthesizerRegistry,
): { epsilon: number; delta: number } | undefined {
  const wants = request.epsilon !== undefined || request.delta !== undefined
  if (wants && !synthesizer.capabilities.differentiallyPrivate) {
    const dp = registry.synthesizers.filter((s) => s.capabilities.differentiallyPrivate).map((s) => s.method)
    throw new CliError(
      `${synthesizer.method} is not differentially private: --epsilon/--delta need a differentially private method (${dp.join(', ') || 'none registered'})`,
    )
  }
  if (request.delta !== undefined && request.epsilon === undefined) throw new CliError('--delta needs --epsilon')
  return request.epsilon === undefined ? undefined : { epsilon: request.epsilon, delta: request.delta ?? 0 }
}

/** The line about the guarantee a differentially private model states, or null for other models. */
export function privacySpentLine(privacy: SynthesizerDescription['privacy']): string | null {
  if (privacy.kind !== 'differential-privacy') return null
  return `differential privacy spent: ε = ${privacy.epsilon}, δ = ${privacy.delta}${privacy.fitForRelease ? '' : ' (seeded noise: NOT fit for release)'}`
}
