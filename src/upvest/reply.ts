import { HttpResponse } from 'msw'
import { problem } from './problem.js'
import { UpvestError } from './UpvestError.js'

/** What a route produces: a status and a JSON body, or no body at all (202, 204). */
export interface Reply {
  status: number
  body?: unknown
}

/**
 * Runs one request's work and shapes its response: a fresh `upvest-request-id` on every answer (S3),
 * thrown `UpvestError`s as problem+json (S4), and anything unexpected as a 500 problem rather than a
 * crashed handler.
 */
export async function reply(request: Request, work: () => Promise<Reply>): Promise<Response> {
  // Request ids correlate one exchange; they are not data, so they need not be deterministic.
  const requestId = crypto.randomUUID()
  try {
    const { status, body } = await work()
    const headers = { 'upvest-request-id': requestId }
    return body === undefined
      ? new HttpResponse(null, { status, headers })
      : HttpResponse.json(body, { status, headers })
  } catch (error) {
    const instance = new URL(request.url).pathname
    if (error instanceof UpvestError)
      return problem(error.status, error.detail, { instance, requestId, ...error.options })
    return problem(500, error instanceof Error ? error.message : String(error), { instance, requestId })
  }
}
