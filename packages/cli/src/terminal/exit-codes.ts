/**
 * Exit codes of the `synthkit` command, documented in docs/cli.md. CI pipelines branch on them, so they never
 * change meaning: 1 is reserved for a quality/privacy gate that failed on valid input.
 */
export const EXIT = {
  /** Everything worked (and every gate passed). */
  ok: 0,
  /** `synthkit gate`: the data were read fine but a threshold failed. */
  gateFailed: 1,
  /** Bad usage or bad input: unknown option, missing or unreadable file, data that do not match the schema… */
  input: 2,
  /** A bug in synthkit: please report it with the `--verbose` output. */
  internal: 3,
  /** `synthkit verify`: the file carries no synthkit provenance mark (it is not synthkit output, or lost its mark). */
  notSynthkit: 4,
  /** Stopped by Ctrl-C (SIGINT; 128 + 2, as shells report it): long work stopped, no partial output left. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15): as for Ctrl-C. */
  terminated: 143,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
