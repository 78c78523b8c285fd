import { getResponse } from 'msw'
import type { HandlerMatch } from './HandlerIndex.js'
import { directResolver } from './http.js'

/**
 * Runs the matched handlers in order, the first response winning (msw's own rule). A resolver whose path
 * parameters were matched by the index is called directly; anything else goes through msw's `getResponse`.
 */
export async function respond(matches: HandlerMatch[], request: Request): Promise<Response | undefined> {
  for (const { handler, params } of matches) {
    const resolver = params && directResolver(handler)
    const response = resolver
      ? ((await resolver({ request, params, cookies: {}, requestId: '' })) as Response | undefined)
      : await getResponse([handler], request)
    if (response) return response
  }
  return undefined
}
