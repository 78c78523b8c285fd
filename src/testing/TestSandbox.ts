import type { ClockState, ControlApi } from '../sandbox/control/ControlApi.js'
import type { Sandbox, SandboxInfo } from '../sandbox/createSandbox.js'

/** An Upvest event as `sandbox.webhooks.next()` returns it: `{ id, created_at, type, object }`. */
export type SandboxEvent = Awaited<ReturnType<Sandbox['webhooks']['next']>>
/** An event type (`ACCOUNT_GROUP.CLOSED`), a category (`ACCOUNT_GROUP`) or a predicate. */
export type SandboxEventFilter = NonNullable<Parameters<Sandbox['webhooks']['next']>[0]>
/** One batch of the webhook outbox (docs/webhooks.md#outbox). */
export type SandboxDelivery = ReturnType<Sandbox['webhooks']['deliveries']>[number]

/** Base URLs of one test's sandbox, each ending with `/`. */
export interface SandboxUrls {
  /** Where Upvest's `https://sandbox.upvest.co/` is answered. */
  upvest: string
  /** Where Addepar's `https://<firm>.addepar.com/api/` is answered. */
  addepar: string
  /** The control API (`.../__sandbox/`). */
  control: string
}

export interface TestClock {
  /** The sandbox's time. */
  now(): Promise<Date>
  /** Moves the sandbox's time forward (`'5s'`, `'10m'` or ms), running every job that falls due on the way. */
  advance(by: string | number): Promise<ClockState>
  freeze(): Promise<ClockState>
  resume(): Promise<ClockState>
}

export interface NextEventOptions {
  /** Milliseconds of wall-clock time to wait before rejecting; the fixture's `webhookTimeout` by default. */
  timeout?: number
}

export interface TestWebhooks {
  /**
   * The oldest event matching `filter` that no earlier `next()` of this test returned, waiting for it if need be.
   * Needs no subscription and no receiver.
   */
  next(filter?: SandboxEventFilter, options?: NextEventOptions): Promise<SandboxEvent>
  /** Every event recorded so far, oldest first. */
  events(): Promise<SandboxEvent[]>
  /** The webhook outbox: batches for the subscriptions, oldest first. */
  deliveries(): Promise<SandboxDelivery[]>
}

/**
 * One test's own sandbox, the same shape in-process and over HTTP (docs/testing.md#helpers): requests made
 * with `fetch` (or with `headers` and `urls`) reach this sandbox and no other.
 */
export interface TestSandbox {
  /** `in-process` (msw answers the providers' real URLs in this process) or `http` (a running local server). */
  readonly mode: 'in-process' | 'http'
  /** The `x-sandbox-id` over HTTP; `in-process` in-process. */
  readonly id: string
  readonly urls: SandboxUrls
  /** Headers that select this sandbox: `{ 'x-sandbox-id': id }` over HTTP, none in-process. */
  readonly headers: Readonly<Record<string, string>>
  /**
   * `fetch` with the isolation applied. The providers' real URLs (`https://sandbox.upvest.co/...`,
   * `https://examplefirm.addepar.com/api/...`) work in both modes: over HTTP they go to the server.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
  /** The control API of this sandbox (reset, clock, scenario, snapshot, faults, journal, overview). */
  readonly control: ControlApi
  readonly clock: TestClock
  readonly webhooks: TestWebhooks
  /** The scenario, seed, clock and every test credential. */
  info(): Promise<SandboxInfo>
  /** Back to the seeded state of the loaded scenario. */
  reset(): Promise<void>
}

/** Internal: what a fixture tears down after its test. */
export interface DisposableTestSandbox extends TestSandbox {
  dispose(): Promise<void>
}

export const DEFAULT_WEBHOOK_TIMEOUT = 10_000

export function eventMatcher(filter: SandboxEventFilter | undefined): (event: SandboxEvent) => boolean {
  if (filter === undefined) return () => true
  if (typeof filter === 'function') return filter
  return (event) => event.type === filter || event.type.startsWith(`${filter}.`)
}

export function describeFilter(filter: SandboxEventFilter | undefined): string {
  return typeof filter === 'string' ? JSON.stringify(filter) : filter ? 'predicate' : ''
}

/**
 * A sandbox id for one test: readable in the inspector and `GET /__sandbox/sandboxes` (a prefix and the
 * test's title), unique thanks to a random suffix.
 */
export function testSandboxId(prefix: string, title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  const random = globalThis.crypto.randomUUID().slice(0, 8)
  return [prefix, slug, random].filter(Boolean).join('-')
}
