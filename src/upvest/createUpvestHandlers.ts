import { HttpResponse, http, type RequestHandler } from 'msw'
import type { Sandbox } from '../sandbox/createSandbox.js'
import { problem } from './problem.js'
import { toAccountGroup } from './toAccountGroup.js'

export interface UpvestHandlerOptions {
  /** Origin (and path prefix) the handlers answer, e.g. `https://sandbox.upvest.co/`. */
  baseUrl: string
}

/** The Upvest Investment API over one sandbox. */
export function createUpvestHandlers(sandbox: Sandbox, options: UpvestHandlerOptions): RequestHandler[] {
  const url = (path: string) => new URL(path, options.baseUrl).href
  return [
    http.get(url('account_groups/:account_group_id'), ({ params, request }) => {
      const requestId = crypto.randomUUID()
      const group = sandbox.store.upvestAccountGroups.get(String(params.account_group_id))
      if (!group) {
        return problem(404, `Account group ${params.account_group_id} not found`, {
          instance: new URL(request.url).pathname,
          requestId,
        })
      }
      return HttpResponse.json(toAccountGroup(group), { headers: { 'upvest-request-id': requestId } })
    }),
  ]
}
