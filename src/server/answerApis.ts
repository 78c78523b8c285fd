import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { DriftProxy } from '../drift/DriftProxy.js'
import { EngineRequest } from '../engine/EngineRequest.js'
import type { EngineResponse } from '../engine/EngineResponse.js'
import { DROPPED } from '../engine/handle.js'
import { allowAnyOrigin } from './allowAnyOrigin.js'
import { type LocalRoute, localRoute } from './localRoute.js'
import { DEFAULT_SANDBOX_ID, type SandboxRegistry } from './SandboxRegistry.js'

export const SANDBOX_ID_HEADER = 'x-sandbox-id'

export const EXPOSED_HEADERS = ['upvest-request-id', 'X-RateLimit-Retry-After', 'x-sandbox-id']

// Requests with these methods never change a sandbox's state, so they wait for no change log.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** A body reader in the connect style: express's `raw` parser, which sets `req.body` to the bytes. */
export type BodyReader = (req: IncomingMessage, res: ServerResponse, done: (error?: unknown) => void) => void

/** An error a reader or a check raises, with the 4xx it stands for. */
type HttpError = Error & { status?: number }

/** Answers a request, or hands it on with `next` when it is not for an API (the control plane's). */
export type ApiListener = (req: IncomingMessage, res: ServerResponse, next: () => void) => void

export interface AnswerOptions {
  /** Proxy mode: the APIs' requests go to the real providers (docs/drift.md). */
  proxy?: DriftProxy
}

/**
 * Writes an engine answer with one `writeHead`, its length known, so it is never sent chunked. The body goes as a
 * string: Node then sends head and body in one write, where a Buffer costs a second one (a `writev`).
 */
function send(res: ServerResponse, response: EngineResponse): void {
  if (response.body === null) {
    res.writeHead(response.status, response.headers).end()
    return
  }
  res
    .writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) })
    .end(response.body)
}

function sandboxId(req: IncomingMessage): string {
  const id = req.headers[SANDBOX_ID_HEADER]
  return (Array.isArray(id) ? id[0] : id) || DEFAULT_SANDBOX_ID
}

/** The request as the engine's plain request: every header as the client sent it, the raw body. */
function toEngineRequest(req: IncomingMessage, route: LocalRoute, body: unknown): EngineRequest {
  const protocol = (req.socket as TLSSocket).encrypted ? 'https' : 'http'
  return new EngineRequest({
    method: req.method ?? 'GET',
    pathname: route.pathname,
    path: route.path,
    search: route.search,
    origin: `${protocol}://${req.headers.host ?? 'localhost'}`,
    headers: req.headers,
    body: Buffer.isBuffer(body) ? body : null,
  })
}

/**
 * The engine behind the local server, one API request at a time: the sandbox named by `x-sandbox-id`
 * answers it (or, in proxy mode, the real provider), a change is on disk before its answer is written
 * (docs/persistence.md#durability), and any failure is an error in the API's own format.
 */
export function engineAnswerer(registry: SandboxRegistry, options: AnswerOptions = {}) {
  /** An error answer in the format of the request's API: a 4xx `error.status` as it is, anything else a 500. */
  async function fail(req: IncomingMessage, res: ServerResponse, error: HttpError): Promise<void> {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500
    const detail =
      status === 413 ? 'Request body exceeds the 5 MB limit' : status === 500 ? 'Internal error' : error.message
    if (status === 500) console.error(error)
    try {
      const { sandbox } = await registry.get(sandboxId(req))
      const route = localRoute(req.url ?? '/')
      send(res, sandbox.errorFor(route.api, toEngineRequest(req, route, null), status, detail))
    } catch {
      if (!res.headersSent) res.writeHead(status).end()
    }
  }

  async function answer(req: IncomingMessage, res: ServerResponse, route: LocalRoute, body: unknown): Promise<void> {
    try {
      const id = sandboxId(req)
      const { sandbox } = await registry.get(id)
      const request = toEngineRequest(req, route, body)
      const outcome =
        options.proxy && route.api !== 'control'
          ? await options.proxy.answer(route.api, request, sandbox, id)
          : await sandbox.dispatch(route.api, request, { id, unmatched: 'not-found' })
      if (!SAFE_METHODS.has(request.method)) await registry.persisted(sandbox)
      if (outcome === DROPPED) req.socket.destroy()
      else if (outcome) send(res, outcome)
    } catch (error) {
      await fail(req, res, error as HttpError)
    }
  }

  return { answer, fail }
}

/** Node leaves an HTTP/1.1 request without `Host` to the app (see startServer), to answer in the API's format. */
export function missingHost(req: IncomingMessage): HttpError | undefined {
  return req.httpVersion === '1.1' && req.headers.host === undefined
    ? Object.assign(new Error('host: header is required on HTTP/1.1'), { status: 400 })
    : undefined
}

/**
 * The provider APIs on the local server, straight from Node's request event: CORS for any origin
 * (`allowAnyOrigin`), the raw body (5 MB at most; handlers decide what they accept, signatures need the
 * bytes), the engine. They need nothing of express's routing, whose per-request setup costs about as much
 * as the engine's answer to a read (docs/performance.md#server); the control plane stays with express.
 */
export function answerApis({ answer, fail }: ReturnType<typeof engineAnswerer>, readBody: BodyReader): ApiListener {
  const anyOrigin = allowAnyOrigin(EXPOSED_HEADERS)
  return (req, res, next) => {
    const route = localRoute(req.url ?? '/')
    if (route.api === 'control') {
      next()
      return
    }
    if (anyOrigin(req, res)) return
    const invalid = missingHost(req)
    if (invalid) {
      void fail(req, res, invalid)
      return
    }
    readBody(req, res, (error) => {
      if (error) void fail(req, res, error as HttpError)
      else void answer(req, res, route, (req as IncomingMessage & { body?: unknown }).body)
    })
  }
}
