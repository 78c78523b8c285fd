import type { Provider } from '../engine/Provider.js'
import type { AddeparSandbox } from './AddeparSandbox.js'
import { jsonApiError } from './jsonapi/jsonApiError.js'
import { addeparRoutes } from './routes/addeparRoutes.js'

const METHODS = ['GET', 'POST', 'PATCH', 'DELETE']

/** The Addepar API as the engine runs it. Each route does its own gatekeeping (see `addeparRoute`). */
export const addeparProvider: Provider<AddeparSandbox> = {
  name: 'addepar',
  routes: addeparRoutes,
  // Addepar documents `X-RateLimit-Retry-After` on 429 (docs/addepar.md#rate-limit), so an injected 429 carries it too (1 s
  // unless the fault says otherwise); its other errors have no extra headers.
  error: (_request, status, detail, fault) =>
    jsonApiError(status, detail, {
      headers: fault && status === 429 ? { 'X-RateLimit-Retry-After': String(fault.retryAfter ?? 1) } : {},
    }),
  // Anything else under /v1 is answered in Addepar's format too: only four methods exist (405).
  unmatched(request) {
    if (request.path !== '/v1' && !request.path.startsWith('/v1/')) return undefined
    if (METHODS.includes(request.method)) return jsonApiError(404, `No route for ${request.method} ${request.pathname}`)
    return jsonApiError(405, `Method ${request.method} is not allowed; use GET, POST, PATCH or DELETE`, {
      headers: { allow: 'GET, POST, PATCH, DELETE' },
    })
  },
}
