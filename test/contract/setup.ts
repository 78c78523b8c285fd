import { afterAll, expect } from 'vitest'
import { ContractChecker, checkedFetch, unwrapFetch } from './internal/ContractChecker.js'
import { writeCoverage } from './internal/coverage.js'

// Setup file of the node project: every response of the sandbox's Upvest and Addepar APIs that any test
// receives through `fetch` (in-process through msw, or over HTTP from a local server) is checked against
// the OpenAPI documents; one outside them rejects the `fetch`, and fails the file in afterAll should the
// test have swallowed that. What was seen is written for `npm run parity`.

const checker = new ContractChecker()
const original = unwrapFetch(globalThis.fetch) ?? globalThis.fetch
globalThis.fetch = checkedFetch(original, () => checker)

afterAll(async () => {
  const testPath = expect.getState().testPath
  if (testPath) await writeCoverage(process.cwd(), testPath, checker.tallies.values())
  if (checker.violations.length > 0) {
    throw new AggregateError(
      checker.violations,
      `${checker.violations.length} response(s) outside the contract:\n${checker.violations.map((v) => v.message).join('\n')}`,
    )
  }
})
