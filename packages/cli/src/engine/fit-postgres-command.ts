// `synthkit fit --engine postgres`: the flags that go with a server's table (and those that do not), then the fit.
import type { TableSchema } from '@synthkit/core'
import type { FitCommandOptions } from '../commands/fit'
import type { ModelFile } from '../synthesizers/model-file'
import type { SynthesizerRegistry } from '../synthesizers/registry'
import { readOptionsFile } from '../synthesizers/run'
import { CliError } from '../terminal/cli-error'
import type { Io } from '../terminal/io'
import { fitWithPostgres } from './fit-postgres'

/**
 * Checks the flags of a fit of a server's table — `--engine postgres` with `--table`, and none of what needs the rows
 * in this process (a file, a holdout, a card, constraints, a privacy budget) — and runs it.
 */
export async function fitPostgresCommand(
  options: FitCommandOptions,
  method: string,
  schema: TableSchema | undefined,
  io: Io,
  registry: SynthesizerRegistry,
): Promise<ModelFile> {
  if (options.engine !== 'postgres') throw new CliError('--table and --url name a PostgreSQL table: add --engine postgres')
  if (options.table === undefined) throw new CliError('--engine postgres needs --table <name> (the table on the server)')
  const refused: [unknown, string][] = [
    [options.data, '--data (the rows are the table on the server)'],
    [options.holdoutFraction, '--holdout-fraction'],
    [options.card, '--card'],
    [options.constraints, '--constraints'],
    [options.epsilon, '--epsilon'],
  ]
  const given = refused.filter(([v]) => v !== undefined && v !== '').map(([, flag]) => flag)
  if (given.length > 0)
    throw new CliError(
      `--engine postgres does not take ${given.join(', ')}: they need the rows in memory (use --engine memory on an export)`,
    )
  if (options.discover !== false)
    io.err('note: --engine postgres fits without constraint discovery (it runs on a loaded table); --no-discover silences this')
  return fitWithPostgres(
    {
      url: options.url,
      table: options.table,
      schema,
      schemaSource: `schema file ${options.schema}`,
      method,
      out: options.out,
      seed: options.seed,
      options: await readOptionsFile(options.options),
      flags: options.flags,
    },
    io,
    registry,
  )
}
