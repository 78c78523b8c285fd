import type { EngineRequest } from '../../engine/EngineRequest.js'
import { type EngineResponse, emptyResponse, jsonResponse } from '../../engine/EngineResponse.js'
import { problem } from './problem.js'
import { UpvestError } from './UpvestError.js'

/** What a route produces: a status and a JSON body, or no body at all (202, 204). */
export interface Reply {
  status: number
  body?: unknown
}

/**
 * Runs one request's work and shapes its response: a fresh `upvest-request-id` on every answer
 * (docs/upvest.md#request-id), thrown `UpvestError`s as problem+json (docs/upvest.md#error-body), and anything unexpected as a 500 problem rather
 * than a crashed handler (docs/upvest.md#unexpected-errors).
 */
export async function reply(request: EngineRequest, work: () => Reply | Promise<Reply>): Promise<EngineResponse> {
  // Request ids correlate one exchange; they are not data, so they need not be deterministic.
  const requestId = crypto.randomUUID()
  try {
    const { status, body } = await work()
    const headers = { 'upvest-request-id': requestId }
    return body === undefined ? emptyResponse(status, headers) : jsonResponse(status, body, headers)
  } catch (error) {
    const instance = request.pathname
    if (error instanceof UpvestError)
      return problem(error.status, error.detail, { instance, requestId, ...error.options })
    // The message may name internals (a file, a query, a stack); it goes to the log, never to the client.
    console.error(error)
    return problem(500, 'Unexpected error', { instance, requestId })
  }
}
