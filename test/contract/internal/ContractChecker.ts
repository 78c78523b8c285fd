import { addeparOpenApi } from '../../../src/addepar/openapi/openapi.js'
import { OpenApiValidator, type ResponseCheck } from '../../../src/contract/OpenApiValidator.js'
import { controlOpenApi } from '../../../src/sandbox/control/controlOpenApi.js'
import { requestedFault } from '../../../src/sandbox/faults/decideFault.js'
import { localRoute } from '../../../src/server/localRoute.js'
import { upvestOpenApi } from '../../../src/upvest/openapi/openapi.js'

// Decides which HTTP exchanges are the sandbox's Upvest, Addepar or control API, or a webhook delivery it
// sends, checks them against the documents and counts what was seen, for the parity table (./parity.ts).
// Browser-safe: the node projects' setup (../setup.ts) and the browser project's (../setup.browser.ts) use it.

export type Api = 'upvest' | 'addepar' | 'control'

/** Where a request went, as far as the contract is concerned. */
export type Target =
  | { api: Api; path: string; local: boolean }
  | { api: null; reason: 'local server page' | 'not a sandbox origin' }

const UPVEST_HOSTS = new Set(['sandbox.upvest.co', 'api.upvest.co'])
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])
const CONTROL = '/__sandbox'
/**
 * What the local server answers under `/__sandbox` with express routes of its own rather than the control
 * API's route table: the inspector and docs pages with their assets, the served documents, and the list of
 * sandboxes (src/server/sandboxRoutes.ts). The http tests assert them.
 */
const SERVER_PAGES = /^\/__sandbox(\/?|\/inspector\/.*|\/docs(\/.*)?|\/openapi\/.*|\/sandboxes(\/.*)?)$/
/** The one webhook the Upvest document describes: every delivery, events and test events alike. */
const DELIVERY_WEBHOOK = 'accountGroupEvents'

/**
 * The API a URL belongs to. Upvest: `sandbox.upvest.co`, `api.upvest.co` and `*.upvest.test` (other
 * origins tests give the handlers). Addepar: `<firm>.addepar.com/api/...` and `api.addepar.com/...`. The
 * control API: `<origin>/__sandbox/...` on any of them or a local origin (`sandbox.controlHandler(origin)`).
 * A local server (127.0.0.1, localhost) splits paths as src/server/localRoute.ts does: `/__sandbox` is the
 * control API (but for the server's own pages), `/api/v1` and `/v1` are Addepar, everything else Upvest.
 */
export function classify(url: URL): Target {
  const { hostname, pathname } = url
  const local = LOCAL_HOSTS.has(hostname)
  if (local && SERVER_PAGES.test(pathname)) return { api: null, reason: 'local server page' }
  const control = pathname.indexOf(`${CONTROL}/`)
  if (control >= 0 && (local || isSandboxOrigin(url))) {
    return { api: 'control', path: pathname.slice(control + CONTROL.length), local }
  }
  if (local) {
    const api = localRoute(pathname).api
    return { api, path: api === 'addepar' && pathname.startsWith('/api/') ? pathname.slice(4) : pathname, local }
  }
  if (UPVEST_HOSTS.has(hostname) || hostname.endsWith('.upvest.test'))
    return { api: 'upvest', path: pathname, local: false }
  if (hostname === 'api.addepar.com') return { api: 'addepar', path: pathname, local: false }
  if (hostname.endsWith('.addepar.com') && (pathname === '/api' || pathname.startsWith('/api/'))) {
    return { api: 'addepar', path: pathname.slice(4) || '/', local: false }
  }
  return { api: null, reason: 'not a sandbox origin' }
}

const isSandboxOrigin = ({ hostname }: URL) =>
  UPVEST_HOSTS.has(hostname) || hostname.endsWith('.upvest.test') || hostname.endsWith('.addepar.com')

/**
 * Whether a response from a local origin came from the sandbox's own server rather than another local
 * server a test runs (a webhook receiver, say): the sandbox's CORS middleware exposes `upvest-request-id`
 * on every provider response. The control API sends no CORS headers; its paths are the sandbox's own.
 */
export function isSandboxServer(headers: Headers): boolean {
  return (headers.get('access-control-expose-headers') ?? '').toLowerCase().includes('upvest-request-id')
}

/**
 * The error status the request's own headers make the sandbox answer: what `x-sandbox-fault: status=...` or
 * `Prefer: code=...` asks for (read as the engine reads them, src/sandbox/faults/decideFault.ts), or 400 for
 * an unreadable `x-sandbox-fault` (docs/control-api.md#faults); undefined when they ask for none.
 */
export function requestedStatus(requestHeaders: Headers): number | undefined {
  try {
    return requestedFault((name) => requestHeaders.get(name))?.status
  } catch {
    return 400
  }
}

/**
 * Whether an outgoing request is a webhook delivery of the sandbox: a POST signed the way Upvest signs
 * webhooks, with HTTP message signatures v6 and a `digest` header. Clients of the Upvest API sign with
 * RFC 9421's `content-digest` instead (docs/upvest.md#signatures), so their requests are never taken for one.
 */
export function isWebhookDelivery(method: string, headers: Headers): boolean {
  return method.toUpperCase() === 'POST' && headers.has('digest') && headers.has('signature-input')
}

/** How often one (operation, status) was seen, and how often it was within the contract. */
export interface Tally {
  api: Api
  operationId: string
  method: string
  path: string
  status: number
  documented: boolean
  /** Checked as a fault the request asked for, of a status the operation does not document. */
  injected?: boolean
  seen: number
  valid: number
}

export class ContractViolation extends Error {
  constructor(
    readonly exchange: string,
    readonly check: { api: string; errors: string[] },
  ) {
    super(`${exchange} is outside the ${check.api} contract:\n  - ${check.errors.join('\n  - ')}`)
    this.name = 'ContractViolation'
  }
}

const DOCUMENTS: Record<Api, () => ConstructorParameters<typeof OpenApiValidator>[1]> = {
  upvest: upvestOpenApi,
  addepar: addeparOpenApi,
  control: controlOpenApi,
}

/** Checks responses and webhook deliveries against the documents and tallies the responses. */
export class ContractChecker {
  #validators: Partial<Record<Api, OpenApiValidator>> = {}
  readonly tallies = new Map<string, Tally>()
  readonly violations: ContractViolation[] = []

  validator(api: Api): OpenApiValidator {
    this.#validators[api] ??= new OpenApiValidator(api, DOCUMENTS[api]())
    return this.#validators[api]
  }

  /**
   * Checks one exchange; undefined when it is none of the contract's business (another origin, a page of
   * the local server, another local server, a CORS preflight). Reads a clone of the response, so the
   * caller's body is untouched. A violation is recorded and returned, never thrown here.
   */
  async check(
    method: string,
    url: string,
    requestHeaders: Headers,
    response: Response,
  ): Promise<ResponseCheck | undefined> {
    const target = classify(new URL(url))
    if (target.api === null) return undefined
    // A CORS preflight is answered by the local server's CORS layer, not by either API.
    if (method.toUpperCase() === 'OPTIONS' && requestHeaders.has('access-control-request-method')) return undefined
    if (target.local && target.api !== 'control' && !isSandboxServer(response.headers)) return undefined
    const body = method.toUpperCase() === 'HEAD' ? '' : await response.clone().text()
    const check = this.validator(target.api).check(
      method,
      target.path,
      { status: response.status, headers: response.headers, body },
      {
        // Faults never apply to the control API (src/engine/handle.ts), whatever the request asks for.
        requestedStatus: target.api === 'control' ? undefined : requestedStatus(requestHeaders),
        local: target.local,
      },
    )
    this.#tally(check)
    if (check.errors.length > 0) this.violations.push(new ContractViolation(`${method.toUpperCase()} ${url}`, check))
    return check
  }

  /**
   * Checks one webhook delivery the sandbox is about to send against the Upvest document's `webhooks`: its
   * signature headers and its body. Returns the violation, also recorded, or undefined when it is within.
   */
  checkDelivery(url: string, headers: Headers, body: string): ContractViolation | undefined {
    const errors = this.validator('upvest').checkWebhook(DELIVERY_WEBHOOK, { headers, body })
    if (errors.length === 0) return undefined
    const violation = new ContractViolation(`webhook delivery POST ${url}`, { api: 'upvest', errors })
    this.violations.push(violation)
    return violation
  }

  #tally(check: ResponseCheck): void {
    const key = `${check.api} ${check.operationId} ${check.method} ${check.path} ${check.status}`
    let tally = this.tallies.get(key)
    if (!tally) {
      tally = { ...check, api: check.api as Api, seen: 0, valid: 0 }
      delete (tally as Partial<ResponseCheck>).errors
      this.tallies.set(key, tally)
    }
    tally.seen++
    if (check.errors.length === 0) tally.valid++
  }
}

type Fetch = typeof globalThis.fetch
const WRAPPED = Symbol.for('wealth-sandbox.contract.fetch')

/** A request's body as text, for a delivery: the sandbox always sends a string. */
function bodyText(input: RequestInfo | URL, init?: RequestInit): Promise<string> {
  if (typeof init?.body === 'string') return Promise.resolve(init.body)
  if (init?.body != null) return new Response(init.body).text()
  return typeof Request !== 'undefined' && input instanceof Request ? input.clone().text() : Promise.resolve('')
}

/**
 * `fetch` that checks every response of the sandbox's APIs with `checker` and rejects, with the violation,
 * when one is outside the contract; a webhook delivery outside the contract is rejected before it is sent.
 * msw's interceptor patches `fetch` on top of this one and calls it for every request, mocked or not, so
 * responses in-process and over HTTP are both seen.
 */
export function checkedFetch(inner: Fetch, checker: () => ContractChecker): Fetch {
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit) => {
    const isRequest = typeof Request !== 'undefined' && input instanceof Request
    const url = isRequest ? input.url : input instanceof URL ? input.href : String(input)
    const method = init?.method ?? (isRequest ? input.method : 'GET')
    const headers = new Headers(init?.headers ?? (isRequest ? input.headers : undefined))
    if (isWebhookDelivery(method, headers)) {
      const violation = checker().checkDelivery(url, headers, await bodyText(input, init))
      if (violation) throw violation
    }
    const response = await inner(input, init)
    const check = await checker().check(method, url, headers, response)
    if (check && check.errors.length > 0) throw checker().violations.at(-1)
    return response
  }
  return Object.assign(wrapped, { [WRAPPED]: inner }) as Fetch
}

/** The `fetch` that `checkedFetch` wrapped, or undefined when `fetch` is not wrapped. */
export function unwrapFetch(fetch: Fetch): Fetch | undefined {
  return (fetch as Fetch & { [WRAPPED]?: Fetch })[WRAPPED]
}
