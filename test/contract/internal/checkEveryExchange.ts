import { afterAll } from 'vitest'
import { ContractChecker, checkedFetch, unwrapFetch } from './ContractChecker.js'

let installed: ContractChecker | undefined

/**
 * Wraps the global `fetch` of this test file with a new checker (once: a wrapped `fetch` is unwrapped
 * first), so that every response of the sandbox's APIs and every webhook delivery it sends is checked;
 * one outside the contract rejects its `fetch`, and fails the file in afterAll should the test have
 * swallowed that. Browser-safe: the node projects' setup and the browser project's both call it.
 */
export function checkEveryExchange(): ContractChecker {
  const checker = new ContractChecker()
  installed = checker
  const original = unwrapFetch(globalThis.fetch) ?? globalThis.fetch
  globalThis.fetch = checkedFetch(original, () => checker)
  afterAll(() => {
    if (checker.violations.length === 0) return
    throw new AggregateError(
      checker.violations,
      `${checker.violations.length} exchange(s) outside the contract:\n${checker.violations.map((v) => v.message).join('\n')}`,
    )
  })
  return checker
}

/** The checker the setup file installed for this test file; throws when it did not run. */
export function contractChecker(): ContractChecker {
  if (!installed) throw new Error('no contract checker: the setup file did not run')
  return installed
}

/** Checks the exchanges of another window of the page too (the example app's frame, whose `fetch` is its own). */
export function checkFrame(frame: Window): void {
  const checker = contractChecker()
  frame.fetch = checkedFetch(unwrapFetch(frame.fetch) ?? frame.fetch.bind(frame), () => checker)
}
