// The privacy budget of a fit through an engine (`fit --engine duckdb --epsilon …`): the same checks the in-memory fit
// makes before reading the data (synthesizers/run.ts), and the line it prints about the ε spent.
import type { Synthesizer } from '@synthkit/core'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { CliError } from '../terminal/cli-error'

/** The budget asked for, refused (as in memory) for a method that is not differentially private or δ without ε. */
export function enginePrivacy(
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

/** The in-memory fit's line about the guarantee a differentially private model states, or null for other models. */
export function privacySpentLine(synthesizer: Synthesizer, model: unknown): string | null {
  const privacy = synthesizer.describe(model).privacy
  if (privacy.kind !== 'differential-privacy') return null
  return `differential privacy spent: ε = ${privacy.epsilon}, δ = ${privacy.delta}${privacy.fitForRelease ? '' : ' (seeded noise: NOT fit for release)'}`
}
