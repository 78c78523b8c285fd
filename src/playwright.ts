import { type BrowserContext, test as base, type Page, type Route } from 'playwright/test'
import type { ScenarioRequest } from './sandbox/control/ControlApi.js'
import type { BaseUrls } from './sandbox/createSandbox.js'
import type { ScenarioInput } from './sandbox/scenarios/scenarioSchema.js'
import type { StartServerOptions } from './server/startServer.js'
import { httpTestSandbox, providerUrlMapper, serverUrls } from './testing/httpTestSandbox.js'
import { type TestSandbox, testSandboxId } from './testing/TestSandbox.js'

export type {
  NextEventOptions,
  SandboxDelivery,
  SandboxEvent,
  SandboxEventFilter,
  SandboxUrls,
  TestClock,
  TestSandbox,
  TestWebhooks,
} from './testing/TestSandbox.js'

/** What each test's new sandbox starts as. */
export interface SandboxSetup {
  /** A built-in scenario name or an inline scenario; the server's by default. */
  scenario?: string | ScenarioInput
  seed?: number
  /** `real` (the local server's default) or `frozen` (time moves only by `sandbox.clock.advance`). */
  clock?: 'frozen' | 'real'
  /** How long `sandbox.webhooks.next()` waits before rejecting, in ms (10 s by default). */
  webhookTimeout?: number
}

export interface SandboxTestOptions {
  /** Set-up of each test's sandbox. */
  sandboxSetup: SandboxSetup
  /**
   * Also send the browser's requests to the providers' real URLs (`https://sandbox.upvest.co/...`,
   * `https://examplefirm.addepar.com/api/...`, or the origins given here) to the test's sandbox. `true` by
   * default; `false` leaves them alone.
   */
  sandboxRouteProviders: boolean | Partial<BaseUrls>
}

export interface SandboxWorkerOptions {
  /** A running local server for every worker, e.g. `http://127.0.0.1:4010`; `SANDBOX_URL` by default. */
  sandboxUrl: string | undefined
  /** That server's `--control-token`; `CONTROL_TOKEN` (the variable the server reads) by default. */
  sandboxControlToken: string | undefined
  /** Without `sandboxUrl` or `SANDBOX_URL`, each worker starts its own server (port 0) with these options. */
  sandboxServerOptions: Omit<StartServerOptions, 'port'>
}

export interface SandboxFixtures {
  /**
   * This test's own sandbox (docs/testing.md#playwright): every request of the test's browser context to the
   * server carries its `x-sandbox-id`; the same helpers as in Vitest (`fetch`, `clock`, `webhooks`, `control`).
   */
  sandbox: TestSandbox
}

export interface SandboxWorkerFixtures {
  /** The server this worker's tests use: its URL and control token. */
  sandboxServer: { url: string; controlToken: string | undefined }
}

// Hop-by-hop and computed headers that must not be copied from the browser's request to Node's fetch, or
// from that answer back to the browser (Node's fetch has already decoded the body).
const REQUEST_SKIP = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding', 'expect'])
const RESPONSE_SKIP = new Set(['connection', 'content-length', 'content-encoding', 'keep-alive', 'transfer-encoding'])

function copyHeaders(headers: Record<string, string>, skip: Set<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !skip.has(name.toLowerCase())))
}

/** Answers a request to a provider's real URL from the sandbox server, with the test's `x-sandbox-id`. */
async function answerFromServer(route: Route, url: string, sandbox: TestSandbox): Promise<void> {
  const request = route.request()
  const body = request.postDataBuffer()
  const response = await fetch(url, {
    method: request.method(),
    headers: { ...copyHeaders(request.headers(), REQUEST_SKIP), ...sandbox.headers },
    body: body && !['GET', 'HEAD'].includes(request.method()) ? new Uint8Array(body) : undefined,
    redirect: 'manual',
  })
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (!RESPONSE_SKIP.has(name)) headers[name] = value
  })
  await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) })
}

/**
 * Sends every request of `target` (a browser context or a page) that goes to the sandbox server to `sandbox`
 * (adding its `x-sandbox-id`), and with `providers` those to the providers' real URLs too. The `sandbox`
 * fixture does this for the test's own context; call it for contexts a test opens itself.
 */
export async function routeToSandbox(
  target: BrowserContext | Page,
  sandbox: TestSandbox,
  options: { providers?: boolean | Partial<BaseUrls> } = {},
): Promise<void> {
  const { providers = true } = options
  const origin = new URL(sandbox.urls.upvest).origin
  const toServer =
    providers === false ? () => undefined : providerUrlMapper(sandbox.urls.upvest, providers === true ? {} : providers)
  await target.route(
    (url) => url.origin === origin || toServer(url.href) !== undefined,
    async (route) => {
      const request = route.request()
      const mapped = toServer(request.url())
      if (mapped === undefined) await route.fallback({ headers: { ...request.headers(), ...sandbox.headers } })
      else await answerFromServer(route, mapped, sandbox)
    },
  )
}

function scenarioRequest(setup: SandboxSetup): ScenarioRequest | undefined {
  if (setup.scenario === undefined) return undefined
  const seed = setup.seed === undefined ? {} : { seed: setup.seed }
  return typeof setup.scenario === 'string' ? { name: setup.scenario, ...seed } : { scenario: setup.scenario, ...seed }
}

/**
 * Playwright's `test` with a `sandbox` fixture (set up for every test, used or not): one server per worker
 * (or the one at `sandboxUrl` / `SANDBOX_URL`) and a new sandbox per test, selected by `x-sandbox-id` on
 * every request the test's browser context sends to it and dropped after the test.
 */
export const test = base.extend<SandboxTestOptions & SandboxFixtures, SandboxWorkerOptions & SandboxWorkerFixtures>({
  sandboxUrl: [undefined, { option: true, scope: 'worker' }],
  sandboxControlToken: [undefined, { option: true, scope: 'worker' }],
  sandboxServerOptions: [{}, { option: true, scope: 'worker' }],
  sandboxSetup: [{}, { option: true }],
  sandboxRouteProviders: [true, { option: true }],
  sandboxServer: [
    async ({ sandboxUrl, sandboxControlToken, sandboxServerOptions }, use) => {
      const url = sandboxUrl ?? (process.env.SANDBOX_URL || undefined)
      if (url) {
        const controlToken = sandboxControlToken ?? (process.env.CONTROL_TOKEN || undefined)
        await use({ url: url.replace(/\/$/, ''), controlToken })
        return
      }
      const { startServer } = await import('./server/startServer.js')
      const running = await startServer({ ...sandboxServerOptions, port: 0 })
      await use({ url: running.url, controlToken: sandboxServerOptions.controlToken })
      await running.close()
    },
    { scope: 'worker' },
  ],
  sandbox: [
    async ({ sandboxServer, sandboxSetup, sandboxRouteProviders, context }, use, testInfo) => {
      const prefix = `pw${testInfo.workerIndex}${testInfo.repeatEachIndex ? `r${testInfo.repeatEachIndex}` : ''}`
      const remote = httpTestSandbox(sandboxServer.url, testSandboxId(prefix, testInfo.title), {
        controlToken: sandboxServer.controlToken,
        providers: typeof sandboxRouteProviders === 'object' ? sandboxRouteProviders : undefined,
        webhookTimeout: sandboxSetup.webhookTimeout,
        scenario: scenarioRequest(sandboxSetup),
        seed: sandboxSetup.scenario === undefined ? sandboxSetup.seed : undefined,
        clock: sandboxSetup.clock,
      })
      await remote.prepare()
      const { dispose, prepare: _prepare, ...sandbox } = remote
      await routeToSandbox(context, sandbox, { providers: sandboxRouteProviders })
      await use(sandbox)
      await dispose()
    },
    { auto: true },
  ],
})

export { expect } from 'playwright/test'
/** The local server's base URLs for a server URL: Upvest at the root, Addepar under `/api/`, control under `/__sandbox/`. */
export { serverUrls }
