import type { PathParams } from 'msw'
import type { Sandbox } from '../sandbox/createSandbox.js'
import type { AddeparFirm } from '../store/schemas.js'
import { AddeparError } from './AddeparError.js'
import { authenticate } from './authenticate.js'
import { authorize, type Need } from './authorize.js'
import { type AddeparContext, createContext } from './createContext.js'
import { addeparState } from './installAddepar.js'
import { jsonApiError } from './jsonApiError.js'

export interface RouteCall {
  request: Request
  params: PathParams<string>
  /** The request URL, for its query parameters. */
  url: URL
  /** The request path as Addepar prints links: `/v1/...`, without the base URL's prefix. */
  path: string
  ctx: AddeparContext
}

/**
 * Wraps a route's resolver in what every Addepar call goes through: authentication (401), the firm's rate
 * limit on authenticated calls (429), scopes and permissions (403), one write at a time, and errors as
 * JSON:API documents.
 */
export function createRoute(sandbox: Sandbox, baseUrl: string) {
  const state = addeparState(sandbox)
  const prefix = new URL(baseUrl).pathname.length - 1
  return (need: Need, resolve: (call: RouteCall) => Response | Promise<Response>) =>
    async ({ request, params }: { request: Request; params: PathParams<string> }): Promise<Response> => {
      try {
        const caller = authenticate(state.credentials, request.headers)
        state.rateLimiter.hit(sandbox.store.addeparFirms.get(caller.user.firm_id) as AddeparFirm, sandbox.now())
        authorize(caller, need)
        const url = new URL(request.url)
        const call = { request, params, url, path: url.pathname.slice(prefix), ctx: createContext(sandbox, caller) }
        return need === 'groups:write' ? await state.exclusive(async () => resolve(call)) : await resolve(call)
      } catch (error) {
        if (error instanceof AddeparError) return jsonApiError(error.status, error.message, error.options)
        const detail = error instanceof Error ? error.message : String(error)
        return jsonApiError(500, `Unexpected error: ${detail}`)
      }
    }
}
