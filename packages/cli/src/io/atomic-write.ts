import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { SynthkitError } from '@synthkit/core'
import { CliError } from '../terminal/cli-error'
import { installInterruptHandlers, interruptSignal, trackTempFile, untrackTempFile } from '../terminal/interrupt'

/** Fails early, before any work, when `target` cannot be written (missing folder, no permission, a directory). */
export async function checkWritable(target: string): Promise<void> {
  const path = resolve(target)
  const dir = dirname(path)
  const info = await stat(dir).catch(() => undefined)
  if (!info) throw new CliError(`cannot write ${target}: the folder ${dir} does not exist`)
  if (!info.isDirectory()) throw new CliError(`cannot write ${target}: ${dir} is not a folder`)
  try {
    await access(dir, constants.W_OK)
  } catch {
    throw new CliError(`cannot write ${target}: no permission to write in ${dir}`)
  }
  const existing = await stat(path).catch(() => undefined)
  if (existing?.isDirectory()) throw new CliError(`cannot write ${target}: it is a folder`)
}

/**
 * Writes a file all or nothing: `write` fills a temp file beside `target` (same folder, so the rename is atomic
 * on one file system), which is renamed over `target` only when `write` succeeded. On any error, and on Ctrl-C,
 * the temp file is removed: a reader never sees a partial file under the target's name.
 */
export async function atomicWrite(target: string, write: (tempPath: string) => Promise<void> | void): Promise<void> {
  await checkWritable(target)
  const path = resolve(target)
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  installInterruptHandlers()
  trackTempFile(temp)
  try {
    await write(temp)
    // After Ctrl-C a finished temp file is not renamed into place either: the user asked to stop.
    if (interruptSignal().aborted) throw new SynthkitError('CANCELLED', `Writing ${target} was cancelled`)
    await rename(temp, path)
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  } finally {
    untrackTempFile(temp)
  }
}

/** Writes a text file atomically (see {@link atomicWrite}). */
export async function writeTextAtomic(target: string, text: string): Promise<void> {
  await atomicWrite(target, (temp) => writeFile(temp, text, 'utf8'))
}
