import type { EngineRequest } from '../engine/EngineRequest.js'
import type { ProviderAnswer } from './DriftChecker.js'
import { UpstreamError } from './UpstreamError.js'
import type { UpstreamCredentials } from './upstreamCredentials.js'

/** Headers of one hop, not of the exchange, and the sandbox's own: never passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'content-length',
  'host',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // fetch asks for and decodes the encodings it knows itself.
  'accept-encoding',
])
const dropRequestHeader = (name: string) => HOP_BY_HOP.has(name) || name.startsWith('x-sandbox-')
/** The answer goes back decoded and with the local server's CORS headers, so the upstream's own are dropped. */
const dropAnswerHeader = (name: string) =>
  HOP_BY_HOP.has(name) || name === 'content-encoding' || name.startsWith('access-control-')

export interface Upstream {
  api: 'upvest' | 'addepar'
  /** The provider's base URL: `https://sandbox.upvest.co`, `https://<firm>.addepar.com/api`. */
  base: string
  credentials: UpstreamCredentials
  timeoutMs: number
}

/**
 * Sends one request of the app to the real provider, as the app sent it but for the hop's own headers; with
 * credentials in the environment they replace the app's (Upvest's client id and, on `POST /auth/token`, the
 * client secret; Addepar's key, secret and firm), so that an app configured for the sandbox reaches the real
 * provider. Resolves with the whole answer read; rejects with an `UpstreamError`.
 */
export async function forwardToUpstream(upstream: Upstream, request: EngineRequest): Promise<ProviderAnswer> {
  const url = `${upstream.base.replace(/\/+$/, '')}${request.path}${request.search}`
  const headers = new Headers()
  for (const [name, value] of request.headers.entries()) if (!dropRequestHeader(name)) headers.set(name, value)
  let body: Uint8Array | string | null = request.body
  const { upvest, addepar } = upstream.credentials
  if (upstream.api === 'upvest' && upvest) {
    headers.set('upvest-client-id', upvest.clientId)
    if (request.method === 'POST' && request.path === '/auth/token') {
      const form = new URLSearchParams(request.text())
      form.set('client_id', upvest.clientId)
      form.set('client_secret', upvest.clientSecret)
      body = form.toString()
    }
  }
  if (upstream.api === 'addepar' && addepar) {
    headers.set('authorization', `Basic ${btoa(`${addepar.key}:${addepar.secret}`)}`)
    headers.set('addepar-firm', addepar.firm)
  }
  const signal = AbortSignal.timeout(upstream.timeoutMs)
  try {
    const response = await fetch(url, {
      method: request.method,
      headers,
      body: body === null ? undefined : (body as BodyInit),
      redirect: 'manual',
      signal,
    })
    const text = await response.text()
    const answerHeaders = new Headers()
    response.headers.forEach((value, name) => {
      if (!dropAnswerHeader(name)) answerHeaders.set(name, value)
    })
    return { status: response.status, headers: answerHeaders, body: text }
  } catch (error) {
    throw UpstreamError.from(error, url, upstream.timeoutMs)
  }
}
