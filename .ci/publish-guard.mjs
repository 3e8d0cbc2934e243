// prepublishOnly of every package: refuses to publish with npm (or yarn), which would ship `workspace:` ranges
// that no registry user can install. `pnpm release` (changeset publish → pnpm publish) replaces them with versions.
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const agent = process.env.npm_config_user_agent ?? ''
const workspaceRanges = ['dependencies', 'peerDependencies', 'optionalDependencies']
  .flatMap((field) => Object.entries(pkg[field] ?? {}).map(([name, range]) => [field, name, range]))
  .filter(([, , range]) => String(range).startsWith('workspace:'))
if (workspaceRanges.length > 0 && !agent.startsWith('pnpm/')) {
  console.error(
    `${pkg.name}: refusing to publish with ${agent.split(' ')[0] || 'an unknown client'}: ${workspaceRanges.map(([f, n, r]) => `${f}.${n} is "${r}"`).join(', ')}.`,
  )
  console.error('Publish from the repository root with `pnpm release` (changeset publish), which turns workspace: ranges into versions.')
  process.exit(1)
}
