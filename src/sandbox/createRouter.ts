import { http, type RequestHandler } from 'msw'
import { HandlerIndex } from './HandlerIndex.js'
import { respond } from './respond.js'

/**
 * One msw handler for all of an API's routes: it matches every request under `baseUrl` and dispatches it
 * through a `HandlerIndex`. msw tries handlers one by one, parsing the URL and cookies for each, so with
 * some thirty routes per API a single router is what keeps an in-process request well under a millisecond.
 * A request no route matches falls through to msw's unhandled-request strategy, as before.
 */
export function createRouter(baseUrl: string, handlers: RequestHandler[]): RequestHandler {
  const index = new HandlerIndex(handlers)
  return http.all(`${baseUrl}*`, ({ request }) => respond(index.match(request.method, new URL(request.url)), request))
}
