import type { Request } from 'express'
import type { Sandbox } from '../sandbox/createSandbox.js'
import { decideFault, FAULT_HEADER } from '../sandbox/decideFault.js'
import { faultResponse } from '../sandbox/faultResponse.js'
import { providerError } from '../sandbox/providerError.js'

export interface InjectedFault {
  /** Answer this instead of running the handlers. */
  response?: globalThis.Response
  /** Drop the connection without an answer. */
  reset?: boolean
  /** For the journal. */
  description: string
}

const basePaths = new Map<string, string>()

/** The path of a URL relative to an API's base URL, with a leading slash: `/v1/groups/5`, `/account_groups`. */
function relativePath(url: URL, baseUrl: string): string {
  let basePath = basePaths.get(baseUrl)
  if (basePath === undefined) {
    basePath = new URL(baseUrl).pathname
    basePaths.set(baseUrl, basePath)
  }
  return `/${url.pathname.slice(basePath.length)}`
}

/**
 * Applies the sandbox's faults to one provider request on the local server: waits out injected latency,
 * and says whether to answer with an injected error or drop the connection. Returns null at once when
 * the sandbox has no rules and the request no fault header, as for nearly every request.
 */
export async function injectFault(
  sandbox: Sandbox,
  api: 'upvest' | 'addepar',
  req: Request,
  url: URL,
): Promise<InjectedFault | null> {
  if (sandbox.faults.size === 0 && req.headers[FAULT_HEADER] === undefined && req.headers.prefer === undefined) {
    return null
  }
  let fault: ReturnType<typeof decideFault>
  try {
    fault = decideFault(sandbox.faults, api, req.method, relativePath(url, sandbox.baseUrls[api]), (name) =>
      req.get(name),
    )
  } catch (error) {
    const message = (error as Error).message
    return { response: providerError(api, 400, message, req.path), description: message }
  }
  if (!fault) return null
  if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs))
  const description = [
    fault.latencyMs ? `latency=${fault.latencyMs}ms` : '',
    fault.status ? `status=${fault.status}` : '',
    fault.reset ? 'reset' : '',
  ]
    .filter(Boolean)
    .join(', ')
    .concat(` (${fault.source})`)
  if (fault.reset) return { reset: true, description }
  if (fault.status !== undefined) {
    return { response: faultResponse(api, { ...fault, status: fault.status }, req.path), description }
  }
  return { description }
}
