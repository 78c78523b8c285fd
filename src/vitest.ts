import { type SetupServer, setupServer } from 'msw/node'
import { test as baseTest } from 'vitest'
import type { ScenarioRequest } from './sandbox/control/ControlApi.js'
import { type BaseUrls, createSandbox, type Sandbox } from './sandbox/createSandbox.js'
import type { ScenarioInput } from './sandbox/scenarios/scenarioSchema.js'
import { httpTestSandbox } from './testing/httpTestSandbox.js'
import { controlOrigin, localTestSandbox } from './testing/localTestSandbox.js'
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

export interface SandboxTestOptions {
  /**
   * `auto` (default): over HTTP when `url` or the `SANDBOX_URL` environment variable is set, else in-process.
   * `http` without a URL starts a local server for the test file (port 0).
   */
  mode?: 'auto' | 'in-process' | 'http'
  /** A running local server, e.g. `http://127.0.0.1:4010`; `SANDBOX_URL` by default. */
  url?: string
  /** That server's `--control-token`; `CONTROL_TOKEN` (the variable the server reads) by default. */
  controlToken?: string
  /** A built-in scenario name or an inline scenario; the server's (over HTTP) or `default` otherwise. */
  scenario?: string | ScenarioInput
  seed?: number
  /** The sandbox clock; by default frozen in-process (time moves by `clock.advance`) and real over HTTP. */
  clock?: 'frozen' | 'real'
  /** How long `webhooks.next()` waits before rejecting, in ms (10 s by default). */
  webhookTimeout?: number
  /**
   * In-process: the origins the sandbox answers (the providers' real ones by default). Over HTTP: the
   * provider origins that `sandbox.fetch` sends to the server instead.
   */
  baseUrls?: Partial<BaseUrls>
  /** In-process: msw's `server.listen()` options, e.g. `{ onUnhandledFrame: 'error' }`. */
  msw?: Parameters<SetupServer['listen']>[0]
}

/** The `sandbox` fixture: a `TestSandbox`, plus the in-process objects when there are any. */
export interface VitestSandbox extends TestSandbox {
  /** In-process: the `Sandbox` itself (`store`, `exportState()`, `handlersFor()`); `undefined` over HTTP. */
  readonly local: Sandbox | undefined
  /** In-process: the file's msw server, for `sandbox.msw.use(...)` (handlers are reset after each test). */
  readonly msw: SetupServer | undefined
}

type Runtime = { mode: 'in-process'; server: SetupServer; busy: boolean } | { mode: 'http'; url: string; own: boolean }

function resolveMode(options: SandboxTestOptions): { mode: 'in-process' } | { mode: 'http'; url?: string } {
  const url = options.url ?? (process.env.SANDBOX_URL || undefined)
  const mode = options.mode ?? 'auto'
  if (mode === 'in-process') return { mode }
  if (mode === 'http' || url) return { mode: 'http', url }
  return { mode: 'in-process' }
}

function scenarioRequest(options: SandboxTestOptions): ScenarioRequest | undefined {
  if (options.scenario === undefined) return undefined
  const seed = options.seed === undefined ? {} : { seed: options.seed }
  return typeof options.scenario === 'string'
    ? { name: options.scenario, ...seed }
    : { scenario: options.scenario, ...seed }
}

/**
 * A Vitest `test` whose tests each get their own sandbox (docs/testing.md#vitest): in-process, one msw
 * server per file answering the providers' real URLs from a new sandbox per test; over HTTP, a unique
 * `x-sandbox-id` per test on one running server, dropped after the test.
 */
export function createSandboxTest(options: SandboxTestOptions = {}) {
  return baseTest
    .extend(
      'sandboxRuntime',
      { scope: 'file', auto: true },
      // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this pattern.
      async ({}, { onCleanup }): Promise<Runtime> => {
        const resolved = resolveMode(options)
        if (resolved.mode === 'in-process') {
          const server = setupServer()
          server.listen(options.msw)
          onCleanup(() => server.close())
          return { mode: 'in-process', server, busy: false }
        }
        if (resolved.url) return { mode: 'http', url: resolved.url.replace(/\/$/, ''), own: false }
        const { startServer } = await import('./server/startServer.js')
        const running = await startServer({ port: 0 })
        onCleanup(() => running.close())
        return { mode: 'http', url: running.url, own: true }
      },
    )
    .extend('sandbox', { auto: true }, async ({ sandboxRuntime, task }, { onCleanup }): Promise<VitestSandbox> => {
      const runtime = sandboxRuntime
      if (runtime.mode === 'in-process') {
        if (runtime.busy) {
          throw new Error(
            'wealth-sandbox/vitest: in-process, the tests of a file share one msw server and run one at a time; ' +
              'for test.concurrent use a running server (SANDBOX_URL or { mode: "http" })',
          )
        }
        const local = await createSandbox({
          scenario: options.scenario,
          seed: options.seed,
          clock: options.clock ?? 'frozen',
          baseUrls: options.baseUrls,
        })
        runtime.busy = true
        runtime.server.resetHandlers(local.controlHandler(controlOrigin(local)), ...local.handlers)
        onCleanup(() => {
          runtime.server.resetHandlers()
          runtime.busy = false
        })
        return {
          ...localTestSandbox(local, { webhookTimeout: options.webhookTimeout }),
          local,
          msw: runtime.server,
        }
      }
      const remote = httpTestSandbox(runtime.url, testSandboxId('vitest', task.name), {
        providers: options.baseUrls,
        webhookTimeout: options.webhookTimeout,
        scenario: scenarioRequest(options),
        seed: options.scenario === undefined ? options.seed : undefined,
        clock: options.clock,
        controlToken: runtime.own ? undefined : (options.controlToken ?? (process.env.CONTROL_TOKEN || undefined)),
      })
      onCleanup(() => remote.dispose())
      await remote.prepare()
      const { dispose: _dispose, prepare: _prepare, ...sandbox } = remote
      return { ...sandbox, local: undefined, msw: undefined }
    })
}

/**
 * Vitest's `test` with a `sandbox` fixture: a fresh sandbox for every test, in-process unless
 * `SANDBOX_URL` names a running server. `createSandboxTest(options)` makes one with other options.
 */
export const test = createSandboxTest()
export const it = test
export { describe, expect } from 'vitest'
