// Sums vitest's JSON reports (one per package) and prints "N passed, N failed" as the last line.
// Exit code 1 when a package wrote no report, a test failed, no test ran at all, or a CI step failed (argv[3]).
import { existsSync, readdirSync, readFileSync } from 'node:fs'

const status = Number(process.argv[2] ?? 0)
const failedSteps = Number(process.argv[3] ?? 0)
let passed = 0
let failed = 0
const missing = []
for (const dir of readdirSync('packages')) {
  if (!existsSync(`packages/${dir}/package.json`)) continue
  const pkg = JSON.parse(readFileSync(`packages/${dir}/package.json`, 'utf8'))
  if (!pkg.scripts?.test) continue
  const file = `packages/${dir}/.vitest-report.json`
  if (!existsSync(file)) {
    missing.push(dir)
    continue
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  // a test file that failed to load counts as a failure even though it ran no test
  for (const suite of report.testResults ?? []) if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed++
}
if (missing.length > 0) {
  console.error(`no test report from: ${missing.join(', ')}`)
  failed += missing.length
}
if (status !== 0 && failed === 0) failed = 1
failed += failedSteps
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
