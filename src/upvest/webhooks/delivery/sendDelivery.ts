/** How long one attempt may take, wall clock, before it counts as failed (docs/webhooks.md#delivery). */
export const DELIVERY_TIMEOUT_MS = 10_000

/** What one attempt came to: the receiver's status code, or why there was none. */
export interface AttemptOutcome {
  status: number | null
  error: string | null
}

/**
 * POSTs one delivery through the global `fetch` (so msw catches it in-process and in the browser) and
 * reports the outcome without throwing. Redirects are not followed, as Upvest does not follow them: a
 * 3xx is a failure like any other non-2xx. No response within `timeoutMs` (wall clock) and a refused or
 * broken connection are failures with `status: null` and the reason in `error`.
 */
export async function sendDelivery(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number = DELIVERY_TIMEOUT_MS,
): Promise<AttemptOutcome> {
  // A timer of our own rather than AbortSignal.timeout(), whose timer does not keep Node's event loop alive.
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs)
  try {
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: controller.signal })
    await response.body?.cancel().catch(() => undefined)
    if (response.type === 'opaqueredirect') return { status: null, error: 'redirect (not followed)' }
    return { status: response.status, error: null }
  } catch (error) {
    return { status: null, error: describe(controller.signal.aborted ? controller.signal.reason : error, timeoutMs) }
  } finally {
    clearTimeout(timer)
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `timeout: no response within ${timeoutMs / 1000} s`
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)'
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  if (typeof cause?.code === 'string') return `${message} (${cause.code})`
  return typeof cause?.message === 'string' ? `${message}: ${cause.message}` : message
}
