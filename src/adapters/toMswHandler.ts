import { HttpResponse, http, type RequestHandler } from 'msw'
import type { EngineRequest } from '../engine/EngineRequest.js'
import type { EngineResponse } from '../engine/EngineResponse.js'
import { DROPPED, type Outcome } from '../engine/handle.js'
import { fromFetchRequest } from './fromFetchRequest.js'

const encoder = new TextEncoder()

/**
 * The engine's answer as a Fetch `Response`, with its length as a server sends it. msw writes an answer
 * without `content-length` to its mocked socket as one that ends with the connection, and Node's fetch
 * (undici) then destroys the socket with an error after every answer: building that error's stack trace
 * (source-mapped, as under Vitest) cost more than the engine's whole answer (docs/performance.md#in-process).
 */
function toResponse(outcome: EngineResponse): Response {
  const body = outcome.body === null ? null : encoder.encode(outcome.body)
  const length = outcome.status === 204 || outcome.status === 304 ? undefined : String(body?.byteLength ?? 0)
  const headers = length === undefined ? outcome.headers : { ...outcome.headers, 'content-length': length }
  return new HttpResponse(body, { status: outcome.status, headers })
}

/** Answers one request that reached a base URL; the sandbox picks the mount and runs the pipeline. */
export type Dispatch = (request: EngineRequest) => Promise<Outcome>

/**
 * The msw adapter (`setupServer` and `setupWorker`): one handler per base URL that turns the Fetch request
 * into plain values, runs the engine and turns its answer back. A request no route takes falls through to
 * msw's unhandled-request strategy.
 */
export function toMswHandler(baseUrl: string, dispatch: Dispatch): RequestHandler {
  const base = new URL(baseUrl).href
  // A predicate, not the pattern `${base}*`: msw would compile that pattern anew for every request each handler
  // sees, which cost more than the engine's whole answer (docs/performance.md#in-process).
  return http.all(
    ({ request }) => request.url.startsWith(base),
    async ({ request }) => {
      const outcome = await dispatch(await fromFetchRequest(request, base))
      if (outcome === undefined) return undefined
      if (outcome === DROPPED) return HttpResponse.error()
      return toResponse(outcome)
    },
  )
}
