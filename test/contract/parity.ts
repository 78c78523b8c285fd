import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { addeparOpenApi } from '../../src/addepar/openapi/openapi.js'
import { OpenApiValidator } from '../../src/contract/OpenApiValidator.js'
import { upvestOpenApi } from '../../src/upvest/openapi/openapi.js'
import { readCoverage } from './internal/coverage.js'
import { formatParity, parityReport } from './internal/parity.js'

// `npm run parity`: the parity table from what the node test project last recorded (test/contract/setup.ts
// writes it per test file). Flags: `--run` runs the node test project first; `--markdown` prints the
// README's table; `--strict` exits 1 unless every documented status was produced and validated.

const args = new Set(process.argv.slice(2))
const root = resolve(import.meta.dirname, '../..')

if (args.has('--run')) {
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'node'], { cwd: root, stdio: 'inherit' })
  if (run.status !== 0) process.exit(run.status ?? 1)
}

const coverage = await readCoverage(root)
if (coverage.length === 0) {
  console.error('No contract coverage recorded yet: run the tests first (npm test, or npm run parity -- --run).')
  process.exit(1)
}
const report = parityReport(
  [new OpenApiValidator('upvest', upvestOpenApi()), new OpenApiValidator('addepar', addeparOpenApi())],
  coverage,
)
console.log(formatParity(report, args.has('--markdown') ? 'markdown' : 'text'))
const { documented, validated } = report.totals
if (args.has('--strict') && (validated < documented || report.undocumented.length > 0)) process.exit(1)
