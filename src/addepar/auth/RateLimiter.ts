import { parseDuration } from '../../sandbox/time/parseDuration.js'
import type { AddeparFirm } from '../../store/schemas.js'
import { AddeparError } from '../jsonapi/AddeparError.js'

/**
 * The optional per-firm rate limit (docs/addepar.md#rate-limit): a sliding window over authenticated calls, measured on the
 * sandbox clock so a test can run into it and out of it again without waiting.
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>()

  /** Counts a call of `firm` at `now` (ms), or throws 429 with the seconds until the next call fits. */
  hit(firm: AddeparFirm, now: number): void {
    if (!firm.rate_limit) return
    const window = parseDuration(firm.rate_limit.window)
    let hits = this.#hits.get(firm.id)
    if (!hits) {
      hits = []
      this.#hits.set(firm.id, hits)
    }
    while (hits.length > 0 && (hits[0] as number) <= now - window) hits.shift()
    if (hits.length >= firm.rate_limit.limit) {
      const retryAfter = Math.max(1, Math.ceil(((hits[0] as number) + window - now) / 1000))
      throw new AddeparError(
        429,
        `Rate limit of ${firm.rate_limit.limit} requests per ${firm.rate_limit.window} exceeded; retry after ${retryAfter} s`,
        { headers: { 'X-RateLimit-Retry-After': String(retryAfter) } },
      )
    }
    hits.push(now)
  }

  clear(): void {
    this.#hits.clear()
  }
}
