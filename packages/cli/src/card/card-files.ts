import { stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { writeTextAtomic } from '../io/atomic-write'
import { type CardFile, type DatasetCard, renderCardMarkdown } from './card'
import { fileSha256 } from '../io/table-io'

/**
 * Writes a card as Markdown and JSON twins: `card.md` → also `card.json`, `card.json` → also `card.md`
 * (any other name gets both extensions added). Returns the two paths written.
 */
export async function writeCardFiles(out: string, card: DatasetCard): Promise<{ markdown: string; json: string }> {
  const ext = extname(out).toLowerCase()
  const stem = ext === '.md' || ext === '.json' ? out.slice(0, -ext.length) : out
  const paths = { markdown: `${stem}.md`, json: `${stem}.json` }
  await writeTextAtomic(paths.markdown, renderCardMarkdown(card))
  await writeTextAtomic(paths.json, `${JSON.stringify(card, null, 2)}\n`)
  return paths
}

/** Size and hash of a data file for the card. */
export async function cardFile(path: string, rows: number, columns: number): Promise<CardFile> {
  const [info, sha256] = await Promise.all([stat(path), fileSha256(path)])
  return { path, sha256, bytes: info.size, rows, columns }
}
