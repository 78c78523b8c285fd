import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { addeparOpenApi } from '../../src/addepar/openapi/openapi.js'
import { OpenApiValidator } from '../../src/contract/OpenApiValidator.js'
import { upvestOpenApi } from '../../src/upvest/openapi/openapi.js'
import { readCoverage, treeHash } from './internal/coverage.js'
import { formatParity, parityReport, strictFailures } from './internal/parity.js'

// `npm run parity`: the parity table from what the node test projects recorded (test/contract/setup.ts writes
// it per test file whose tests all passed), leaving out stale results, recorded against another tree than
// the current one. Flags: `--run` runs the node test projects first; `--markdown` prints the table of
// docs/contract.md; `--strict` (what `npm test` runs) exits 1 when any result is stale, or unless every
// documented status was produced and validated (docs/contract.md#parity).

const args = new Set(process.argv.slice(2))
const root = resolve(import.meta.dirname, '../..')

if (args.has('--run')) {
  const projects = ['unit', 'api', 'http', 'contract'].flatMap((name) => ['--project', name])
  const run = spawnSync('npx', ['vitest', 'run', ...projects], { cwd: root, stdio: 'inherit' })
  if (run.status !== 0) process.exit(run.status ?? 1)
}

const tree = await treeHash(root)
const all = await readCoverage(root)
const fresh = all.filter((coverage) => coverage.tree === tree)
const stale = all.filter((coverage) => coverage.tree !== tree)
if (fresh.length === 0) {
  console.error(
    'No contract coverage recorded against the current tree: run the tests first (npm test, or npm run parity -- --run).',
  )
  process.exit(1)
}
const report = parityReport(
  [new OpenApiValidator('upvest', upvestOpenApi()), new OpenApiValidator('addepar', addeparOpenApi())],
  fresh,
)
console.log(formatParity(report, args.has('--markdown') ? 'markdown' : 'text'))
if (stale.length > 0) console.error(`\n${stale.length} test file(s) with stale results left out: run them again.`)
if (args.has('--strict')) {
  const failures = strictFailures(report, stale)
  for (const failure of failures) console.error(`parity --strict: ${failure}`)
  if (failures.length > 0) process.exit(1)
}
