/**
 * Headers whose values say nothing about a caller or its data, kept as they are; every other value (the
 * authorization, `upvest-client-id`, `addepar-firm`, cookies, signatures, anything unknown) is replaced.
 */
const HARMLESS = new Set([
  'accept',
  'allow',
  'cache-control',
  'content-length',
  'content-type',
  'date',
  'idempotency-key',
  'location',
  'retry-after',
  'upvest-api-version',
  'upvest-request-id',
  'user-agent',
  'x-ratelimit-retry-after',
])

const REDACTED = '[redacted]'

/** Headers as the journal may keep them in proxy mode: every name, and only harmless values. */
export function redactHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of headers) {
    const lower = name.toLowerCase()
    out[lower] = HARMLESS.has(lower) ? value : REDACTED
  }
  return out
}
