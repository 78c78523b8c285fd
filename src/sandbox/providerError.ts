import { jsonApiError } from '../addepar/jsonApiError.js'
import { problem } from '../upvest/problem.js'

/**
 * An error in the format of the API the request was meant for: Upvest problem+json with a fresh
 * `upvest-request-id`, Addepar a JSON:API `errors[]` document. `instance` is the request path.
 */
export function providerError(
  api: 'upvest' | 'addepar',
  status: number,
  detail: string,
  instance: string,
  headers: Record<string, string> = {},
): Response {
  if (api === 'upvest') return problem(status, detail, { instance, requestId: crypto.randomUUID(), headers })
  return jsonApiError(status, detail, { headers })
}
