import type { Sandbox } from '../sandbox/createSandbox.js'
import { DEFAULT_WEBHOOK_TIMEOUT, type SandboxEvent, type TestSandbox } from './TestSandbox.js'

/** The origin whose `__sandbox/...` the in-process control handler answers (the Upvest base's origin). */
export function controlOrigin(sandbox: Sandbox): string {
  return new URL('/', sandbox.baseUrls.upvest).href
}

/** A `TestSandbox` over an in-process `Sandbox` whose handlers (and `controlHandler`) an msw server serves. */
export function localTestSandbox(sandbox: Sandbox, options: { webhookTimeout?: number } = {}): TestSandbox {
  const webhookTimeout = options.webhookTimeout ?? DEFAULT_WEBHOOK_TIMEOUT
  const { control } = sandbox
  return {
    mode: 'in-process',
    id: 'in-process',
    urls: {
      upvest: sandbox.baseUrls.upvest,
      addepar: sandbox.baseUrls.addepar,
      control: new URL('__sandbox/', controlOrigin(sandbox)).href,
    },
    headers: {},
    // Looked up on each call: msw replaces the global fetch when its server listens.
    fetch: (input, init) => globalThis.fetch(input, init),
    control,
    clock: {
      now: async () => sandbox.clock.now(),
      advance: (by) => control.advance(by),
      freeze: () => control.freeze(),
      resume: () => control.resume(),
    },
    webhooks: {
      next: (filter, next = {}) => sandbox.webhooks.next(filter, { timeout: next.timeout ?? webhookTimeout }),
      events: async () =>
        [...sandbox.store.upvestEvents.all()].map(
          (event): SandboxEvent =>
            structuredClone({ id: event.id, created_at: event.created_at, type: event.type, object: event.object }),
        ),
      deliveries: async () => sandbox.webhooks.deliveries(),
    },
    info: () => control.info(),
    reset: async () => {
      await control.reset()
    },
  }
}
