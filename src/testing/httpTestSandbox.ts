import type { ControlApi, ScenarioRequest } from '../sandbox/control/ControlApi.js'
import { ControlError } from '../sandbox/control/ControlError.js'
import { createControlClient } from '../sandbox/control/createControlClient.js'
import { type BaseUrls, DEFAULT_BASE_URLS } from '../sandbox/createSandbox.js'
import {
  DEFAULT_WEBHOOK_TIMEOUT,
  type DisposableTestSandbox,
  describeFilter,
  eventMatcher,
  type SandboxDelivery,
  type SandboxEvent,
  type SandboxUrls,
} from './TestSandbox.js'

export const SANDBOX_ID_HEADER = 'x-sandbox-id'

/** How often `webhooks.next()` looks for a new event over HTTP. */
const POLL_MS = 50

export interface HttpTestSandboxOptions {
  /** The provider base URLs that `fetch` (and the Playwright fixture's routing) send to the server instead. */
  providers?: Partial<BaseUrls>
  webhookTimeout?: number
  /** Applied once the sandbox exists: another scenario, a seed, a frozen clock. */
  scenario?: ScenarioRequest
  /** A seed for the server's scenario (when `scenario` is not given); the scenario must be a built-in one. */
  seed?: number
  clock?: 'frozen' | 'real'
  /** The server's `--control-token`, sent as `Authorization: Bearer` on control calls (never on provider calls). */
  controlToken?: string
}

/** The local server's base URLs: Upvest at the root, Addepar under `/api/`, the control API under `/__sandbox/`. */
export function serverUrls(serverUrl: string): SandboxUrls {
  const root = serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`
  return { upvest: root, addepar: new URL('api/', root).href, control: new URL('__sandbox/', root).href }
}

/**
 * Maps a URL of the providers' real origins onto the local server (`https://sandbox.upvest.co/x` becomes
 * `<server>/x`, `https://examplefirm.addepar.com/api/v1/x` becomes `<server>/api/v1/x`); `undefined` for any
 * other URL.
 */
export function providerUrlMapper(
  serverUrl: string,
  providers: Partial<BaseUrls> = {},
): (url: string) => string | undefined {
  const urls = serverUrls(serverUrl)
  const bases = { ...DEFAULT_BASE_URLS, ...providers }
  const pairs: [string, string][] = [
    [bases.addepar, urls.addepar],
    [bases.upvest, urls.upvest],
  ]
  return (url) => {
    for (const [from, to] of pairs) if (url.startsWith(from)) return to + url.slice(from.length)
    return undefined
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * A `TestSandbox` for the sandbox `id` of the local server at `serverUrl`: every request carries
 * `x-sandbox-id: id`, and `dispose()` drops the sandbox from the server. Events for `webhooks.next()` are
 * read from `GET /__sandbox/upvest/events`, the recorded events alone (a snapshot would carry the whole store).
 */
export function httpTestSandbox(
  serverUrl: string,
  id: string,
  options: HttpTestSandboxOptions = {},
): DisposableTestSandbox & { prepare(): Promise<void> } {
  const urls = serverUrls(serverUrl)
  const origin = new URL(urls.upvest).origin
  const toServer = providerUrlMapper(serverUrl, options.providers)
  const webhookTimeout = options.webhookTimeout ?? DEFAULT_WEBHOOK_TIMEOUT
  const client = createControlClient(serverUrl, {
    sandboxId: id,
    ...(options.controlToken ? { token: options.controlToken } : {}),
  })
  const headers = { [SANDBOX_ID_HEADER]: id }
  const controlHeaders = options.controlToken
    ? { ...headers, authorization: `Bearer ${options.controlToken}` }
    : headers
  const stopped = new AbortController()
  // Event ids `next()` returned; a reset starts over, as in-process (the same seed makes the same ids again).
  const returned = new Set<string>()
  const forget = <T>(result: Promise<T>): Promise<T> => result.finally(() => returned.clear())

  const control: ControlApi = {
    ...client,
    reset: () => forget(client.reset()),
    loadScenario: (request) => forget(client.loadScenario(request)),
    restore: (snapshot) => forget(client.restore(snapshot)),
  }

  async function events(): Promise<SandboxEvent[]> {
    const response = await fetch(`${serverUrl.replace(/\/$/, '')}/__sandbox/upvest/events`, { headers: controlHeaders })
    if (!response.ok) throw new Error(`GET /__sandbox/upvest/events answered ${response.status}`)
    return ((await response.json()) as { events: SandboxEvent[] }).events
  }

  async function sandboxFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const original = input instanceof Request ? input.url : String(input)
    const target = toServer(original) ?? original
    const requestHeaders = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
    if (new URL(target).origin === origin) requestHeaders.set(SANDBOX_ID_HEADER, id)
    if (input instanceof Request) return fetch(new Request(target, input), { ...init, headers: requestHeaders })
    return fetch(target, { ...init, headers: requestHeaders })
  }

  return {
    mode: 'http',
    id,
    urls,
    headers,
    fetch: sandboxFetch,
    control,
    clock: {
      now: async () => new Date((await client.clock()).now),
      advance: (by) => client.advance(by),
      freeze: () => client.freeze(),
      resume: () => client.resume(),
    },
    webhooks: {
      async next(filter, next = {}) {
        const matches = eventMatcher(filter)
        const timeout = next.timeout ?? webhookTimeout
        const deadline = Date.now() + timeout
        for (;;) {
          for (const event of await events()) {
            if (returned.has(event.id) || !matches(event)) continue
            returned.add(event.id)
            return event
          }
          if (Date.now() >= deadline) {
            throw new Error(`webhooks.next(${describeFilter(filter)}): no such event within ${timeout} ms`)
          }
          await sleep(POLL_MS, stopped.signal)
        }
      },
      events,
      async deliveries() {
        const response = await fetch(new URL('webhooks/deliveries', urls.control), { headers: controlHeaders })
        if (!response.ok)
          throw new ControlError(response.status, `GET /__sandbox/webhooks/deliveries: ${response.status}`)
        return ((await response.json()) as { deliveries: SandboxDelivery[] }).deliveries
      },
    },
    info: () => client.info(),
    reset: async () => {
      await control.reset()
    },
    async prepare() {
      if (options.scenario) await control.loadScenario(options.scenario)
      else if (options.seed !== undefined) {
        await control.loadScenario({ name: (await client.info()).scenario, seed: options.seed })
      }
      if (options.clock === 'frozen') await client.freeze()
    },
    async dispose() {
      stopped.abort(new Error(`sandbox ${id}: the test is over`))
      try {
        await client.dropSandbox(id)
      } catch (error) {
        // Never created (the test made no request) or already evicted: nothing to drop.
        if (!(error instanceof ControlError && error.status === 404)) throw error
      }
    },
  }
}
