import cors from 'cors'
import express, { type NextFunction, type Request, type Response } from 'express'
import { isPassthroughResponse } from 'msw'
import { jsonApiError } from '../addepar/jsonApiError.js'
import { controlError } from '../sandbox/createControlHandlers.js'
import { respond } from '../sandbox/respond.js'
import { problem } from '../upvest/problem.js'
import { injectFault } from './injectFault.js'
import { recordExchange } from './recordExchange.js'
import { type Api, apiFor, routeRequest } from './routeRequest.js'
import { DEFAULT_SANDBOX_ID, type SandboxRegistry } from './SandboxRegistry.js'
import { sandboxRoutes } from './sandboxRoutes.js'
import { toFetchRequest } from './toFetchRequest.js'

export const SANDBOX_ID_HEADER = 'x-sandbox-id'

const EXPOSED_HEADERS = ['upvest-request-id', 'X-RateLimit-Retry-After', 'x-sandbox-id']

// Requests with these methods never change a sandbox's state, so they need no save of the data file.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The error a request gets when nothing answers it, in the format of the API it was meant for. */
function fallback(api: Api, status: number, detail: string, path: string): globalThis.Response {
  if (api === 'upvest') return problem(status, detail, { instance: path, requestId: crypto.randomUUID() })
  if (api === 'addepar') return jsonApiError(status, detail)
  return controlError(status, detail)
}

/** Sends a Fetch response through express; returns the body text sent, for the journal. */
async function send(res: Response, response: globalThis.Response): Promise<string> {
  res.status(response.status)
  response.headers.forEach((value, name) => {
    res.append(name, value)
  })
  const body = await response.text()
  res.end(body)
  return body
}

/**
 * The local server: every request is turned into a Fetch request on the API's real origin and answered
 * by the same msw handlers that run in-process and in the browser (the bridge over `getResponse`).
 */
export function createApp(registry: SandboxRegistry): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  app.use(cors({ exposedHeaders: EXPOSED_HEADERS }))
  app.use(sandboxRoutes(registry))
  // Raw bytes, whatever the media type: handlers decide what they accept (415) and signatures need them.
  app.use(express.raw({ type: () => true, limit: '5mb' }))

  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const started = { wall: Date.now(), precise: performance.now() }
      const id = req.get(SANDBOX_ID_HEADER) || DEFAULT_SANDBOX_ID
      const entry = await registry.get(id)
      const route = routeRequest(req.originalUrl, entry.sandbox.baseUrls)
      const url = new URL(route.url)
      // Faults and the journal are about the provider APIs, never the control API.
      const api = route.api === 'control' ? null : route.api
      const fault = api && (await injectFault(entry.sandbox, api, req, url))
      if (api && fault?.reset) {
        req.socket.destroy()
        return recordExchange(entry.sandbox, id, api, req, null, started, fault.description)
      }
      let response = fault?.response
      if (!response) {
        const matches = entry.handlers[route.api].match(req.method, url)
        const answer = matches.length ? await respond(matches, toFetchRequest(req, url.href)) : undefined
        response =
          answer && !isPassthroughResponse(answer)
            ? answer
            : fallback(route.api, 404, `No route for ${req.method} ${req.path}`, req.path)
      }
      const body = await send(res, response)
      if (api) {
        const sent = { status: response.status, headers: response.headers, body }
        recordExchange(entry.sandbox, id, api, req, sent, started, fault?.description)
      }
      if (!SAFE_METHODS.has(req.method)) registry.changed(id)
    } catch (error) {
      next(error)
    }
  })

  app.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500
    const detail =
      status === 413 ? 'Request body exceeds the 5 MB limit' : status === 500 ? 'Internal error' : error.message
    if (status === 500) console.error(error)
    void send(res, fallback(apiFor(req.originalUrl), status, detail, req.path))
  })
  return app
}
