// Writes src/schemas/NAME.json: the schema @synthkit/core's inferSchema gives each dataset, checked in so that
// every user of a dataset decodes it the same way even when inference changes. Run `pnpm --filter
// @synthkit/datasets schemas` after a dataset or an intended inference change, and review the diff.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { inferSchema } from '@synthkit/core'
import { parseCsvColumns } from '../src/internal/csv'

const dataDir = new URL('../data/', import.meta.url)
for (const file of readdirSync(dataDir)
  .filter((f) => f.endsWith('.csv.gz'))
  .sort()) {
  const name = file.slice(0, -'.csv.gz'.length)
  const { header, columns } = parseCsvColumns(gunzipSync(readFileSync(new URL(file, dataDir))).toString('utf8'))
  const { schema } = inferSchema(Object.fromEntries(header.map((h, i) => [h, columns[i]])), { name })
  writeFileSync(new URL(`../src/schemas/${name}.json`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`)
  console.log(`${name}: ${schema.columns.map((c) => `${c.name}:${c.kind}`).join(', ')}`)
}
