// Changeset check (CI): every .changeset/*.md names workspace packages with a bump type and says something to
// users; and when a release tag (NAME@VERSION, written by `changeset publish`) exists, every package whose src/
// changed since its last tag has a pending changeset. Before the first release every package is unreleased, and
// the pending changesets must cover every publishable package.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const packages = new Map()
for (const dir of readdirSync('packages')) {
  try {
    const pkg = JSON.parse(readFileSync(`packages/${dir}/package.json`, 'utf8'))
    if (!pkg.private) packages.set(pkg.name, dir)
  } catch {}
}
const problems = []
const covered = new Set()
for (const file of readdirSync('.changeset').filter((f) => f.endsWith('.md') && f !== 'README.md')) {
  const text = readFileSync(`.changeset/${file}`, 'utf8')
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)
  if (!m) {
    problems.push(`${file}: no front matter (--- "pkg": minor --- then the text)`)
    continue
  }
  for (const line of m[1].split('\n').filter((l) => l.trim())) {
    const entry = /^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/.exec(line)
    if (!entry) problems.push(`${file}: "${line}" is not "package": patch|minor|major`)
    else if (!packages.has(entry[1]))
      problems.push(`${file}: ${entry[1]} is not a package of this workspace (${[...packages.keys()].join(', ')})`)
    else covered.add(entry[1])
  }
  if (m[2].trim().length < 20) problems.push(`${file}: says nothing to users`)
}
const git = (...args) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
for (const [name, dir] of packages) {
  let tag = ''
  try {
    tag = git('describe', '--tags', '--abbrev=0', '--match', `${name}@*`)
  } catch {}
  const changed = tag ? git('diff', '--name-only', `${tag}..HEAD`, '--', `packages/${dir}/src`) !== '' : true
  if (changed && !covered.has(name))
    problems.push(`${name}: ${tag ? `src/ changed since ${tag}` : 'never released'} but no changeset names it (run pnpm changeset)`)
}
for (const p of problems) console.error(`changeset: ${p}`)
console.log(`changesets: ${covered.size} packages covered, ${problems.length} problems`)
process.exit(problems.length > 0 ? 1 : 0)
