import type { RunnerTask, RunnerTestSuite } from 'vitest'
import { afterAll, expect } from 'vitest'
import { checkEveryExchange } from './internal/checkEveryExchange.js'
import { recordCoverage } from './internal/coverage.js'

// Setup file of the node projects: every response of the sandbox's Upvest, Addepar and control APIs that any
// test receives through `fetch` (in-process through msw, or over HTTP from a local server), and every webhook
// delivery the sandbox sends, is checked against the OpenAPI documents (./internal/checkEveryExchange.ts).
// What was seen is recorded for `npm run parity`, only when every test of the file passed.

const checker = checkEveryExchange()

/** Whether every test of the file that was to run ran and passed: a failing hook leaves its tests unpassed. */
const allPassed = (task: RunnerTask): boolean =>
  task.type === 'suite'
    ? task.result?.state !== 'fail' && task.tasks.every(allPassed)
    : task.mode !== 'run' || task.result?.state === 'pass'

// Registered after the check's own afterAll, so it runs before it (hooks run as a stack).
// biome-ignore lint/correctness/noEmptyPattern: Vitest reads the fixtures a hook uses from its first parameter.
afterAll(async ({}, file) => {
  const testPath = expect.getState().testPath
  if (!testPath) return
  const passed = allPassed(file as RunnerTestSuite) && checker.violations.length === 0
  await recordCoverage(process.cwd(), testPath, passed, checker.tallies.values())
})
