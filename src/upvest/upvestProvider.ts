import type { Provider } from '../engine/Provider.js'
import { problem } from './protocol/problem.js'
import { upvestRoutes } from './routes/upvestRoutes.js'
import type { UpvestContext } from './UpvestContext.js'

/** The Upvest Investment API as the engine runs it. Each route does its own gatekeeping (see `gatedRoute`). */
export const upvestProvider: Provider<UpvestContext> = {
  name: 'upvest',
  routes: upvestRoutes,
  // Every Upvest answer the engine makes itself is problem+json with a fresh request id too (docs/upvest.md#request-id, #error-body).
  error: (request, status, detail) =>
    problem(status, detail, { instance: request.pathname, requestId: crypto.randomUUID() }),
}
