import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import type { Tally } from './ContractChecker.js'

// Node-only: what each test file's responses covered, one JSON file per test file, so running one file
// again replaces only its own part of the parity table. A file's results are kept only when all its tests
// passed, and each carries the hash of the tree it ran against, so that parity can refuse stale ones.

/** Under node_modules/.cache: never committed, and cleared with the install. */
export const COVERAGE_DIR = 'node_modules/.cache/wealth-sandbox-contract'

/** What decides the statuses the tests produce: the code, the tests, the fixtures and scenarios they load. */
const TREE = [
  { dir: 'src', match: /\.ts$/ },
  { dir: 'test', match: /\.ts$/ },
  { dir: 'fixtures', match: /\.json$/ },
  { dir: 'scenarios', match: /\.json$/ },
]

export interface FileCoverage {
  /** The test file, relative to the project root. */
  file: string
  /** `treeHash` when the file ran: results of another tree are stale. */
  tree: string
  tallies: Tally[]
}

async function filesUnder(root: string, dir: string, match: RegExp): Promise<string[]> {
  if (!existsSync(resolve(root, dir))) return []
  const entries = await readdir(resolve(root, dir), { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && match.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
}

/**
 * A SHA-256 of the paths and contents of the files the results depend on (`TREE`). Content, not times or
 * commits: an edit not yet committed changes it, and a checkout of the same tree elsewhere does not.
 */
export async function treeHash(root: string): Promise<string> {
  const files = (await Promise.all(TREE.map(({ dir, match }) => filesUnder(root, dir, match)))).flat().sort()
  const hash = createHash('sha256')
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(await readFile(resolve(root, file)))
      .update('\0')
  return hash.digest('hex')
}

const coveragePath = (root: string, file: string) =>
  resolve(root, COVERAGE_DIR, `${createHash('sha1').update(file).digest('hex').slice(0, 16)}.json`)

/**
 * Records one test file's results when all its tests passed, against the current tree; when any failed,
 * removes what an earlier run recorded for it, so that nothing of a failing file counts.
 */
export async function recordCoverage(
  root: string,
  testFile: string,
  passed: boolean,
  tallies: Iterable<Tally>,
): Promise<void> {
  const file = relative(root, testFile)
  const target = coveragePath(root, file)
  if (!passed) {
    await rm(target, { force: true })
    return
  }
  await mkdir(resolve(root, COVERAGE_DIR), { recursive: true })
  const coverage: FileCoverage = { file, tree: await treeHash(root), tallies: [...tallies] }
  const temporary = `${target}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify(coverage))
  await rename(temporary, target)
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
