import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { EngineRequest, type RawHeaders } from '../engine/EngineRequest.js'
import type { EngineResponse } from '../engine/EngineResponse.js'
import type { Api } from '../sandbox/mountProviders.js'
import { EXPOSED_HEADERS } from './answerApis.js'
import { localRoute } from './localRoute.js'

/** An error in an API's format: a sandbox's `errorFor`. */
export type ErrorFor = (api: Api, request: EngineRequest, status: number, detail: string) => EngineResponse

/** The request line as far as Node read it before giving up: `GET /account_groups HTTP/1.1`. */
const REQUEST_LINE = /^([A-Z]+) (\/\S*) HTTP\/\d\.\d\r?\n/

/**
 * What a request that never reaches the app is answered, in the format of the API its path names (Upvest's
 * when there is no path to go by), never keeping the connection: the framing of what follows is lost.
 */
function answer(
  errorFor: ErrorFor,
  method: string,
  target: string,
  headers: RawHeaders,
  status: number,
  detail: string,
) {
  const route = localRoute(target.startsWith('/') ? target : '/')
  const request = new EngineRequest({ ...route, method, origin: 'http://localhost', headers, body: null })
  const response = errorFor(route.api, request, status, detail)
  const cors: Record<string, string> =
    route.api === 'control'
      ? {}
      : { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED_HEADERS.join(',') }
  const body = Buffer.from(response.body ?? '')
  return {
    status,
    body,
    headers: { ...response.headers, ...cors, 'content-length': String(body.byteLength), connection: 'close' },
  }
}

function writeTo(socket: Duplex, { status, headers, body }: ReturnType<typeof answer>): void {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`)]
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]))
}

/** The status for an error of Node's HTTP parser or timers, by its code. */
function statusOf(code: string | undefined): { status: number; detail: string } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, detail: 'The request line and headers exceed 16 KiB' }
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, detail: 'The request did not arrive in time' }
  return { status: 400, detail: `The request is not valid HTTP/1.1 (${code ?? 'unreadable'})` }
}

/**
 * Answers what Node's HTTP server turns away before the app sees it (docs/control-api.md#malformed-requests):
 * a request it cannot parse (400), headers over its limit (431), an `Expect` other than `100-continue`
 * (417) and `CONNECT` (400, this is no proxy). Node would answer these without a body or not at all.
 */
export function answerEarlyErrors(server: Server, errorFor: ErrorFor): void {
  server.on('clientError', (error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) => {
    // Nothing to answer on a connection that is gone or already carries an answer.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Socket).bytesWritten > 0) {
      socket.destroy()
      return
    }
    const line = REQUEST_LINE.exec(error.rawPacket?.toString('latin1') ?? '')
    const { status, detail } = statusOf(error.code)
    writeTo(socket, answer(errorFor, line?.[1] ?? 'GET', line?.[2] ?? '/', {}, status, detail))
  })
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const detail = `expect: "${req.headers.expect}" cannot be met; only 100-continue is supported`
    const { status, headers, body } = answer(errorFor, req.method ?? 'GET', req.url ?? '/', req.headers, 417, detail)
    res.writeHead(status, headers).end(body)
  })
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    // The socket is the listener's alone now: a client that goes away must not crash the server.
    socket.on('error', () => socket.destroy())
    const detail = `CONNECT ${req.url}: this server is no proxy`
    writeTo(socket, answer(errorFor, 'CONNECT', req.url ?? '/', req.headers, 400, detail))
  })
}
