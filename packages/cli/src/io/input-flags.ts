import type { Command } from 'commander'
import { type InferFlags, inferOptionsFromFlags } from './infer-options'
import type { LoadOptions } from './table-io'

const repeat = (v: string, prev: string[] = []) => [...prev, v]

/** Adds the flags that shape how a data file is read and its schema inferred (infer, fit, demo). */
export function addInputFlags(command: Command): Command {
  return command
    .option(
      '--na-values <list>',
      'extra text that means missing, comma-separated (default: empty, NA, N/A, n/a, NaN, null, None, -, ?)',
      repeat,
    )
    .option('--id <columns>', 'columns that are keys (never modelled, never copied), comma-separated', repeat)
    .option('--categorical-max <n>', 'text columns with at most this many distinct values are categorical')
    .option('--date-format <col=fmt>', 'date format of a column, e.g. signup=DD/MM/YYYY (repeatable)', repeat)
    .option('--kind <col=kind>', 'force a column kind: numerical, categorical, boolean, datetime, id, text (repeatable)', repeat)
    .option('--sensitivity <col=tag>', 'tag a column: public, quasi-identifier, sensitive, pii (repeatable)', repeat)
    .option('--delimiter <char>', 'CSV field separator (default: detected among , ; tab |)')
    .option('--encoding <name>', 'CSV text encoding, e.g. latin1, utf-16le (default utf-8)')
}

/** The parsed input flags as load options (inference options are checked here; bad values are usage errors). */
export function loadOptionsFromFlags(
  opts: InferFlags & { readonly delimiter?: string; readonly encoding?: string },
): Pick<LoadOptions, 'infer' | 'delimiter' | 'encoding'> {
  const delimiter = opts.delimiter === '\\t' || opts.delimiter === 'tab' ? '\t' : opts.delimiter
  return { infer: inferOptionsFromFlags(opts), delimiter, encoding: opts.encoding }
}
