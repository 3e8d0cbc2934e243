// Expression constraints in a schema need the parser (it loads mathjs; the CLI bin bundles it anyway).
import '@synthkit/core/expression'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { reportError } from './cli-error'
import { cardCommand } from './commands/card'
import { demoCommand } from './commands/demo'
import { fitCommand } from './commands/fit'
import { sampleCommand } from './commands/sample'
import { evaluateCommand } from './commands/evaluate'
import { gateCommand } from './commands/gate'
import { inferCommand } from './commands/infer'
import { EXIT } from './exit-codes'
import { type Io, processIo } from './io'
import { METHODS } from './model-file'
import { cliVersion } from './versions'

/** A positive whole number of rows, for `--rows`: 0, negatives, fractions and words are usage errors. */
export function parseRows(value: string): number {
  const n = Number(value.replaceAll('_', ''))
  if (!/^\s*[+]?[\d_]+\s*$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a whole number of rows ≥ 1, got "${value}"`)
  }
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
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`expected a number between 0 and 1, got "${value}"`)
  return n
}

/** Builds the `synthkit` command tree. Actions print through `io`. */
export function buildProgram(io: Io): Command {
  const program = new Command('synthkit')
  program
    .description('Synthetic tabular data from the command line: infer a schema, fit a model, sample, evaluate, gate, document.')
    .version(cliVersion(), '-V, --version')
    .option('--verbose', 'on errors, list every problem and print the stack trace')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      // Commander's message and its suggestion ("Did you mean infer?") joined: one line per error.
      outputError: (s, write) => write(`synthkit: ${s.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')} (see synthkit --help)\n`),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok · 1 a gate failed · 2 bad usage or input · 3 internal error.
Start with: synthkit demo`,
    )

  program
    .command('demo')
    .description('the whole pipeline on the bundled telco_churn data (or --data): infer, fit, sample, evaluate; writes synthkit-demo/')
    .option('--data <file>', 'run on this CSV or Parquet file instead of the bundled one')
    .option('--out-dir <dir>', 'output folder', 'synthkit-demo')
    .option('--rows <n>', 'rows to sample (default: as many as the input)', parseRows)
    .option('--seed <n>', 'seed of the fit and of sampling', parseSeed, 42)
    .option('--purpose <text>', 'what the synthetic data is for (recorded in the card)')
    .action(async (opts: { data?: string; outDir: string; rows?: number; seed: number; purpose?: string }) => {
      await demoCommand(opts, io)
    })

  program
    .command('infer')
    .description('infer a schema from a CSV or Parquet file and print it as a table, with the reason for each column')
    .requiredOption('--data <file>', 'input data (.csv or .parquet)')
    .option('--out <schema.json>', 'write the schema as JSON (edit it, then pass it to fit/evaluate with --schema)')
    .option('--name <name>', 'table name to record in the schema')
    .action(async (opts: { data: string; out?: string; name?: string }) => {
      await inferCommand(opts, io)
    })

  program
    .command('fit')
    .description('fit a generator to a CSV or Parquet file and write the model with its lineage (input hash, seed, versions)')
    .requiredOption('--data <file>', 'the real data (.csv or .parquet)')
    .option('--schema <schema.json>', 'schema (default: inferred)')
    .option('--method <name>', `generator: ${METHODS.join(', ')}`, 'copula')
    .requiredOption('--out <model.json>', 'where to write the model')
    .option('--seed <n>', 'seed recorded with the model (whole number ≥ 0)', parseSeed)
    .option('--card <card.md>', 'also write a dataset card (lineage only; evaluate adds the scores)')
    .option('--purpose <text>', 'what the synthetic data will be for (recorded in the card)')
    .action(async (opts: { data: string; schema?: string; method: string; out: string; seed?: number; card?: string; purpose?: string }) => {
      await fitCommand(opts, io)
    })

  program
    .command('sample')
    .description('stream synthetic rows from a model to CSV or Parquet, in chunks (flat memory); progress bar on a terminal')
    .requiredOption('--model <model.json>', 'model written by synthkit fit')
    .requiredOption('--rows <n>', 'rows to sample (whole number ≥ 1)', parseRows)
    .requiredOption('--out <file>', 'output file (.csv or .parquet)')
    .option('--seed <n>', 'seed (default: a secure random one, not recorded)', parseSeed)
    .option('--where <clause>', 'condition, repeatable: col=value, col>=a, col<=b, col=a..b', (v: string, prev: string[] = []) => [...prev, v])
    .option('--chunk-rows <n>', 'rows per chunk', parseRows)
    .option('--card <card.md>', 'also write a dataset card')
    .option('--purpose <text>', 'what the synthetic data is for (recorded in the card)')
    .action(async (opts: { model: string; rows: number; out: string; seed?: number; where?: string[]; chunkRows?: number; card?: string; purpose?: string }) => {
      await sampleCommand(opts, io)
    })

  program
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
    .action(async (opts) => {
      await evaluateCommand(opts, io)
    })

  program
    .command('gate')
    .description('release gate for CI: exit 1 with the reason when a score is below (or the copy rate above) its threshold')
    .requiredOption('--real <file>', 'the real data (.csv or .parquet)')
    .requiredOption('--synthetic <file>', 'the synthetic data (.csv or .parquet)')
    .option('--schema <schema.json>', 'schema for both files (default: inferred from the real data)')
    .option('--min-quality <score>', 'minimum overall quality score, 0..1', parseUnitInterval)
    .option('--min-shapes <score>', 'minimum Column Shapes score, 0..1', parseUnitInterval)
    .option('--min-pair-trends <score>', 'minimum Column Pair Trends score, 0..1', parseUnitInterval)
    .option('--min-diagnostic <score>', 'minimum diagnostic score, 0..1', parseUnitInterval)
    .option('--max-copy-rate <rate>', 'maximum share of synthetic rows that are exact copies of real rows, 0..1 (0: no copies)', parseUnitInterval)
    .addOption(new Option('--max-new-row-rate <rate>', 'alias of --max-copy-rate').argParser(parseUnitInterval).hideHelp())
    .action(async (opts: { real: string; synthetic: string; schema?: string; minQuality?: number; minShapes?: number; minPairTrends?: number; minDiagnostic?: number; maxCopyRate?: number; maxNewRowRate?: number }) => {
      await gateCommand({ ...opts, maxCopyRate: opts.maxCopyRate ?? opts.maxNewRowRate }, io)
    })

  program
    .command('card')
    .description('write the dataset card: purpose, input hash, schema with sensitivity tags, generator, seed, versions, scores, limitations')
    .requiredOption('--real <file>', 'the real data the model was fit on')
    .requiredOption('--synthetic <file>', 'the synthetic data the card describes')
    .requiredOption('--out <card.md>', 'where to write the card (a .json twin is written beside it)')
    .option('--model <model.json>', 'the model file from synthkit fit (generator, parameters, seed, lineage)')
    .option('--schema <schema.json>', 'schema for both files (default: inferred from the real data)')
    .option('--purpose <text>', 'what the synthetic data is for')
    .option('--title <text>', 'title of the card')
    .action(async (opts) => {
      await cardCommand(opts, io)
    })

  for (const cmd of program.commands) {
    cmd.exitOverride()
    cmd.showSuggestionAfterError(true)
    cmd.configureOutput({
      ...program.configureOutput(),
      outputError: (s, write) => write(`synthkit: ${s.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')} (see synthkit ${cmd.name()} --help)\n`),
    })
  }
  return program
}

/**
 * Runs the CLI on `argv` (as in process.argv: node, script, args…) and returns the exit code. Never throws:
 * every error becomes one line on stderr (more with --verbose) and an exit code (see EXIT).
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io)
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
    const { exitCode, lines } = reportError(e, verbose)
    for (const line of lines) io.err(line)
    return exitCode
  }
}
