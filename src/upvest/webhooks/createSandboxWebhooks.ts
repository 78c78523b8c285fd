import { accountGroupEvents } from '../accountGroups/accountGroupEvents.js'
import type { UpvestContext } from '../UpvestContext.js'
import { type OutboxEntry, type OutboxFilter, outbox } from './batching/outbox.js'
import { redeliver } from './delivery/redeliver.js'
import { type EmittedEvent, type EventFilter, type NextOptions, toEmitted, webhookEvents } from './webhookEvents.js'

/** `sandbox.webhooks`: the outbox and the events, in-process (Node and browser alike). */
export interface SandboxWebhooks {
  /** Every batch, oldest first, with its events, attempts and state (docs/webhooks.md#outbox), as `GET /__sandbox/webhooks/deliveries`. */
  deliveries(filter?: OutboxFilter): OutboxEntry[]
  /** The oldest event matching `filter` not returned before, waiting for it if need be (see `WebhookEvents`). */
  next(filter?: EventFilter, options?: NextOptions): Promise<EmittedEvent>
  /** Sends a batch now (see `redeliver`); resolves once the attempt is over. */
  redeliver(id: string): Promise<OutboxEntry>
  /**
   * Calls `listener` with every event as it is recorded, with or without subscriptions: how a page, which
   * has no HTTP receiver, sees its webhooks. Returns the unsubscribe.
   */
  subscribe(listener: (event: EmittedEvent) => void): () => void
}

export function createSandboxWebhooks(sandbox: UpvestContext): SandboxWebhooks {
  const events = webhookEvents(sandbox)
  return {
    deliveries: (filter) => outbox(sandbox, filter),
    next: (filter, options) => events.next(filter, options),
    redeliver: (id) => redeliver(sandbox, id),
    subscribe: (listener) => accountGroupEvents(sandbox).subscribe((event) => listener(toEmitted(event))),
  }
}
