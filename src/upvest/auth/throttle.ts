import { parseDuration } from '../../sandbox/time/parseDuration.js'
import { UpvestError } from '../protocol/UpvestError.js'
import type { UpvestContext } from '../UpvestContext.js'

/**
 * Upvest limits calls per `upvest-client-id` and answers 429 `too_many_requests` beyond the limit,
 * publishing neither the limits nor any header. The sandbox applies a client's optional `rate_limit`
 * from the scenario as a sliding window on the sandbox clock, so a test can run into it and out again
 * by advancing the clock.
 */
export function throttle(sandbox: UpvestContext, clientId: string): void {
  const limit = sandbox.store.upvestClients.get(clientId)?.rate_limit
  if (!limit) return
  const now = sandbox.now()
  const window = parseDuration(limit.window)
  const calls = sandbox.state.callTimes
  let times = calls.get(clientId)
  if (!times) {
    times = []
    calls.set(clientId, times)
  }
  while (times.length > 0 && (times[0] as number) <= now - window) times.shift()
  if (times.length >= limit.limit) {
    throw new UpvestError(429, `Too many requests: at most ${limit.limit} per ${limit.window} for this client`)
  }
  times.push(now)
}
