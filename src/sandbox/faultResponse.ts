import type { Fault } from './FaultRules.js'
import { providerError } from './providerError.js'

/**
 * The error answer of an injected `status` fault. Addepar documents `X-RateLimit-Retry-After` on 429
 * (A22), so an injected 429 carries it too (1 s unless the fault says otherwise); Upvest documents no
 * rate-limit header, so its 429 has none.
 */
export function faultResponse(
  api: 'upvest' | 'addepar',
  fault: Fault & { status: number },
  instance: string,
): Response {
  const headers: Record<string, string> =
    api === 'addepar' && fault.status === 429 ? { 'X-RateLimit-Retry-After': String(fault.retryAfter ?? 1) } : {}
  return providerError(api, fault.status, `Injected by the sandbox (${fault.source})`, instance, headers)
}
