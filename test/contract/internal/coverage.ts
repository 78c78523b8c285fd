import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import type { Tally } from './ContractChecker.js'

// Node-only: what each test file's responses covered, one JSON file per test file, so running one file
// again replaces only its own part of the parity table.

/** Under node_modules/.cache: never committed, and cleared with the install. */
export const COVERAGE_DIR = 'node_modules/.cache/wealth-sandbox-contract'

export interface FileCoverage {
  /** The test file, relative to the project root. */
  file: string
  written: string
  tallies: Tally[]
}

export async function writeCoverage(root: string, testFile: string, tallies: Iterable<Tally>): Promise<void> {
  const dir = resolve(root, COVERAGE_DIR)
  await mkdir(dir, { recursive: true })
  const file = relative(root, testFile)
  const name = `${createHash('sha1').update(file).digest('hex').slice(0, 16)}.json`
  const coverage: FileCoverage = { file, written: new Date().toISOString(), tallies: [...tallies] }
  const temporary = join(dir, `${name}.${process.pid}.tmp`)
  await writeFile(temporary, JSON.stringify(coverage))
  await rename(temporary, join(dir, name))
}

/** Every test file's coverage, leaving out files of tests that no longer exist. */
export async function readCoverage(root: string): Promise<FileCoverage[]> {
  const dir = resolve(root, COVERAGE_DIR)
  if (!existsSync(dir)) return []
  const out: FileCoverage[] = []
  for (const name of (await readdir(dir)).filter((entry) => entry.endsWith('.json')).sort()) {
    const coverage = JSON.parse(await readFile(join(dir, name), 'utf8')) as FileCoverage
    if (existsSync(resolve(root, coverage.file))) out.push(coverage)
  }
  return out
}
