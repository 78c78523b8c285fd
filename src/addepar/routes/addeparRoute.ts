import type { EngineRequest } from '../../engine/EngineRequest.js'
import type { EngineResponse } from '../../engine/EngineResponse.js'
import type { HttpMethod, Route } from '../../engine/Provider.js'
import type { AddeparFirm } from '../../store/schemas.js'
import type { AddeparSandbox } from '../AddeparSandbox.js'
import { authenticate } from '../auth/authenticate.js'
import { authorize, type Need, SCOPES } from '../auth/authorize.js'
import { AddeparError } from '../jsonapi/AddeparError.js'
import { jsonApiError } from '../jsonapi/jsonApiError.js'
import { type OperationSpec, operation } from '../openapi/openApiParts.js'
import { type AddeparContext, createContext } from './createContext.js'

export interface AddeparCall {
  request: EngineRequest
  params: Readonly<Record<string, string>>
  /** The request path as Addepar prints links: `/v1/...`, without the base URL's prefix. */
  path: string
  ctx: AddeparContext
}

/**
 * An Addepar operation wrapped in what every call goes through, in this order: authentication (401), the
 * firm's rate limit on authenticated calls (429), scopes and permissions (403), one write at a time, and
 * errors as JSON:API documents. Its OpenAPI operation takes its security from `need`.
 */
export function addeparRoute(spec: {
  method: HttpMethod
  path: string
  need: Need
  operation: OperationSpec
  handle(call: AddeparCall): EngineResponse | Promise<EngineResponse>
}): Route<AddeparSandbox> {
  const scopes = SCOPES[spec.need]
  return {
    method: spec.method,
    path: spec.path,
    scopes,
    operation: operation(spec.method, spec.path, scopes, spec.operation),
    async handle({ request, params, ctx: side }) {
      try {
        const caller = authenticate(side.state.credentials, request.headers)
        const firm = side.sandbox.store.addeparFirms.get(caller.user.firm_id) as AddeparFirm
        side.state.rateLimiter.hit(firm, side.sandbox.now())
        authorize(caller, spec.need)
        const call = { request, params, path: request.path, ctx: createContext(side, caller) }
        return spec.need === 'groups:write'
          ? await side.state.exclusive(async () => spec.handle(call))
          : await spec.handle(call)
      } catch (error) {
        if (error instanceof AddeparError) return jsonApiError(error.status, error.message, error.options)
        // The message may name internals; it goes to the log, never to the client (docs/addepar.md#errors).
        console.error(error)
        return jsonApiError(500, 'Unexpected error')
      }
    },
  }
}
