import { delay, HttpResponse, http, type RequestHandler } from 'msw'
import { decideFault } from './decideFault.js'
import type { FaultRules } from './FaultRules.js'
import { faultResponse } from './faultResponse.js'
import { providerError } from './providerError.js'

/**
 * In-process fault injection: a handler placed before one API's handlers that matches every request to
 * that API's base URL and, when no fault applies, answers nothing, so msw goes on to the real handler.
 * The local server injects faults in its bridge instead and never installs it.
 */
export function createFaultGate(faults: FaultRules, api: 'upvest' | 'addepar', baseUrl: string): RequestHandler {
  const basePath = new URL(baseUrl).pathname
  return http.all(`${baseUrl}*`, async ({ request }) => {
    const url = new URL(request.url)
    let fault: ReturnType<typeof decideFault>
    try {
      fault = decideFault(faults, api, request.method, `/${url.pathname.slice(basePath.length)}`, (name) =>
        request.headers.get(name),
      )
    } catch (error) {
      return providerError(api, 400, (error as Error).message, url.pathname)
    }
    if (!fault) return undefined
    if (fault.latencyMs) await delay(fault.latencyMs)
    if (fault.reset) return HttpResponse.error()
    if (fault.status !== undefined) return faultResponse(api, { ...fault, status: fault.status }, url.pathname)
    return undefined
  })
}
