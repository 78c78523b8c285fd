import type { Express, NextFunction, Request, Response } from 'express'
import type { DriftProxy } from '../drift/DriftProxy.js'
import { EngineRequest } from '../engine/EngineRequest.js'
import type { EngineResponse } from '../engine/EngineResponse.js'
import { DROPPED } from '../engine/handle.js'
import type { Api } from '../sandbox/mountProviders.js'
import { allowAnyOrigin } from './allowAnyOrigin.js'
import { type ControlGuardOptions, controlGuard } from './controlGuard.js'
import { localRoute } from './localRoute.js'
import { requireServerPackages } from './requireServerPackages.js'
import { DEFAULT_SANDBOX_ID, type SandboxRegistry } from './SandboxRegistry.js'

export const SANDBOX_ID_HEADER = 'x-sandbox-id'

export const EXPOSED_HEADERS = ['upvest-request-id', 'X-RateLimit-Retry-After', 'x-sandbox-id']

// Requests with these methods never change a sandbox's state, so they wait for no change log.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The express request as the engine's plain request: every header as the client sent it, the raw body. */
function toEngineRequest(req: Request): { api: Api; request: EngineRequest } {
  const route = localRoute(req.originalUrl)
  const request = new EngineRequest({
    method: req.method,
    pathname: route.pathname,
    path: route.path,
    search: route.search,
    origin: `${req.protocol}://${req.headers.host ?? 'localhost'}`,
    headers: req.headers,
    body: Buffer.isBuffer(req.body) ? req.body : null,
  })
  return { api: route.api, request }
}

/**
 * Writes an engine answer with one `writeHead`, its length known, so it is never sent chunked. The body goes as a
 * string: Node then sends head and body in one write, where a Buffer costs a second one (a `writev`).
 */
function send(res: Response, response: EngineResponse): void {
  if (response.body === null) {
    res.writeHead(response.status, response.headers).end()
    return
  }
  res
    .writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) })
    .end(response.body)
}

/** Who may use the control API (docs/security.md), and in proxy mode where the APIs' requests go (docs/drift.md). */
export type CreateAppOptions = ControlGuardOptions & { proxy?: DriftProxy }

/**
 * The local server, the express adapter of the engine: it maps the local path onto an API (`localRoute`),
 * hands the request to the sandbox named by `x-sandbox-id` as plain values and writes the answer itself.
 * The provider APIs answer any origin (a frontend on another port calls them); the control API only this
 * server's own pages (`controlGuard`). Express and the other server packages are optional peer dependencies
 * (docs/README.md#install), imported here, when a server is made: a missing one is an error that says what
 * to install, and nothing in-process ever loads them.
 */
export async function createApp(registry: SandboxRegistry, options: CreateAppOptions = {}): Promise<Express> {
  await requireServerPackages()
  const [{ default: express }, { sandboxRoutes }] = await Promise.all([import('express'), import('./sandboxRoutes.js')])
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  app.use(controlGuard(options))
  const anyOrigin = allowAnyOrigin(EXPOSED_HEADERS)
  app.use((req: Request, res: Response, next: NextFunction) =>
    localRoute(req.originalUrl).api === 'control' ? next() : anyOrigin(req, res, next),
  )
  // Node leaves an HTTP/1.1 request without `Host` to the app (see startServer), to answer in the API's format.
  app.use((req: Request, _res: Response, next: NextFunction) =>
    next(
      req.httpVersion === '1.1' && req.headers.host === undefined
        ? Object.assign(new Error('host: header is required on HTTP/1.1'), { status: 400 })
        : undefined,
    ),
  )
  app.use(sandboxRoutes(registry))
  // Raw bytes, whatever the media type: handlers decide what they accept (415) and signatures need them.
  app.use(express.raw({ type: () => true, limit: '5mb' }))

  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const id = req.get(SANDBOX_ID_HEADER) || DEFAULT_SANDBOX_ID
      const { sandbox } = await registry.get(id)
      const { api, request } = toEngineRequest(req)
      const outcome =
        options.proxy && api !== 'control'
          ? await options.proxy.answer(api, request, sandbox, id)
          : await sandbox.dispatch(api, request, { id, unmatched: 'not-found' })
      // On disk before the answer (docs/persistence.md#durability).
      if (!SAFE_METHODS.has(req.method)) await registry.persisted(sandbox)
      if (outcome === DROPPED) req.socket.destroy()
      else if (outcome) send(res, outcome)
    } catch (error) {
      next(error)
    }
  })

  app.use(
    async (error: Error & { status?: number }, req: Request, res: Response, _next: NextFunction): Promise<void> => {
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500
      const detail =
        status === 413 ? 'Request body exceeds the 5 MB limit' : status === 500 ? 'Internal error' : error.message
      if (status === 500) console.error(error)
      try {
        const { sandbox } = await registry.get(req.get(SANDBOX_ID_HEADER) || DEFAULT_SANDBOX_ID)
        const { api, request } = toEngineRequest(Object.assign(req, { body: null }))
        send(res, sandbox.errorFor(api, request, status, detail))
      } catch {
        res.status(status).end()
      }
    },
  )
  return app
}
