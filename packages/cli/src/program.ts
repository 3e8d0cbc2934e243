// Expression constraints in a schema need the parser (it loads mathjs; the CLI bin bundles it anyway).
import '@synthkit/core/expression'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { CliError, reportError } from './terminal/cli-error'
import { attackCommand } from './commands/attack'
import { cardCommand } from './commands/card'
import { demoCommand } from './commands/demo'
import { fitCommand } from './commands/fit'
import { sampleCommand } from './commands/sample'
import { MAX_SAMPLE_WORKERS } from './synthesizers/sample-pool'
import { evaluateCommand } from './commands/evaluate'
import { gateCommand } from './commands/gate'
import { generateCommand } from './commands/generate'
import { inferCommand } from './commands/infer'
import { constraintsCheckCommand, constraintsDiscoverCommand } from './commands/constraints'
import { EXIT } from './terminal/exit-codes'
import { cancelledExit } from './terminal/interrupt'
import { type ExtraMetricThresholds, addExtraMetricFlags, addExtraMetricGateFlags } from './evaluation/extra-metric-flags'
import type { ExtraMetricsRequest } from './evaluation/extra-metrics'
import { addInputFlags, loadOptionsFromFlags } from './io/input-flags'
import { type Io, processIo } from './terminal/io'
import { type SynthesizerRegistry, defaultRegistry } from './synthesizers/registry'
import { cliVersion } from './versions'
import { type GovernanceFlags, addAuditFlag, addGovernanceFlags } from './governance/governance-flags'
import { addGovernanceCommands } from './governance/governance-commands'

/** A positive whole number of rows, for `--rows`: 0, negatives, fractions and words are usage errors. */
export function parseRows(value: string): number {
  const n = Number(value.replaceAll('_', ''))
  if (!/^\s*[+]?[\d_]+\s*$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a whole number of rows ≥ 1, got "${value}"`)
  }
  return n
}

/** `--workers`: a whole number of threads from 1 to MAX_SAMPLE_WORKERS. */
function parseWorkers(value: string): number {
  const n = Number(value)
  if (!/^\s*\d+\s*$/.test(value) || n < 1 || n > MAX_SAMPLE_WORKERS)
    throw new InvalidArgumentError(`expected a whole number of worker threads from 1 to ${MAX_SAMPLE_WORKERS}, got "${value}"`)
  return n
}

/** A seed: a whole number in [0, 2^53). */
export function parseSeed(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`)
  return n
}

/** A score threshold in [0, 1]. */
export function parseUnitInterval(value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`expected a number between 0 and 1, got "${value}"`)
  return n
}

/** A privacy parameter: a finite number > 0 (ε) or ≥ 0 (δ) that is below 1. */
function parsePrivacy(kind: 'epsilon' | 'delta'): (value: string) => number {
  return (value) => {
    const n = Number(value)
    const ok = value.trim() !== '' && Number.isFinite(n) && (kind === 'epsilon' ? n > 0 : n >= 0 && n < 1)
    if (!ok)
      throw new InvalidArgumentError(
        kind === 'epsilon' ? `expected a number > 0, got "${value}"` : `expected a number in [0, 1), got "${value}"`,
      )
    return n
  }
}

function camel(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

/** Builds the `synthkit` command tree over a registry of synthesizers. Actions print through `io`. */
export function buildProgram(io: Io, registry: SynthesizerRegistry = defaultRegistry): Command {
  const methods = registry.synthesizers.map((s) => `${s.method} (${s.summary})`).join('; ')
  const program = new Command('synthkit')
  program
    .description('Synthetic tabular data from the command line: infer a schema, fit a model, sample, evaluate, gate, document.')
    .version(cliVersion(), '-V, --version')
    .option('--verbose', 'on errors, list every problem and print the stack trace')
    .option('--quiet', 'no progress bars (they are drawn only when stderr is a terminal anyway)')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      // Commander's message and its suggestion ("Did you mean infer?") joined: one line per error.
      outputError: (s, write) =>
        write(
          `synthkit: ${s
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')} (see synthkit --help)\n`,
        ),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok · 1 a gate failed · 2 bad usage or input · 3 internal error · 130/143 stopped by Ctrl-C/SIGTERM.
Start with: synthkit demo`,
    )

  program
    .command('demo')
    .description('the whole pipeline on the bundled telco_churn data (or --data): infer, fit, sample, evaluate; writes synthkit-demo/')
    .option('--data <file>', 'run on this CSV or Parquet file instead of the bundled one')
    .option('--dataset <name>', 'a bundled real dataset: adult, telco_churn (default), diamonds, penguins, seattle_weather, flights_200k')
    .option('--out-dir <dir>', 'output folder', 'synthkit-demo')
    .option('--rows <n>', 'rows to sample (default: as many as the input)', parseRows)
    .option('--seed <n>', 'seed of the fit and of sampling', parseSeed, 42)
    .option('--method <name>', `synthesizer (default ${registry.defaultMethod}): ${methods}`)
    .option('--purpose <text>', 'what the synthetic data is for (recorded in the card)')
    .action(
      async (opts: { data?: string; dataset?: string; outDir: string; rows?: number; seed: number; method?: string; purpose?: string }) => {
        await demoCommand(opts, io, registry)
      },
    )

  addInputFlags(
    program
      .command('infer')
      .description(
        'infer a schema from a CSV or Parquet file and print it as a table, with the reason for each column and every problem found',
      )
      .requiredOption('--data <file>', 'input data (.csv, .csv.gz, .tsv or .parquet; - for stdin)')
      .option('--out <schema.json>', 'write the schema as JSON (edit it, then pass it to fit/evaluate with --schema)')
      .option('--name <name>', 'table name to record in the schema')
      .option('--with-categories', 'write the observed categories into the schema (a DP fit treats them as public: review first)'),
  ).action(
    async (opts: { data: string; out?: string; name?: string; withCategories?: boolean } & Parameters<typeof loadOptionsFromFlags>[0]) => {
      await inferCommand(
        { data: opts.data, out: opts.out, name: opts.name, withCategories: opts.withCategories, load: loadOptionsFromFlags(opts) },
        io,
      )
    },
  )

  const fit = program
    .command('fit')
    .description('fit a synthesizer to a CSV or Parquet file and write the model with its lineage (input hash, seed, versions)')
    .option('--data <file>', 'the real data (.csv or .parquet; required, but with --engine postgres)')
    .option('--schema <schema.json>', 'schema (default: inferred)')
    .option('--method <name>', `synthesizer (default ${registry.defaultMethod}): ${methods}`)
    .requiredOption('--out <model.json>', 'where to write the model')
    .option('--options <options.json>', "the synthesizer's options as a JSON object (flags below override it)")
    .option('--seed <n>', "seed of the fit's random choices (whole number ≥ 0; default: secure random, not recorded)", parseSeed)
    .option('--epsilon <ε>', 'differential-privacy budget ε (differentially private methods only)', parsePrivacy('epsilon'))
    .option('--delta <δ>', 'differential-privacy δ (default 0: pure ε-DP)', parsePrivacy('delta'))
    .option('--card <card.md>', 'also write a dataset card (lineage only; evaluate adds the scores)')
    .option('--purpose <text>', 'what the synthetic data will be for (recorded in the card)')
    .option(
      '--holdout-fraction <f>',
      'keep this share of the rows out of the fit (seeded by --seed) for the privacy attacks',
      (v: string) => {
        const n = Number(v)
        if (!(n > 0 && n < 1)) throw new InvalidArgumentError(`expected a number between 0 and 1, got "${v}"`)
        return n
      },
    )
    .option('--holdout-out <file>', 'where to write the held-out rows (default: <model>.holdout.csv)')
    .option('--constraints <file.json>', 'constraints to enforce (JSON array, or the output of synthkit constraints discover)')
    .option('--no-discover', 'do not discover constraints in the data (declared ones still hold)')
    .option(
      '--engine <duckdb|memory|postgres>',
      'where the statistics are computed: duckdb reads the file where it lies (larger than memory; needs @duckdb/node-api), memory loads it, postgres runs them on a PostgreSQL server over --table (needs pg) (default: duckdb for a method with an engine fit, on a file ≥ 32 MiB with --no-discover and no --constraints, --card, --holdout-fraction or --epsilon)',
      (v: string) => {
        if (v !== 'duckdb' && v !== 'memory' && v !== 'postgres')
          throw new InvalidArgumentError(`expected duckdb, memory or postgres, got "${v}"`)
        return v
      },
    )
    .option(
      '--engine-memory <size>',
      "with --engine duckdb: DuckDB's memory_limit, e.g. 512MB or 2GB (default 256MB); beyond it DuckDB spills what it can to disk",
      (v: string) => {
        if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v.trim()))
          throw new InvalidArgumentError(`expected a size such as 512MB or 2GB, got "${v}"`)
        return v.trim()
      },
    )
    .option('--table <name>', 'with --engine postgres: the table (name or schema.name) whose rows are fitted where they lie')
    .option(
      '--url <postgres-url>',
      "with --engine postgres: postgres://user:password@host:port/database (default: $PGURL, else $DATABASE_URL, else pg's PGHOST, PGUSER, …; an environment variable keeps the password out of the shell history)",
    )
  addInputFlags(fit)
  for (const f of registry.optionFlags) fit.option(`--${f.flag} <value>`, `${f.description} [${f.methods.join(', ')}]`)
  fit.action(async (opts: Record<string, unknown>) => {
    const flags: Record<string, string> = {}
    for (const f of registry.optionFlags) {
      const v = opts[camel(f.flag)]
      if (typeof v === 'string') flags[f.flag] = v
    }
    // --data is required but for a server's table (--engine postgres; --table or --url alone are refused by fitCommand)
    if (opts.data === undefined && opts.engine !== 'postgres' && opts.table === undefined && opts.url === undefined)
      throw new CliError("required option '--data <file>' not specified")
    await fitCommand(
      {
        data: opts.data as string,
        schema: opts.schema as string | undefined,
        method: opts.method as string | undefined,
        out: opts.out as string,
        options: opts.options as string | undefined,
        seed: opts.seed as number | undefined,
        epsilon: opts.epsilon as number | undefined,
        delta: opts.delta as number | undefined,
        card: opts.card as string | undefined,
        purpose: opts.purpose as string | undefined,
        flags,
        load: loadOptionsFromFlags(opts as Parameters<typeof loadOptionsFromFlags>[0]),
        holdoutFraction: opts.holdoutFraction as number | undefined,
        holdoutOut: opts.holdoutOut as string | undefined,
        governanceFlags: opts as GovernanceFlags,
        catalog: opts.catalog as string | undefined,
        discover: opts.discover as boolean | undefined,
        constraints: opts.constraints as string | undefined,
        engine: opts.engine as 'duckdb' | 'memory' | 'postgres' | undefined,
        engineMemory: opts.engineMemory as string | undefined,
        table: opts.table as string | undefined,
        url: opts.url as string | undefined,
      },
      io,
      registry,
    )
  })

  program
    .command('sample')
    .description('stream synthetic rows from a model to CSV or Parquet, in chunks (flat memory); progress bar on a terminal')
    .requiredOption('--model <model.json>', 'model written by synthkit fit')
    .option('--rows <n>', 'rows to sample (whole number ≥ 1; required for single-table models)', parseRows)
    .requiredOption('--out <file>', 'output file (.csv or .parquet); a folder for multi-table models')
    .option('--format <csv|parquet>', 'file format of a multi-table output folder', 'csv')
    .option('--seed <n>', 'seed (default: a secure random one, not recorded)', parseSeed)
    .option('--where <clause>', 'condition, repeatable: col=value, col>=a, col<=b, col=a..b', (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .option('--chunk-rows <n>', 'rows per chunk (the rows do not depend on it)', parseRows)
    .option('--card <card.md>', 'also write a dataset card')
    .option('--purpose <text>', 'what the synthetic data is for (recorded in the card)')
    .option('--force', 'sample more than 100,000,000 rows or 10 GB (estimated first; refused without it)')
    .option('--workers <n>', 'worker threads drawing blocks in parallel (the same rows for every n)', parseWorkers)
    .action(
      async (opts: {
        force?: boolean
        workers?: number
        model: string
        rows?: number
        out: string
        format: string
        seed?: number
        where?: string[]
        chunkRows?: number
        card?: string
        purpose?: string
      }) => {
        if (opts.format !== 'csv' && opts.format !== 'parquet')
          throw new CliError(`--format: expected csv or parquet, got "${opts.format}"`)
        await sampleCommand({ ...opts, format: opts.format }, io, registry)
      },
    )

  program
    .command('generate')
    .description('generate a multi-table scenario from a YAML or JSON spec (no real data needed): one file per table, plus injections.json')
    .argument('<spec>', 'scenario spec (.yaml, .yml or .json; see @synthkit/rules)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--seed <n>', 'seed (default: a secure random one, not recorded)', parseSeed)
    .option('--format <csv|parquet|jsonl>', 'file format', 'csv')
    .option('--scale <f>', 'multiply every row count of the spec', (v: string) => {
      const n = Number(v)
      if (!(Number.isFinite(n) && n > 0)) throw new InvalidArgumentError(`expected a number > 0, got "${v}"`)
      return n
    })
    .option('--chunk-rows <n>', 'rows per chunk (the rows do not depend on it)', parseRows)
    .option('--quiet', 'no progress line (rows per table and ETA on a terminal) and no summary')
    .action(
      async (spec: string, opts: { out: string; seed?: number; format: string; scale?: number; chunkRows?: number; quiet?: boolean }) => {
        // the global --quiet (no progress bars) is read first by the program: for generate it also drops the summary
        await generateCommand({ spec, ...opts, quiet: opts.quiet === true || program.opts().quiet === true }, io, registry)
      },
    )

  const evaluate = program
    .command('evaluate')
    .description('score synthetic data against the real data: quality (SDMetrics-compatible), diagnostics, copied rows')
    .requiredOption('--real <file>', 'the real data (.csv or .parquet)')
    .requiredOption('--synthetic <file>', 'the synthetic data (.csv or .parquet)')
    .option('--schema <schema.json>', 'schema for both files (default: inferred from the real data)')
    .option('--json <file>', 'write the full reports as JSON')
    .option('--html <file>', 'write the self-contained HTML report (charts inlined, opens offline)')
    .option('--card <card.md>', 'also write the dataset card (Markdown + JSON twin)')
    .option('--model <model.json>', 'the model that generated the synthetic data (for the card and report)')
    .option('--purpose <text>', 'what the synthetic data is for (recorded in the card)')
    .option('--holdout <file>', 'real rows the generator never saw: also run the privacy attacks (JSON, HTML report and card)')
    .option('--seed <n>', 'seed of the privacy attacks (default 0: reproducible)', parseSeed)
    .option('--constraints <file.json>', "constraints to check on both files (default: the model's, else discovered on the real data)")
  addExtraMetricFlags(evaluate).action(async (opts) => {
    await evaluateCommand(opts, io, registry)
  })

  program
    .command('attack')
    .description(
      'privacy attacks on a release: DCR/NNDR, membership inference, singling-out, linkability, attribute inference, k-anonymity',
    )
    .requiredOption('--train <file>', 'the real rows the generator was fitted on')
    .requiredOption('--synthetic <file>', 'the synthetic data')
    .option('--holdout <file>', 'real rows the generator never saw (control set; enables most attacks)')
    .option('--schema <schema.json>', 'schema for all files (default: inferred from the training data)')
    .option('--secret <column>', 'column an attacker tries to infer (attribute inference)')
    .option('--quasi <a,b,…>', 'quasi-identifier columns (default: those tagged quasi-identifier)')
    .option('--attacks <n>', 'attacks per anonymeter-style test (default 500)', parseRows)
    .option('--seed <n>', 'seed of the attacks (default: secure random)', parseSeed)
    .option('--json <file>', 'write every result as JSON')
    .option('--html <file>', 'write the results as a self-contained HTML report (DCR histograms, ROC curves)')
    .action(async (opts) => {
      await attackCommand(opts, io)
    })

  const gate = program
    .command('gate')
    .description('release gate for CI: exit 1 with the reason when a score is below (or the copy rate above) its threshold')
    .requiredOption('--real <file>', 'the real data (.csv or .parquet)')
    .requiredOption('--synthetic <file>', 'the synthetic data (.csv or .parquet)')
    .option('--schema <schema.json>', 'schema for both files (default: inferred from the real data)')
    .option('--min-quality <score>', 'minimum overall quality score, 0..1', parseUnitInterval)
    .option('--min-shapes <score>', 'minimum Column Shapes score, 0..1', parseUnitInterval)
    .option('--min-pair-trends <score>', 'minimum Column Pair Trends score, 0..1', parseUnitInterval)
    .option('--min-diagnostic <score>', 'minimum diagnostic score, 0..1', parseUnitInterval)
    .option(
      '--max-copy-rate <rate>',
      'maximum share of synthetic rows that are exact copies of real rows, 0..1 (0: no copies)',
      parseUnitInterval,
    )
    .addOption(new Option('--max-new-row-rate <rate>', 'alias of --max-copy-rate').argParser(parseUnitInterval).hideHelp())
    .option('--holdout <file>', 'real rows the generator never saw (for the privacy thresholds)')
    .option('--max-risk <risk>', 'maximum anonymeter risk (singling-out, linkability), 0..1; needs --holdout', parseUnitInterval)
    .option('--max-mia-auc <auc>', 'maximum membership-inference ROC AUC, 0..1 (chance: 0.5); needs --holdout', parseUnitInterval)
    .option('--min-dcr-baseline-protection <score>', 'minimum DCRBaselineProtection, 0..1', parseUnitInterval)
    .option('--seed <n>', 'seed of the privacy attacks (default 0: reproducible)', parseSeed)
    .option(
      '--min-constraint-validity <share>',
      'least share of synthetic rows satisfying each constraint, 0..1 (1: every rule the real data obeys holds)',
      parseUnitInterval,
    )
    .option('--constraints <file.json>', 'constraints for --min-constraint-validity (default: discovered on the real data)')
  addExtraMetricFlags(gate)
  addExtraMetricGateFlags(gate)
  gate.action(
    async (
      opts: {
        real: string
        synthetic: string
        schema?: string
        minQuality?: number
        minShapes?: number
        minPairTrends?: number
        minDiagnostic?: number
        maxCopyRate?: number
        maxNewRowRate?: number
        holdout?: string
        maxRisk?: number
        maxMiaAuc?: number
        minDcrBaselineProtection?: number
        seed?: number
        minConstraintValidity?: number
        constraints?: string
      } & ExtraMetricsRequest &
        ExtraMetricThresholds,
    ) => {
      await gateCommand({ ...opts, maxCopyRate: opts.maxCopyRate ?? opts.maxNewRowRate }, io)
    },
  )

  const constraints = program
    .command('constraints')
    .description('discover the rules a table obeys, or check a table against constraints (JSON for CI)')
  addInputFlags(
    constraints
      .command('discover')
      .description('print the rules every (or almost every) row obeys as JSON; "constraints" lists what synthkit fit enforces')
      .argument('<file>', 'data (.csv or .parquet)')
      .option('--schema <schema.json>', 'schema (default: inferred)')
      .option('--out <file.json>', 'write the JSON here (default: standard output)')
      .option('--min-support <n>', 'fewest rows a rule must be checkable on (default 10)', parseRows)
      .option(
        '--max-violation-rate <share>',
        'largest share of violating rows still reported, as "almost" (default 0.002)',
        parseUnitInterval,
      ),
  ).action(async (file: string, opts: Record<string, unknown>) => {
    await constraintsDiscoverCommand(
      {
        data: file,
        schema: opts.schema as string | undefined,
        out: opts.out as string | undefined,
        load: loadOptionsFromFlags(opts as Parameters<typeof loadOptionsFromFlags>[0]),
        discover: {
          ...(opts.minSupport !== undefined ? { minSupport: opts.minSupport as number } : {}),
          ...(opts.maxViolationRate !== undefined ? { maxViolationRate: opts.maxViolationRate as number } : {}),
        },
      },
      io,
    )
  })
  addInputFlags(
    constraints
      .command('check')
      .description('check every row against constraints: JSON report, exit 1 naming the rows when one is violated')
      .argument('<file>', 'data (.csv or .parquet)')
      .requiredOption('--constraints <file.json>', 'constraints (JSON array, or the output of synthkit constraints discover)')
      .option('--schema <schema.json>', 'schema (default: inferred)')
      .option('--out <file.json>', 'write the JSON here (default: standard output)')
      .option('--max-rows <n>', 'failing rows listed per constraint (default 20)', parseRows),
  ).action(async (file: string, opts: Record<string, unknown>) => {
    await constraintsCheckCommand(
      {
        data: file,
        constraints: opts.constraints as string,
        schema: opts.schema as string | undefined,
        out: opts.out as string | undefined,
        maxRows: opts.maxRows as number | undefined,
        load: loadOptionsFromFlags(opts as Parameters<typeof loadOptionsFromFlags>[0]),
      },
      io,
    )
  })

  const card = program
    .command('card')
    .description(
      'write the dataset card: purpose, input hash, schema with sensitivity tags, generator, seed, versions, scores, limitations',
    )
    .requiredOption('--real <file>', 'the real data the model was fit on')
    .requiredOption('--synthetic <file>', 'the synthetic data the card describes')
    .requiredOption('--out <card.md>', 'where to write the card (a .json twin is written beside it)')
    .option('--model <model.json>', 'the model file from synthkit fit (generator, parameters, seed, lineage)')
    .option('--schema <schema.json>', 'schema for both files (default: inferred from the real data)')
    .option('--purpose <text>', 'what the synthetic data is for')
    .option('--title <text>', 'title of the card')
  // the opt-in metrics of evaluate, shown in the card
  addExtraMetricFlags(card).action(async (opts) => {
    await cardCommand(opts, io, registry)
  })

  // Governance: the card's human fields and the audit log on the commands that release, and the governance commands.
  for (const name of ['fit', 'sample', 'card', 'evaluate']) addGovernanceFlags(program.commands.find((c) => c.name() === name)!)
  for (const name of ['fit', 'sample', 'generate']) addAuditFlag(program.commands.find((c) => c.name() === name)!)
  addGovernanceCommands(program, io, registry)

  for (const cmd of [...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    cmd.exitOverride()
    cmd.showSuggestionAfterError(true)
    cmd.configureOutput({
      ...program.configureOutput(),
      outputError: (s, write) =>
        write(
          `synthkit: ${s
            .replace(/^error: /, '')
            .trim()
            .replace(
              /\s*\n\s*/g,
              ' ',
            )} (see synthkit ${cmd.parent && cmd.parent !== program ? `${cmd.parent.name()} ` : ''}${cmd.name()} --help)\n`,
        ),
    })
  }
  return program
}

/**
 * Runs the CLI on `argv` (as in process.argv: node, script, args…) and returns the exit code. Never throws:
 * every error becomes one line on stderr (more with --verbose) and an exit code (see EXIT).
 */
export async function main(
  argv: readonly string[],
  io: Io = processIo(),
  registry: SynthesizerRegistry = defaultRegistry,
): Promise<number> {
  // --quiet: the same output without progress bars
  const run = argv.includes('--quiet') ? { ...io, interactive: false } : io
  const program = buildProgram(run, registry)
  const verbose = argv.includes('--verbose')
  try {
    await program.parseAsync([...argv])
    return EXIT.ok
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version end with exit code 0; every other parser error was already printed by commander.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok
      if (e.code === 'commander.executeSubCommandAsync') return EXIT.internal
      return EXIT.input
    }
    const cancelled = cancelledExit(e, io.signal)
    if (cancelled) {
      io.err(cancelled.line)
      return cancelled.exitCode
    }
    const { exitCode, lines } = reportError(e, verbose)
    for (const line of lines) io.err(line)
    return exitCode
  }
}
