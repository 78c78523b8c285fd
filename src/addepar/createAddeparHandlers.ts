import { HttpResponse, http, type RequestHandler } from 'msw'
import type { Sandbox } from '../sandbox/createSandbox.js'
import { JSON_API, jsonApiError } from './jsonApiError.js'
import { toGroupResource } from './toGroupResource.js'

export interface AddeparHandlerOptions {
  /** Origin and path prefix the handlers answer, e.g. `https://examplefirm.addepar.com/api/`. */
  baseUrl: string
}

/** The Addepar API over one sandbox. */
export function createAddeparHandlers(sandbox: Sandbox, options: AddeparHandlerOptions): RequestHandler[] {
  const url = (path: string) => new URL(path, options.baseUrl).href
  return [
    http.get(url('v1/groups/:id'), ({ params }) => {
      const group = sandbox.store.addeparGroups.get(String(params.id))
      if (!group) return jsonApiError(404, `Group ${params.id} does not exist or you do not have access to it`)
      return new HttpResponse(JSON.stringify({ data: toGroupResource(group), included: [] }), {
        headers: { 'content-type': JSON_API },
      })
    }),
  ]
}
