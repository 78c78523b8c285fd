/** The longest wait between two attempts of one delivery (docs/webhooks.md#delivery). */
export const MAX_RETRY_DELAY_MS = 600_000

/**
 * How long a delivery waits after its `failures`-th failed attempt before the next one (docs/webhooks.md#delivery): 1, 2, 3,
 * 5, 8, 13 … seconds (each the sum of the two before), capped at 600 s, with no limit on the attempts.
 */
export function retryDelay(failures: number): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError(`failures: a positive integer, not ${failures}`)
  let [previous, current] = [1, 1]
  for (let i = 1; i < failures && current * 1000 < MAX_RETRY_DELAY_MS; i++)
    [previous, current] = [current, previous + current]
  return Math.min(current * 1000, MAX_RETRY_DELAY_MS)
}
