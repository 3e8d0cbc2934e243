import { bayesnetSynthesizer, privbayesSynthesizer } from '@synthkit/bayesnet'
import { copulaSynthesizer } from '@synthkit/copula'
import { type OptionFlag, SYNTHESIZER_PROTOCOL, type Synthesizer, type TableSchema } from '@synthkit/core'
import { type SqlEngine, fitCopulaSql } from '@synthkit/engine'
import { rulesSynthesizer } from '@synthkit/rules'
import { bayesnetEngineFitter } from '../engine/bayesnet-engine-fitter'
import { privbayesEngineFitter } from '../engine/privbayes-engine-fitter'
import { CliError } from '../terminal/cli-error'

/** The samplers a CLI run knows, by method name. Commands reach samplers only through it. */
export interface SynthesizerRegistry {
  /** Registered synthesizers, in registration order (the first is the default method). */
  readonly synthesizers: readonly Synthesizer[]
  /** The method used when `--method` is not given. */
  readonly defaultMethod: string
  /** The synthesizer of a method, or a usage error listing the methods there are. */
  get(method: string): Synthesizer
  /** Every option flag of every synthesizer, each once (flags shared by several samplers must agree). */
  readonly optionFlags: readonly (OptionFlag & { readonly methods: readonly string[] })[]
  /** How a method fits from statistics a SQL engine computes where the data lies (`fit --engine`), if it can. */
  engineFitter(method: string): EngineFitter | undefined
}

/**
 * A method's fit through a SQL engine (`synthkit fit --engine duckdb`): the sufficient statistics are queries the
 * engine runs over `relation` (a table expression such as `read_csv(…)`), the model is built from them; the rows never
 * reach this process. `options` are the method's decoded fit options.
 */
export interface EngineFitter {
  fit(
    engine: SqlEngine,
    relation: string,
    schema: TableSchema,
    options: Readonly<Record<string, unknown>>,
    /**
     * The fit's seed (`--seed`), for methods whose statistics read a seeded subsample or draw data-independent
     * choices; the privacy budget (`--epsilon`, `--delta`) of a differentially private method.
     */
    context?: { readonly seed?: number; readonly privacy?: { readonly epsilon: number; readonly delta: number } },
  ): Promise<{ readonly model: unknown; readonly trainingRows: number; readonly stageSeconds: number; readonly statisticsSeconds: number }>
}

const FLAG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/
// Flags the CLI itself owns on `fit`: a sampler may not redefine them.
const RESERVED = new Set([
  'data',
  'schema',
  'method',
  'out',
  'seed',
  'card',
  'purpose',
  'options',
  'epsilon',
  'delta',
  'help',
  'verbose',
  'constraints',
  'discover',
  'engine',
  'table',
  'url',
])

/**
 * Checks and indexes synthesizers: each targets this CLI's protocol version, methods are unique, option flags are
 * well formed, do not shadow the CLI's own flags, and mean the same key and parsing wherever two samplers share one.
 * Throws (a programming error of whoever assembles the registry) with every problem listed.
 */
export function createRegistry(
  synthesizers: readonly Synthesizer[],
  engineFitters: Readonly<Record<string, EngineFitter>> = {},
): SynthesizerRegistry {
  const problems: string[] = []
  const byMethod = new Map<string, Synthesizer>()
  const flags = new Map<string, OptionFlag & { methods: string[] }>()
  for (const s of synthesizers) {
    if (s.protocol !== SYNTHESIZER_PROTOCOL)
      problems.push(
        `${s.method} (${s.packageName}) targets synthesizer protocol ${String(s.protocol)}; this CLI speaks ${SYNTHESIZER_PROTOCOL}`,
      )
    if (!FLAG.test(s.method)) problems.push(`method name "${s.method}" must be lower-case words joined by dashes`)
    if (byMethod.has(s.method))
      problems.push(`method "${s.method}" is registered twice (${byMethod.get(s.method)!.packageName} and ${s.packageName})`)
    byMethod.set(s.method, s)
    for (const f of s.optionFlags ?? []) {
      if (!FLAG.test(f.flag)) problems.push(`${s.method}: flag "${f.flag}" must be lower-case words joined by dashes`)
      if (RESERVED.has(f.flag)) problems.push(`${s.method}: flag --${f.flag} is one of the CLI's own`)
      const prev = flags.get(f.flag)
      if (prev === undefined) flags.set(f.flag, { ...f, methods: [s.method] })
      else if (prev.key !== f.key || prev.parse !== f.parse)
        problems.push(
          `--${f.flag} means ${prev.key} (${prev.parse}) for ${prev.methods.join(', ')} but ${f.key} (${f.parse}) for ${s.method}`,
        )
      else prev.methods.push(s.method)
    }
  }
  if (synthesizers.length === 0) problems.push('no synthesizer registered')
  for (const method of Object.keys(engineFitters))
    if (!byMethod.has(method)) problems.push(`an engine fit is registered for "${method}", which is not a registered method`)
  if (problems.length > 0) throw new Error(`invalid synthesizer registry:\n  - ${problems.join('\n  - ')}`)
  return {
    synthesizers,
    defaultMethod: synthesizers[0].method,
    optionFlags: [...flags.values()],
    get(method) {
      const s = byMethod.get(method)
      if (!s) throw new CliError(`unknown method "${method}"; available: ${[...byMethod.keys()].join(', ')}`)
      return s
    },
    engineFitter(method) {
      return Object.prototype.hasOwnProperty.call(engineFitters, method) ? engineFitters[method] : undefined
    },
  }
}

/** The copula's fit through a SQL engine (@synthkit/engine: marginals, layout and pair sums as queries). */
const copulaEngineFitter: EngineFitter = {
  async fit(engine, relation, schema, options) {
    const o = options as { marginals?: never; enforceMinMax?: boolean }
    const clock = () => performance.now()
    const { model, seconds } = await fitCopulaSql(
      engine,
      relation,
      { schema, marginals: o.marginals, enforceMinMax: o.enforceMinMax },
      clock,
    )
    return {
      model,
      trainingRows: model.trainingRows,
      stageSeconds: seconds.stage,
      statisticsSeconds: seconds.marginals + seconds.layout + seconds.correlation,
    }
  },
}

/** The samplers shipped with the CLI. Adding a sampler package is one entry here. */
export const defaultRegistry: SynthesizerRegistry = createRegistry(
  [copulaSynthesizer, bayesnetSynthesizer, privbayesSynthesizer, rulesSynthesizer] as readonly Synthesizer[],
  { copula: copulaEngineFitter, bayesnet: bayesnetEngineFitter, privbayes: privbayesEngineFitter },
)
