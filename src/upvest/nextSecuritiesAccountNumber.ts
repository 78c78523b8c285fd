import { perSandbox } from './perSandbox.js'
import type { UpvestContext } from './UpvestContext.js'

// One scan the first time (the `large` scenario has 100,000 groups), a set lookup after that.
const numbersInUse = perSandbox(
  (sandbox) => new Set(Array.from(sandbox.store.upvestAccountGroups.all(), (group) => group.securities_account_number)),
)

/**
 * A fresh 9-digit securities account number (docs/upvest.md#new-account-group): drawn from the sandbox's seeded random sequence, so
 * the same seed gives the same numbers, and unique among the sandbox's account groups. Marks the number
 * as taken; call it only once the create is certain to succeed.
 */
export function nextSecuritiesAccountNumber(sandbox: UpvestContext): string {
  const used = numbersInUse(sandbox)
  let number: string
  do number = String(100_000_000 + Math.floor(sandbox.ids.random() * 900_000_000))
  while (used.has(number))
  used.add(number)
  return number
}
