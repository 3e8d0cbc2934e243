import type * as E from 'fp-ts/lib/Either.js'
import type { Conditions } from './conditions'
import type { SynthkitError } from './errors'
import type { ValueGenerator } from './generated-columns'
import type { RandomSource, Rng } from './rng'
import type { DatasetSchema, TableSchema } from './schema'
import type { BlockSource, StreamShard } from './stream-driver'
import type { Table } from './table'

/**
 * The version of the synthesizer protocol this package defines. A sampler package declares the version it targets
 * in `protocol`; consumers (the CLI's registry) refuse adapters written for another version instead of guessing.
 * Bump it on any incompatible change of {@link Synthesizer}.
 */
export const SYNTHESIZER_PROTOCOL = 1 as const

/** What a synthesizer learns from and what it can honour. */
export interface SynthesizerCapabilities {
  /** One table, several related tables (a dataset), or nothing at all (a scenario spec in the options). */
  readonly input: 'table' | 'dataset' | 'none'
  /** Conditional sampling: exact (from the model's conditional law), by rejection, or not at all. */
  readonly conditions: 'exact' | 'rejection' | 'none'
  /** Whether declared constraints (the schema's `constraints`) hold on every sampled row. */
  readonly constraints: boolean
  /** Whether `fit` draws random numbers (then it reads `context.rng`, so a seed reproduces the model). */
  readonly randomizedFit: boolean
  /** Whether `fit` can spend a differential-privacy budget (`context.privacy`) and then reads data only through it. */
  readonly differentiallyPrivate: boolean
  /**
   * Whether `stream` honours `request.shard` and `request.blocks` (it hands them to {@link streamRows}), so that
   * workers can draw its blocks in parallel with the same rows as one thread. Absent: sampled in one thread.
   */
  readonly shards?: boolean
}

/** A privacy budget handed to a differentially private fit. */
export interface PrivacyRequest {
  /** Total ε the fit may spend (> 0). */
  readonly epsilon: number
  /** Total δ the fit may spend (≥ 0; 0 for pure ε-DP). */
  readonly delta: number
  /**
   * Where DP noise comes from. Only a source of kind `secure` gives a model fit for release; a `seeded` one
   * (tests, reproducible demos) makes the model say `fitForRelease: false`.
   */
  readonly noise: RandomSource
}

/** Progress of a long fit or sample, for progress bars: `done` of `total` units in the named phase. */
export interface ProgressEvent {
  readonly phase: string
  readonly done: number
  readonly total: number
}

/** A cancellation flag (an AbortSignal satisfies it); long loops check it and stop with an error. */
export interface CancellationSignal {
  readonly aborted: boolean
}

/** Everything a fit may use besides its data and options. */
export interface FitContext {
  /** Seeded randomness for randomized fitting (subsampling, structure search, …); never DP noise. */
  readonly rng: Rng
  /** The privacy budget of a differentially private fit; absent for a non-private fit. */
  readonly privacy?: PrivacyRequest
  /** Checked between units of work; when `aborted`, the fit stops with an error. */
  readonly signal?: CancellationSignal
  readonly progress?: (event: ProgressEvent) => void
}

/** What a fit learns from, matching `capabilities.input`. */
export type SynthesizerInput =
  | { readonly kind: 'table'; readonly table: Table }
  | { readonly kind: 'dataset'; readonly schema: DatasetSchema; readonly tables: Readonly<Record<string, Table>> }
  | { readonly kind: 'none' }

/** The shape of what a model samples: one table, or several related tables. */
export type OutputSchema =
  | { readonly kind: 'table'; readonly name: string; readonly schema: TableSchema }
  | { readonly kind: 'dataset'; readonly schema: DatasetSchema }

/** What to sample. */
export interface StreamRequest {
  /**
   * Rows to sample: a count for a single-table model, or counts per table (tables left out get the model's own
   * count). Scenario models may ignore it and use `scale`.
   */
  readonly rows?: number | Readonly<Record<string, number>>
  /** Multiplier of the model's own row counts (scenario specs); default 1. */
  readonly scale?: number
  /**
   * The seeded stream sampling draws from. Rows depend only on this stream and the model, never on `chunkRows`:
   * the same seed gives the same rows for every chunk size.
   */
  readonly rng: Rng
  /** Conditions on columns of a single-table model (see `capabilities.conditions`). */
  readonly conditions?: Conditions
  /** Largest number of rows per yielded chunk (default {@link DEFAULT_CHUNK_ROWS}). */
  readonly chunkRows?: number
  /** Fills pii and free-text columns (default: labelled placeholders, never values from the real data). */
  readonly values?: ValueGenerator
  readonly signal?: CancellationSignal
  /** Draw only these blocks, one chunk per block (a worker of a parallel run; see `capabilities.shards`). */
  readonly shard?: StreamShard
  /** Blocks workers drew ahead, used when they keep the serial rows (a parallel run's coordinator). */
  readonly blocks?: BlockSource
}

/** One chunk of sampled rows of one table. */
export interface SampledChunk {
  readonly table: string
  readonly rows: Table
}

/** The differential-privacy guarantee a model actually spent, or an explicit statement that it has none. */
export type PrivacyGuarantee =
  | { readonly kind: 'none'; readonly statement: string }
  | {
      readonly kind: 'differential-privacy'
      readonly epsilon: number
      readonly delta: number
      /** The neighbouring relation the guarantee is stated for. */
      readonly neighbouring: 'add-remove-one-row' | 'replace-one-row'
      /** How the charges were composed (e.g. "basic composition of pure-DP charges"). */
      readonly accounting: string
      /** ε (and δ) spent per part of the fit, e.g. `{ structure: 0.3, conditionals: 0.7 }`. */
      readonly split: Readonly<Record<string, number>>
      /** False when the noise came from a seeded (non-secure) source: no guarantee holds then. */
      readonly fitForRelease: boolean
      /** What the model reveals without noise because it was declared public (e.g. bounds from the schema). */
      readonly publicInputs: readonly string[]
    }

/** What a dataset card says about a model. */
export interface SynthesizerDescription {
  /** A short title, e.g. "Gaussian copula". */
  readonly title: string
  /** The parameters that shaped the model, as plain JSON values. */
  readonly parameters: Readonly<Record<string, unknown>>
  readonly privacy: PrivacyGuarantee
  /** Known limitations of the method and of this model (one sentence each). */
  readonly limitations: readonly string[]
  /** Rows the model was fitted on, when it was fitted on data. */
  readonly trainingRows?: number
}

/** A CLI-facing option: `--degree <k>` fills `options.degree`. Lets a new sampler add flags without CLI edits. */
export interface OptionFlag {
  /** The options key the flag fills. */
  readonly key: string
  /** The flag as a user types it, kebab-case without dashes (e.g. `degree`, `marginal-family`). */
  readonly flag: string
  readonly description: string
  /** How the text value is parsed before `decodeOptions` checks it. */
  readonly parse: 'integer' | 'number' | 'string' | 'boolean' | 'list'
}

/**
 * The protocol every sampler implements with one adapter object. Consumers (the CLI, pipelines) know samplers only
 * through it: identity, capabilities, codecs for options and models (untrusted JSON), fit, the sampled schema, a
 * chunked stream, and a description for cards.
 */
export interface Synthesizer<Options = unknown, Model = unknown> {
  readonly protocol: typeof SYNTHESIZER_PROTOCOL
  /** The method name users type (`copula`, `bayesnet`), unique in a registry. */
  readonly method: string
  /** The npm package that implements it, and its version. */
  readonly packageName: string
  readonly version: string
  /** One line for `--help`. */
  readonly summary: string
  readonly capabilities: SynthesizerCapabilities
  /** CLI flags that fill options (optional; an options JSON file works for every key). */
  readonly optionFlags?: readonly OptionFlag[]
  /** Decodes untrusted options (a JSON file, flags); `{}` gives the defaults. Every problem with its path. */
  decodeOptions(input: unknown): E.Either<SynthkitError, Options>
  /** Decodes an untrusted model (a model file's `model`), checking every invariant sampling relies on. */
  decodeModel(input: unknown): E.Either<SynthkitError, Model>
  /** Fits a model. May be asynchronous (engines, cooperative cancellation). */
  fit(input: SynthesizerInput, options: Options, context: FitContext): Model | Promise<Model>
  /** The schema of what `stream` yields. */
  schema(model: Model): OutputSchema
  /** Samples in chunks of at most `chunkRows` rows; memory stays flat, rows do not depend on the chunk size. */
  stream(model: Model, request: StreamRequest): Iterable<SampledChunk>
  /** Title, parameters, privacy guarantee and limitations for a dataset card. */
  describe(model: Model): SynthesizerDescription
}

/** Default rows per yielded chunk of a stream. */
export const DEFAULT_CHUNK_ROWS = 65_536
