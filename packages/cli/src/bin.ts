// The `synthkit` executable: runs the CLI and sets the exit code (no process.exit, so output is flushed first).
import { main } from './program'

// `synthkit infer … | head` closes stdout early: that is the reader's choice, not an error to report.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})

main(process.argv).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`synthkit: internal error: ${String(e)}\n`)
    process.exitCode = 3
  },
)
