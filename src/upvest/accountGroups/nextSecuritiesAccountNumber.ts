import type { UpvestContext } from '../UpvestContext.js'

/**
 * A fresh 9-digit securities account number (docs/upvest.md#new-account-group): drawn from the sandbox's seeded random sequence, so
 * the same seed gives the same numbers, and unique among the sandbox's account groups. Marks the number
 * as taken; call it only once the create is certain to succeed.
 */
export function nextSecuritiesAccountNumber(sandbox: UpvestContext): string {
  const used = sandbox.state.numbersInUse
  let number: number
  do number = 100_000_000 + Math.floor(sandbox.ids.random() * 900_000_000)
  while (used.has(number))
  used.add(number)
  return String(number)
}
