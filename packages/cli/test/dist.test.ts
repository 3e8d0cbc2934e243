import { expect, it } from 'vitest'
import { distExports } from '../../../testing/dist'
import { PACKAGE_DIR, runCli } from './helpers'

it('the built package loads in plain Node as ESM and CJS with the same exports', () => {
  const { esm, cjs } = distExports('@synthkit/cli', PACKAGE_DIR)
  for (const name of ['main', 'loadTable', 'writeTable', 'readCsvColumns', 'EXIT', 'CliError']) expect(esm).toContain(name)
  expect(cjs).toEqual(esm.filter((n) => n !== 'default'))
})

it('the built bin prints its version and help, exiting 0', () => {
  const version = runCli(['--version'])
  expect(version.code).toBe(0)
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  const help = runCli(['--help'])
  expect(help.code).toBe(0)
  expect(help.stdout).toContain('Exit codes: 0 ok')
  for (const command of ['demo', 'infer', 'fit', 'sample', 'evaluate', 'gate', 'card'])
    expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'))
})
