import { addeparOpenApi } from '../../../src/addepar/openapi/openapi.js'
import { OpenApiValidator, type ResponseCheck } from '../../../src/contract/OpenApiValidator.js'
import { localRoute } from '../../../src/server/localRoute.js'
import { upvestOpenApi } from '../../../src/upvest/openapi/openapi.js'

// Node-only: decides which HTTP exchanges are the sandbox's Upvest or Addepar API, checks their responses
// against the documents and counts what was seen, for the parity table (src/contract/parity.ts).

export type Api = 'upvest' | 'addepar'

/** Where a request went, as far as the contract is concerned. */
export type Target =
  | { api: Api; path: string; local: boolean }
  | { api: null; reason: 'control API' | 'not a sandbox origin' }

const UPVEST_HOSTS = new Set(['sandbox.upvest.co', 'api.upvest.co'])
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * The API a URL belongs to. Upvest: `sandbox.upvest.co`, `api.upvest.co` and `*.upvest.test` (other
 * origins tests give the handlers). Addepar: `<firm>.addepar.com/api/...` and `api.addepar.com/...`. A
 * local server (127.0.0.1, localhost) splits paths as src/server/localRoute.ts does: `/api/v1` and `/v1`
 * are Addepar, `/__sandbox` is the control API, everything else Upvest. `/__sandbox` is never checked.
 */
export function classify(url: URL): Target {
  const { hostname, pathname } = url
  if (pathname.startsWith('/__sandbox') || pathname.includes('/__sandbox/')) return { api: null, reason: 'control API' }
  if (LOCAL_HOSTS.has(hostname)) {
    const api = localRoute(pathname).api
    if (api === 'control') return { api: null, reason: 'control API' }
    return { api, path: api === 'addepar' && pathname.startsWith('/api/') ? pathname.slice(4) : pathname, local: true }
  }
  if (UPVEST_HOSTS.has(hostname) || hostname.endsWith('.upvest.test'))
    return { api: 'upvest', path: pathname, local: false }
  if (hostname === 'api.addepar.com') return { api: 'addepar', path: pathname, local: false }
  if (hostname.endsWith('.addepar.com') && (pathname === '/api' || pathname.startsWith('/api/'))) {
    return { api: 'addepar', path: pathname.slice(4) || '/', local: false }
  }
  return { api: null, reason: 'not a sandbox origin' }
}

/**
 * Whether a response from a local origin came from the sandbox's own server rather than another local
 * server a test runs (a webhook receiver, say): the sandbox's CORS middleware exposes `upvest-request-id`
 * on every response.
 */
export function isSandboxServer(headers: Headers): boolean {
  return (headers.get('access-control-expose-headers') ?? '').toLowerCase().includes('upvest-request-id')
}

/**
 * A fault the control plane injected on purpose: asked for with `x-sandbox-fault` or `Prefer: code=...`,
 * or from a fault rule, whose error detail says so.
 */
export function isInjectedFault(requestHeaders: Headers, body: string): boolean {
  return (
    requestHeaders.has('x-sandbox-fault') ||
    /\bcode=\d{3}\b/.test(requestHeaders.get('prefer') ?? '') ||
    /"detail":\s*"Injected by the sandbox\b/.test(body)
  )
}

/** How often one (operation, status) was seen, and how often it was within the contract. */
export interface Tally {
  api: Api
  operationId: string
  method: string
  path: string
  status: number
  documented: boolean
  /** Checked as an injected fault of a status the operation does not document. */
  injected?: boolean
  seen: number
  valid: number
}

export class ContractViolation extends Error {
  constructor(
    readonly exchange: string,
    readonly check: ResponseCheck,
  ) {
    super(`${exchange} answered outside the ${check.api} contract:\n  - ${check.errors.join('\n  - ')}`)
    this.name = 'ContractViolation'
  }
}

/** Checks responses against both documents and tallies them. */
export class ContractChecker {
  #validators: Partial<Record<Api, OpenApiValidator>> = {}
  readonly tallies = new Map<string, Tally>()
  readonly violations: ContractViolation[] = []

  validator(api: Api): OpenApiValidator {
    this.#validators[api] ??= new OpenApiValidator(api, api === 'upvest' ? upvestOpenApi() : addeparOpenApi())
    return this.#validators[api]
  }

  /**
   * Checks one exchange; undefined when it is none of the contract's business (another origin, the
   * control API, another local server, a CORS preflight). Reads a clone of the
   * response, so the caller's body is untouched. A violation is recorded and returned, never thrown here.
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
    if (target.local && !isSandboxServer(response.headers)) return undefined
    const body = method.toUpperCase() === 'HEAD' ? '' : await response.clone().text()
    const check = this.validator(target.api).check(
      method,
      target.path,
      { status: response.status, headers: response.headers, body },
      { injected: isInjectedFault(requestHeaders, body), local: target.local },
    )
    this.#tally(check)
    if (check.errors.length > 0) this.violations.push(new ContractViolation(`${method.toUpperCase()} ${url}`, check))
    return check
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

/**
 * `fetch` that checks every response of the sandbox's APIs with `checker` and rejects, with the
 * violation, when one is outside the contract. msw's interceptor patches `fetch` on top of this one and
 * calls it for every request, mocked or not, so responses in-process and over HTTP are both seen.
 */
export function checkedFetch(inner: Fetch, checker: () => ContractChecker): Fetch {
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await inner(input, init)
    const isRequest = typeof Request !== 'undefined' && input instanceof Request
    const url = isRequest ? input.url : input instanceof URL ? input.href : String(input)
    const method = init?.method ?? (isRequest ? input.method : 'GET')
    const headers = new Headers(init?.headers ?? (isRequest ? input.headers : undefined))
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
